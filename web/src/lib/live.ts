// The live stream: fetch() with the Authorization header (EventSource can't send one), parsing
// server-sent events by hand. On any end of the stream it reconnects with Last-Event-ID = the last
// global position received, so the server replays what was missed; positions are de-duplicated here.
// The feed lives outside any component, so it survives a language switch or a drill-down.
import { reactive } from 'vue';
import { session } from './session';

export interface LiveEvent {
  position: number;
  type: string;
  label: { zh: string; en: string };
  occurredAt: string;
  caseCode: string;
  caseId?: string;
  areaCode: string | null;
  handlingCenter: string | null;
  category?: string;
  risk?: string;
}

declare global {
  interface Window {
    __live: { positions: number[]; connects: number; resets: number };
  }
}

export const live = reactive<{ on: boolean; feed: LiveEvent[] }>({ on: false, feed: [] });
const listeners = new Set<(e: LiveEvent) => void>();
let lastId: number | null = null;
let running: AbortController | null = null;
let startedFor: string | null = null;
const FEED_SIZE = 40;

export function onLive(fn: (e: LiveEvent) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Starts (once per sign-in) `back` positions before `position`, so the feed shows recent activity at once. */
export function startLive(position: number, back = 200): void {
  if (startedFor === session.token && running) return;
  stopLive();
  startedFor = session.token;
  window.__live = { positions: [], connects: 0, resets: 0 };
  lastId = Math.max(0, position - back);
  live.feed = [];
  running = new AbortController();
  void run(running.signal);
}

export function stopLive(): void {
  running?.abort();
  running = null;
  live.on = false;
}

async function run(signal: AbortSignal) {
  let backoff = 250;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' };
      if (lastId !== null) headers['last-event-id'] = String(lastId);
      const res = await fetch('/api/live', { headers, signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`live ${res.status}`);
      window.__live.connects++;
      live.on = true;
      backoff = 250;
      await read(res.body.getReader());
    } catch {
      if (signal.aborted) return;
    }
    live.on = false;
    if (signal.aborted) return;
    await new Promise((r) => setTimeout(r, backoff)); // reconnect delay, not a wait for an effect
    backoff = Math.min(backoff * 2, 5000);
  }
}

async function read(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      dispatch(buf.slice(0, cut));
      buf = buf.slice(cut + 2);
    }
  }
}

function dispatch(block: string) {
  let id: number | null = null;
  let type = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') type = value;
    else if (field === 'data') data += value;
  }
  if (type === 'reset') {
    window.__live.resets++;
    return;
  }
  if (type !== 'case' || id === null) return;
  if (lastId !== null && id <= lastId) return; // never twice
  lastId = id;
  window.__live.positions.push(id);
  const e = JSON.parse(data) as LiveEvent;
  live.feed = [e, ...live.feed].slice(0, FEED_SIZE);
  for (const fn of listeners) fn(e);
}
