import type { RecordedEvent } from './port.js';

/**
 * The most recently read stretch of the global log, by position. An embedded process runs several
 * subscriptions (views, warnings, reactions, the deadline watcher, the live hub) that trail the
 * head together: the first to read a fresh page pays the SQL read, the rest get the same event
 * objects — and, since data is parsed lazily and at most once per object, one JSON.parse per event
 * for the whole process instead of one per subscriber. Stored events never change, so a cached
 * event is never stale. A ring indexed by position: constant memory, no eviction bookkeeping.
 */
export class RecentEvents {
  readonly #ring: (RecordedEvent | undefined)[];

  constructor(readonly capacity: number) {
    this.#ring = new Array<RecordedEvent | undefined>(capacity);
  }

  /** Up to `limit` cached events right after `after`, stopping at the first one not held. */
  page(after: bigint, limit: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (let position = Number(after) + 1; out.length < limit; position++) {
      const event = this.#ring[position % this.capacity];
      if (event === undefined || event.position !== BigInt(position)) break;
      out.push(event);
    }
    return out;
  }

  remember(event: RecordedEvent): RecordedEvent {
    this.#ring[Number(event.position) % this.capacity] = event;
    return event;
  }
}
