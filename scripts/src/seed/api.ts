import type { Actor } from '@zz/contracts';
import { signToken } from '@zz/http';

export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** The public HTTP API as the seed uses it: tokens for any role and center, JSON in and out. */
export function seedApi(baseUrl: string, jwtSecret: string) {
  const tokens = new Map<string, string>();
  const token = (role: Actor['role'], centerCode: string, userId = `demo-${role}-${centerCode}`) => {
    const key = `${role}|${centerCode}|${userId}`;
    let t = tokens.get(key);
    if (!t) tokens.set(key, (t = `Bearer ${signToken(jwtSecret, { userId, role, centerCode }, { expiresIn: '12h' })}`));
    return t;
  };
  const call = async (method: 'GET' | 'POST', path: string, auth: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  return {
    token,
    get: (path: string, auth: string) => call('GET', path, auth),
    post: (path: string, auth: string, body: unknown) => call('POST', path, auth, body),
    /** Moves the demo clock (demo mode only); throws when the server refuses. */
    async clockTo(at: Date): Promise<void> {
      const r = await call('POST', '/api/demo/clock', token('admin', '230300', 'demo-seed'), { to: at.toISOString() });
      if (r.status !== 200) throw new Error(`演示时钟 demo clock → ${r.status} ${JSON.stringify(r.json)}`);
    },
  };
}
export type SeedApi = ReturnType<typeof seedApi>;
