import type { RegionDirectory } from '@zz/contracts';
import { InvalidPositionError, type EventStore, type RecordedEvent, type Subscription } from '@zz/eventstore';
import { CaseScopes, type ScopeLookup } from './case-scopes.js';
import { isInternalEvent, scopeChange, sseFrame, toLiveEvent, type LiveEvent } from './live-event.js';

/** One connected viewer: its center decides which events it gets. */
export interface LiveViewer {
  center: string;
  /** Receives a ready SSE frame and its event; returns false when the client can't keep up (it is then dropped). */
  send(frame: string, event: LiveEvent): boolean;
  /** Asks the transport to end the connection (the client resumes with Last-Event-ID). */
  drop(): void;
}

export interface LiveConnection {
  /** Position of the last event handed to this viewer (or the position it resumed after). */
  readonly lastSent: number;
  close(): void;
}

export interface LiveHubOptions {
  store: EventStore;
  regions: RegionDirectory;
  lookup: ScopeLookup;
  /**
   * Most events replayed after a reconnect (counted: positions are byte offsets on EventStoreDB, not
   * counts); further behind, or resuming from a position the store never gave out, the client is
   * told to reload (event `reset`). Default 20,000.
   */
  maxReplay?: number;
  onError?: (error: unknown) => void;
}

interface Subscriber {
  viewer: LiveViewer;
  lastSent: number;
  /** Live events held while this subscriber's replay runs. */
  buffer: { frame: string; event: LiveEvent }[] | null;
  closed: boolean;
}

/**
 * Fans the global log out to connected viewers. One store subscription for the whole process; each
 * event is shaped once (no personal data), scoped once, serialised once, then written to every
 * viewer whose center's area holds the case's area or its handling center (the API's canSee).
 *
 * Resume: a viewer connecting with Last-Event-ID = p is registered first (buffering live events
 * after the hub's current position h), then replayed from the store over (p, h], then handed its
 * buffer and turned live. Every position is sent at most once, in order (lastSent guards it).
 */
export class LiveHub {
  readonly #store: EventStore;
  readonly #regions: RegionDirectory;
  readonly #scopes: CaseScopes;
  readonly #maxReplay: number;
  readonly #subscribers = new Set<Subscriber>();
  readonly #onError: (error: unknown) => void;
  #position = 0;
  #subscription: Subscription | null = null;
  #loop: Promise<void> | null = null;
  #startedAt: Promise<void> | null = null;
  /** Called after each event is delivered (bench and tests watch fan-out progress). */
  onDelivered: ((e: LiveEvent) => void) | null = null;

  constructor(options: LiveHubOptions) {
    this.#store = options.store;
    this.#regions = options.regions;
    this.#scopes = new CaseScopes(options.lookup);
    this.#maxReplay = options.maxReplay ?? 20_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Starts following the log from its current head (live only; history is served by replays). */
  start(): Promise<void> {
    this.#startedAt ??= (async () => {
      this.#position = Number(await this.#store.headPosition());
      this.#subscription = this.#store.subscribe({ after: BigInt(this.#position) });
      this.#loop = (async () => {
        try {
          for await (const e of this.#subscription!) this.#publish(e);
        } catch (err) {
          this.#onError(err);
        }
      })();
    })();
    return this.#startedAt;
  }

  /** Position of the last event fanned out. */
  position(): number {
    return this.#position;
  }

  get connections(): number {
    return this.#subscribers.size;
  }

  mayView(center: string, ev: Pick<LiveEvent, 'areaCode' | 'handlingCenter'>): boolean {
    return (ev.areaCode !== null && this.#regions.isWithin(ev.areaCode, center)) || (ev.handlingCenter !== null && this.#regions.isWithin(ev.handlingCenter, center));
  }

  #shape(e: RecordedEvent, track: boolean): LiveEvent {
    const code = String((e.data as { caseCode?: unknown })?.caseCode ?? (e.metadata as { caseCode?: unknown }).caseCode ?? '');
    const before = code ? this.#scopes.get(code) : undefined;
    const changed = scopeChange(e, before);
    // Only the live path moves scopes forward; a replay of old events must not roll them back.
    if (changed && track && code) this.#scopes.set(code, changed);
    return toLiveEvent(e, changed ?? before);
  }

  #publish(e: RecordedEvent): void {
    if (isInternalEvent(e.type)) {
      this.#position = Number(e.position);
      return;
    }
    const ev = this.#shape(e, true);
    this.#position = ev.position;
    let frame: string | null = null;
    for (const s of this.#subscribers) {
      if (!this.mayView(s.viewer.center, ev)) continue;
      frame ??= sseFrame(ev);
      if (s.buffer) s.buffer.push({ frame, event: ev });
      else this.#deliver(s, frame, ev);
    }
    this.onDelivered?.(ev);
  }

  #deliver(s: Subscriber, frame: string, ev: LiveEvent): void {
    if (s.closed || ev.position <= s.lastSent) return;
    s.lastSent = ev.position;
    if (!s.viewer.send(frame, ev)) {
      // Too slow: end it; the client resumes from what it has, so nothing is lost.
      s.closed = true;
      this.#subscribers.delete(s);
      s.viewer.drop();
    }
  }

  /**
   * Connects a viewer. With `lastEventId` the events after it are replayed first (those in the
   * viewer's jurisdiction), then live ones follow, none missed and none twice.
   */
  async connect(viewer: LiveViewer, lastEventId: number | null, onReset?: () => void): Promise<LiveConnection> {
    await this.start();
    const from = lastEventId ?? this.#position;
    const until = this.#position;
    const s: Subscriber = { viewer, lastSent: from, buffer: lastEventId !== null && from < until ? [] : null, closed: false };
    this.#subscribers.add(s);
    const connection: LiveConnection = {
      get lastSent() {
        return s.lastSent;
      },
      close: () => {
        s.closed = true;
        this.#subscribers.delete(s);
      },
    };
    if (s.buffer) {
      try {
        if (!(await this.#replayFits(from, until))) {
          // Too far behind for a replay: the client reloads its snapshots and continues live.
          s.lastSent = until;
          onReset?.();
        } else {
          for await (const e of this.#store.readAll({ after: BigInt(from) })) {
            if (s.closed || Number(e.position) > until) break;
            const ev = this.#shape(e, false);
            if (!isInternalEvent(e.type) && this.mayView(viewer.center, ev)) this.#deliver(s, sseFrame(ev), ev);
            else s.lastSent = Math.max(s.lastSent, ev.position);
          }
          s.lastSent = Math.max(s.lastSent, until);
        }
      } finally {
        const held = s.buffer;
        s.buffer = null;
        for (const b of held) this.#deliver(s, b.frame, b.event);
      }
    }
    return connection;
  }

  /** Whether (from, until] holds at most maxReplay events (a bounded read that only counts) and `from` is a real position. */
  async #replayFits(from: number, until: number): Promise<boolean> {
    let count = 0;
    try {
      for await (const e of this.#store.readAll({ after: BigInt(from), maxCount: this.#maxReplay + 1 })) {
        if (Number(e.position) > until) break;
        count++;
      }
    } catch (err) {
      if (err instanceof InvalidPositionError) return false;
      throw err;
    }
    return count <= this.#maxReplay;
  }

  /** Ends every connection (server-side), e.g. on shutdown or in a resume test. */
  dropAll(): void {
    for (const s of [...this.#subscribers]) {
      s.closed = true;
      this.#subscribers.delete(s);
      s.viewer.drop();
    }
  }

  async close(): Promise<void> {
    this.dropAll();
    await this.#startedAt;
    await this.#subscription?.close();
    await this.#loop;
  }
}
