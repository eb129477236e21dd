import type { RecordedEvent, Subscription } from './port.js';

/** Reads the log synchronously: up to `limit` events strictly after `after`, in position order. */
export type PageReader = (after: bigint, limit: number) => RecordedEvent[];

/**
 * A catch-up subscription over a table-backed log. It never buffers pushed events: a wake-up
 * (after an in-process commit, or from the cross-process poller) only makes it read the table
 * again from its last delivered position. So every event is delivered exactly once and in
 * position order, however the subscription's start interleaves with concurrent writes.
 * Memory is bounded by one page.
 */
export class PagedSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  #last: bigint;
  #page: RecordedEvent[] = [];
  #index = 0;
  #waiter: (() => void) | null = null;
  #closed = false;

  constructor(
    private readonly readPage: PageReader,
    after: bigint,
    private readonly pageSize: number,
    private readonly onClose: (s: PagedSubscription) => void,
  ) {
    this.#last = after;
  }

  /** Something may have been committed: re-read if waiting. */
  wake(): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      if (this.#index < this.#page.length) {
        const event = this.#page[this.#index++] as RecordedEvent;
        return { done: false, value: event };
      }
      this.#page = this.readPage(this.#last, this.pageSize);
      this.#index = 0;
      const lastOfPage = this.#page[this.#page.length - 1];
      if (lastOfPage) {
        this.#last = lastOfPage.position;
        continue;
      }
      // Set synchronously after the empty read: any later commit notifies us in a later task.
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
