/**
 * EventStoreDB / KurrentDB adapter (@eventstore/db-client 6.x): the distributed runtime's store.
 * Positions are $all commit positions: strictly increasing, not gap-free.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamSubscription,
  type Position,
} from '@eventstore/db-client';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.js';
import {
  fromEsdbCurrentRevision,
  fromEsdbEvent,
  positionOf,
  resumeFrom,
  toEsdbEvent,
  toEsdbExpectedRevision,
  userEventOf,
} from './esdb-mapping.js';

/** The part of the ESDB client this adapter uses (a fake implements just this in tests). */
export type EsdbClientLike = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll'>;

export interface EsdbResubscribeBackoff {
  /** First wait after a dropped subscription. Default 100 ms. */
  initialMs: number;
  /** Upper bound of the doubling wait. Default 5000 ms. */
  maxMs: number;
}

export type EsdbEventStoreOptions = ({ connectionString: string } | { client: EsdbClientLike }) & {
  resubscribeBackoff?: EsdbResubscribeBackoff;
  /** Called when a live subscription dropped and is being re-established (for logs/metrics). */
  onSubscriptionDropped?: (error: unknown, attempt: number) => void;
};

export function openEsdbEventStore(opts: EsdbEventStoreOptions): EventStore {
  if ('client' in opts) return new EsdbStore(opts.client, null, opts);
  const client = EventStoreDBClient.connectionString(opts.connectionString);
  return new EsdbStore(client, () => client.dispose(), opts);
}

class EsdbStore implements EventStore {
  readonly #subscriptions = new Set<EsdbSubscription>();

  constructor(
    private readonly client: EsdbClientLike,
    private readonly dispose: (() => Promise<void>) | null,
    private readonly opts: Omit<EsdbEventStoreOptions, 'connectionString' | 'client'>,
  ) {}

  async append(streamId: string, events: EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const { expectedRevision } = options;
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEsdbEvent), {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
      // The server reports the commit position of the append; fall back to the head if absent.
      const position = result.position ? result.position.commit : await this.headPosition();
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        throw new WrongExpectedRevisionError(streamId, expectedRevision, fromEsdbCurrentRevision(error.actualVersion));
      throw error;
    }
  }

  async readStream(streamId: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { fromRevision: options?.fromRevision ?? 'start', direction: FORWARDS });
      for await (const resolved of read) if (resolved.event) out.push(fromEsdbEvent(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const after = options?.after ?? 0n;
    let remaining = options?.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    // This client's readAll takes no server-side filter (subscribeToAll does): types are skipped here.
    const types = options?.types ? new Set(options.types) : null;
    // One forward read of $all (flow-controlled by gRPC); fromPosition is inclusive, so drop `after`.
    const read = this.client.readAll({ fromPosition: resumeFrom(after), direction: FORWARDS });
    try {
      for await (const resolved of read) {
        const event = userEventOf(resolved);
        if (!event || positionOf(event) <= after || (types && !types.has(event.type))) continue;
        yield fromEsdbEvent(event);
        if (--remaining <= 0) return;
      }
    } finally {
      read.destroy();
    }
  }

  subscribe(options?: SubscribeOptions): Subscription {
    const subscription = new EsdbSubscription(this.client, options?.after ?? 0n, this.opts, (s) => this.#subscriptions.delete(s));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    // Walk $all backwards to the last user event: system events ($stats…) are skipped.
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS });
    try {
      for await (const resolved of read) {
        const event = userEventOf(resolved);
        if (event) return positionOf(event);
      }
    } finally {
      read.destroy();
    }
    return 0n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.dispose?.();
  }
}

/**
 * Catch-up subscription to $all without system events. When the server connection drops, it
 * resubscribes from the last delivered position after a doubling, bounded wait.
 */
class EsdbSubscription implements Subscription {
  #closed = false;
  #current: AllStreamSubscription | null = null;
  #wakeBackoff: (() => void) | null = null;
  readonly #events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly client: EsdbClientLike,
    after: bigint,
    private readonly opts: Omit<EsdbEventStoreOptions, 'connectionString' | 'client'>,
    private readonly onClose: (s: EsdbSubscription) => void,
  ) {
    this.#events = this.#run(after);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.#events.next(),
      return: async () => {
        await this.close();
        return this.#events.return(undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose(this);
    this.#wakeBackoff?.();
    const current = this.#current;
    if (current) {
      await current.unsubscribe().catch(() => undefined);
      current.destroy(); // ends a pending for-await on it
    }
  }

  async *#run(after: bigint): AsyncGenerator<RecordedEvent> {
    let last: { position: bigint; full: Position | undefined } = { position: after, full: undefined };
    let attempt = 0;
    while (!this.#closed) {
      const subscription = this.client.subscribeToAll({
        fromPosition: resumeFrom(last.full ?? last.position),
        filter: excludeSystemEvents(),
      });
      this.#current = subscription;
      try {
        for await (const resolved of subscription) {
          if (this.#closed) return;
          attempt = 0;
          const event = userEventOf(resolved);
          if (!event) continue;
          const position = positionOf(event);
          if (position <= last.position) continue; // resumed positions are inclusive on some paths
          last = { position, full: event.position };
          yield fromEsdbEvent(event);
        }
        if (this.#closed) return;
        // The server ended the stream without an error: treat it as a drop.
        await this.#backoff(new Error('subscription ended by server'), ++attempt);
      } catch (error) {
        if (this.#closed) return;
        await this.#backoff(error, ++attempt);
      } finally {
        subscription.destroy();
      }
    }
  }

  #backoff(error: unknown, attempt: number): Promise<void> {
    this.opts.onSubscriptionDropped?.(error, attempt);
    const { initialMs, maxMs } = this.opts.resubscribeBackoff ?? { initialMs: 100, maxMs: 5000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 20));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.#wakeBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.#wakeBackoff = null));
  }
}
