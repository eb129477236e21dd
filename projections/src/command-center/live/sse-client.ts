import type { LiveEvent } from './live-event.js';

/** One server-sent event as a Node client reads it. */
export interface SseMessage {
  id: number | null;
  event: string;
  data: string;
}

/**
 * A minimal SSE reader over fetch (Node 20), for tests and the bench: the same wire protocol the
 * browser's reader speaks (Authorization header, Last-Event-ID on resume).
 */
export async function openLiveStream(
  baseUrl: string,
  token: string,
  opts: { lastEventId?: number | null; signal?: AbortSignal; onMessage: (m: SseMessage) => void; onOpen?: () => void },
): Promise<void> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (opts.lastEventId !== undefined && opts.lastEventId !== null) headers['last-event-id'] = String(opts.lastEventId);
  const res = await fetch(`${baseUrl}/api/live`, { headers, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!res.ok || !res.body) throw new Error(`GET /api/live answered ${res.status}`);
  opts.onOpen?.();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const m = parseBlock(block);
        if (m) opts.onMessage(m);
      }
    }
  } catch (err) {
    if ((err as { name?: string }).name !== 'AbortError') throw err;
  }
}

export function parseBlock(block: string): SseMessage | null {
  let id: number | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 && id === null ? null : { id, event, data: data.join('\n') };
}

export const liveEventOf = (m: SseMessage): LiveEvent | null => (m.event === 'case' ? (JSON.parse(m.data) as LiveEvent) : null);
