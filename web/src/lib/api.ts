import { session, signOut } from './session';

export interface FieldError {
  path: string;
  message: string;
}

/** An API error answer: `{ error, message, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

/** JSON call to the public API with the session's bearer token; the only way the app touches data. */
export async function api<T = any>(path: string, opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && session.token && !path.startsWith('/api/auth/login')) signOut();
    throw new ApiError(res.status, json?.error ?? 'http_error', json?.message ?? `HTTP ${res.status}`, json?.details ?? []);
  }
  return json as T;
}

export const post = <T = any>(path: string, body: unknown, headers: Record<string, string> = {}) => api<T>(path, { method: 'POST', body, headers });
