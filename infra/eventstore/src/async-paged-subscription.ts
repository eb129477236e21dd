import type { RecordedEvent, Subscription } from './port.js';

/** Reads the log: up to `limit` events strictly after `after`, in position order. */
export type AsyncPageReader = (after: bigint, limit: number) => Promise<RecordedEvent[]>;

/**
 * The asynchronous twin of PagedSubscription (polled-subscription.ts), for stores read over a
 * network. It never buffers pushed events: a wake-up only makes it read the table again from its
 * last delivered position, so every event is delivered once and in position order. A wake-up that
 * arrives while a read is in flight is remembered (the read may have missed that commit), so the
 * subscription reads again before it waits.
 */
export class AsyncPagedSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  #last: bigint;
  #page: RecordedEvent[] = [];
  #index = 0;
  #wakes = 0;
  #waiter: (() => void) | null = null;
  #closed = false;

  constructor(
    private readonly readPage: AsyncPageReader,
    after: bigint,
    private readonly pageSize: number,
    private readonly onClose: (s: AsyncPagedSubscription) => void,
  ) {
    this.#last = after;
  }

  /** Something may have been committed. */
  wake(): void {
    this.#wakes++;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      if (this.#index < this.#page.length) return { done: false, value: this.#page[this.#index++] as RecordedEvent };
      const wakesBefore = this.#wakes;
      let page: RecordedEvent[];
      try {
        page = await this.readPage(this.#last, this.pageSize);
      } catch (error) {
        // The reader retries what can pass (a database restarting); what it throws is final (an
        // invalid start position): the iteration ends with it and lets go of the store's watcher.
        await this.close();
        throw error;
      }
      if (this.#closed) return { done: true, value: undefined };
      this.#page = page;
      this.#index = 0;
      const lastOfPage = page[page.length - 1];
      if (lastOfPage) {
        this.#last = lastOfPage.position;
        continue;
      }
      if (this.#wakes !== wakesBefore) continue;
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#page = [];
    this.onClose(this);
    this.wake();
  }
}
