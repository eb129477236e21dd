import type { EventStore } from '@zz/eventstore';

/** Where the lag count stops: beyond it the metric means "at least this many". */
export const LAG_COUNT_LIMIT = 10_000;

/**
 * Events in the log after `position`, counted by a bounded read (positions are byte offsets on
 * EventStoreDB, so head − checkpoint is no count of anything).
 */
export async function countEventsAfter(store: EventStore, position: bigint, limit = LAG_COUNT_LIMIT): Promise<bigint> {
  let count = 0n;
  for await (const _ of store.readAll({ after: position, maxCount: limit })) count++;
  return count;
}

/**
 * The relay's lag in events, counted when a batch was not full (near the head: a short read), and
 * otherwise at most once per `intervalMs` (a relay catching up would else read the log twice);
 * between counts it is the last count less the events relayed since.
 */
export class RelayLag {
  #countedAt = Number.NEGATIVE_INFINITY;
  #counted = 0n;
  #relayedSince = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly intervalMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async after(position: bigint, batch: number, batchWasFull: boolean): Promise<bigint> {
    const now = this.now();
    if (!batchWasFull || now - this.#countedAt >= this.intervalMs) {
      this.#counted = await countEventsAfter(this.store, position);
      this.#countedAt = now;
      this.#relayedSince = 0n;
      return this.#counted;
    }
    this.#relayedSince += BigInt(batch);
    const estimate = this.#counted - this.#relayedSince;
    return estimate > 0n ? estimate : 0n;
  }
}
