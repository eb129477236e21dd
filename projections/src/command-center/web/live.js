// Live stream reader: fetch() with the Authorization header (EventSource can't send one), parsing
// server-sent events by hand. On any end of the stream it reconnects with Last-Event-ID = the last
// global position received, so the server replays what was missed; positions are also de-duplicated here.
import { session } from './api.js';

export class LiveStream {
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState ?? (() => {});
    this.lastId = null;
    this.stopped = false;
    this.controller = null;
    // Exposed for the browser tests: every position delivered, and how many times it connected.
    window.__live = { positions: [], connects: 0, resets: 0 };
  }

  /** Starts after `position` (e.g. the snapshot's view position): nothing between snapshot and stream is lost. */
  start(position) {
    if (position != null) this.lastId = position;
    this.#run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  async #run() {
    let backoff = 250;
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        const headers = { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' };
        if (this.lastId != null) headers['last-event-id'] = String(this.lastId);
        const res = await fetch('/api/live', { headers, signal: this.controller.signal, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(`live ${res.status}`);
        window.__live.connects++;
        this.onState(true);
        backoff = 250;
        await this.#read(res.body.getReader());
      } catch (err) {
        if (this.stopped) return;
      }
      this.onState(false);
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, backoff)); // reconnect delay, not a wait for an effect
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  async #read(reader) {
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        this.#dispatch(block);
      }
    }
  }

  #dispatch(block) {
    let id = null, type = 'message', data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'id') id = Number(value);
      else if (field === 'event') type = value;
      else if (field === 'data') data += value;
    }
    if (type === 'reset') { window.__live.resets++; this.onEvent({ type: '__reset' }); return; }
    if (type !== 'case' || id == null) return;
    if (this.lastId != null && id <= this.lastId) return; // never twice
    this.lastId = id;
    window.__live.positions.push(id);
    this.onEvent(JSON.parse(data));
  }
}
