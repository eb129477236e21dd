/**
 * EventStoreDB / KurrentDB adapter (@eventstore/db-client 6.x): the distributed runtime's store.
 * Positions are $all commit positions: strictly increasing, not gap-free.
 */
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, StreamNotFoundError, WrongExpectedVersionError, excludeSystemEvents, type AllStreamSubscription, type Position } from '@eventstore/db-client';
import {
  InvalidPositionError,
  OutcomeUnknownError,
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
import { fromEsdbCurrentRevision, fromEsdbEvent, positionOf, resumeFrom, toEsdbEvent, toEsdbExpectedRevision, userEventOf } from './esdb-mapping.js';
import { isInvalidPosition, isPermanentForSubscription, isTransient, toInvalidPosition } from './esdb-errors.js';

/** The part of the ESDB client this adapter uses (a fake implements just this in tests). */
export type EsdbClientLike = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll'>;

export interface EsdbResubscribeBackoff {
  /** First wait after a dropped subscription. Default 100 ms. */
  initialMs: number;
  /** Upper bound of the doubling wait. Default 5000 ms. */
  maxMs: number;
}

export interface EsdbAppendRetry {
  /** Attempts of an append whose outcome is unknown, the first included. Default 3. */
  attempts: number;
  /** Wait before the second attempt, doubling after. Default 200 ms. */
  initialMs: number;
}

export type EsdbEventStoreOptions = ({ connectionString: string } | { client: EsdbClientLike }) & {
  resubscribeBackoff?: EsdbResubscribeBackoff;
  appendRetry?: EsdbAppendRetry;
  /** Records per $all read call (readAll pages; each call is bounded and cancelled). Default 1000. */
  readPageSize?: number;
  /** Called when a live subscription dropped and is being re-established (for logs/metrics). */
  onSubscriptionDropped?: (error: unknown, attempt: number) => void;
};

type StoreOptions = Omit<EsdbEventStoreOptions, 'connectionString' | 'client'>;

export function openEsdbEventStore(opts: EsdbEventStoreOptions): EventStore {
  if ('client' in opts) return new EsdbStore(opts.client, null, opts);
  const client = EventStoreDBClient.connectionString(opts.connectionString);
  return new EsdbStore(client, () => client.dispose(), opts);
}

/** A read call on the server: every exit path cancels it (destroy() alone leaves the gRPC call open). */
interface CancellableRead<E> extends AsyncIterable<E> {
  cancel(): Promise<void>;
}

async function* cancelling<E>(read: CancellableRead<E>): AsyncGenerator<E> {
  try {
    yield* read;
  } finally {
    await read.cancel();
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class EsdbStore implements EventStore {
  readonly #subscriptions = new Set<EsdbSubscription>();
  readonly #pageSize: number;

  constructor(
    private readonly client: EsdbClientLike,
    private readonly dispose: (() => Promise<void>) | null,
    private readonly opts: StoreOptions,
  ) {
    this.#pageSize = opts.readPageSize ?? 1000;
  }

  /**
   * Appends; an unknown outcome (deadline, lost connection, leader change) is retried with the SAME
   * event ids, which the server answers as an idempotent success when the first attempt was written.
   */
  async append(streamId: string, events: EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const { expectedRevision } = options;
    const { attempts, initialMs } = this.opts.appendRetry ?? { attempts: 3, initialMs: 200 };
    const proposed = events.map(toEsdbEvent); // made once: the ids stay the same across attempts
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpectedRevision(expectedRevision) });
        // throwOnAppendFailure=false (a connection-string key) answers a conflict instead of throwing;
        // its revision is unreliable (batch appends report a boolean there), so read the stream's.
        if (!result.success) throw new WrongExpectedRevisionError(streamId, expectedRevision, await this.#lastRevision(streamId));
        const position = result.position ? result.position.commit : await this.#positionOfAppended(streamId, result.nextExpectedRevision, events[events.length - 1]?.eventId);
        return { nextRevision: result.nextExpectedRevision, position };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) throw new WrongExpectedRevisionError(streamId, expectedRevision, fromEsdbCurrentRevision(error.actualVersion));
        if (!isTransient(error)) throw error;
        if (attempt >= attempts)
          throw new OutcomeUnknownError(
            streamId,
            events.map((e) => e.eventId),
            error,
          );
        await delay(initialMs * 2 ** (attempt - 1));
      }
    }
  }

  /** The stream's last revision, read now (for a conflict answered with success:false). */
  async #lastRevision(streamId: string): Promise<bigint | 'no_stream'> {
    try {
      for await (const resolved of cancelling(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }))) if (resolved.event) return resolved.event.revision;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return 'no_stream';
  }

  /**
   * The server gives no position for an idempotent repeat or an empty append: read it from OUR last
   * event (never the head, which may be another writer's). Stream reads carry positions from 22.6 on;
   * before that, look for the event in the newest part of $all.
   */
  async #positionOfAppended(streamId: string, revision: bigint, lastEventId: string | undefined): Promise<bigint> {
    if (lastEventId === undefined) return this.headPosition();
    for await (const resolved of cancelling(this.client.readStream(streamId, { fromRevision: revision, maxCount: 1 }))) {
      const event = resolved.event;
      if (event && event.id === lastEventId && positionOf(event) > 0n) return positionOf(event);
    }
    for await (const resolved of cancelling(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 10_000 })))
      if (resolved.event?.id === lastEventId) return positionOf(resolved.event);
    return 0n; // not found nearby on a pre-22.6 server: position unknown (README)
  }

  async readStream(streamId: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { fromRevision: options?.fromRevision ?? 'start', direction: FORWARDS });
      for await (const resolved of cancelling(read)) if (resolved.event) out.push(fromEsdbEvent(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /**
   * $all in bounded pages (`maxCount` on every call, each call cancelled when left early). This
   * client's readAll sends no server-side filter, so with `types` every record still crosses the
   * wire and is skipped here (README: filtered reads).
   */
  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const start = options?.after ?? 0n;
    let remaining = options?.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    if (start < 0n) throw new InvalidPositionError(start, 'negative');
    const types = options?.types ? new Set(options.types) : null;
    let from: Position | 'start' = resumeFrom(start);
    let after = start;
    let first = true;
    for (;;) {
      // fromPosition is inclusive: the record at `after` comes back first and is dropped.
      const limit = Math.min(this.#pageSize, types ? this.#pageSize : remaining + (after > 0n ? 1 : 0));
      let records = 0;
      try {
        for await (const resolved of cancelling(this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: limit }))) {
          const record = resolved.event;
          const position = record ? positionOf(record) : (resolved.commitPosition ?? 0n);
          if (first && start > 0n && position !== start) throw new InvalidPositionError(start, 'no record there');
          first = false;
          records++;
          if (position <= after) continue;
          after = position;
          if (record?.position) from = record.position;
          const event = userEventOf(resolved);
          if (!event || (types && !types.has(event.type))) continue;
          yield fromEsdbEvent(event);
          if (--remaining <= 0) return;
        }
      } catch (error) {
        if (start > 0n && isInvalidPosition(error)) throw toInvalidPosition(start, error);
        throw error;
      }
      if (first && start > 0n) throw new InvalidPositionError(start, 'beyond the end of the log');
      if (records < limit) return;
    }
  }

  subscribe(options?: SubscribeOptions): Subscription {
    const subscription = new EsdbSubscription(this, this.client, options?.after ?? 0n, this.opts, (s) => this.#subscriptions.delete(s));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Rejects a start position no record has: one read of one record. */
  async checkPosition(position: bigint): Promise<void> {
    if (position === 0n) return;
    for await (const _ of this.readAll({ after: position, maxCount: 1 })) break;
  }

  async headPosition(): Promise<bigint> {
    // Walk $all backwards to the last user event, system events ($stats…) skipped: one record
    // first (the usual answer), more only when the newest records are system events.
    for (const limit of [1, 64, 4096, 262_144]) {
      let records = 0;
      for await (const resolved of cancelling(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: limit }))) {
        records++;
        const event = userEventOf(resolved);
        if (event) return positionOf(event);
      }
      if (records < limit) return 0n;
    }
    throw new Error('headPosition: no user event among the newest 262,144 records of $all');
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.dispose?.();
  }
}

/**
 * Catch-up subscription to $all without system events. When the server connection drops, it
 * resubscribes from the last delivered position after a doubling, bounded wait; a permanent error
 * (invalid start position, access denied) ends the iteration with that error instead.
 */
class EsdbSubscription implements Subscription {
  #closed = false;
  #current: AllStreamSubscription | null = null;
  #wakeBackoff: (() => void) | null = null;
  readonly #events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly store: EsdbStore,
    private readonly client: EsdbClientLike,
    after: bigint,
    private readonly opts: StoreOptions,
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
      await current.unsubscribe().catch(() => undefined); // cancels the gRPC call
      current.destroy(); // ends a pending for-await on it
    }
  }

  async *#run(after: bigint): AsyncGenerator<RecordedEvent> {
    let last: { position: bigint; full: Position | undefined } = { position: after, full: undefined };
    let attempt = 0;
    // A bigint from a checkpoint is checked once; later resubscriptions start from a delivered event's own position.
    let checked = after === 0n;
    while (!this.#closed) {
      let subscription: AllStreamSubscription | null = null;
      try {
        if (!checked) await this.store.checkPosition(after);
        checked = true;
        if (this.#closed) return;
        subscription = this.client.subscribeToAll({ fromPosition: resumeFrom(last.full ?? last.position), filter: excludeSystemEvents() });
        this.#current = subscription;
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
        if (isPermanentForSubscription(error)) throw isInvalidPosition(error) ? toInvalidPosition(last.position, error) : error;
        await this.#backoff(error, ++attempt);
      } finally {
        if (subscription) {
          // A drop has ended the call already; leaving any other way (close, a permanent error) must cancel it.
          if (!this.#closed) await subscription.unsubscribe().catch(() => undefined);
          subscription.destroy();
        }
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
