import pg from 'pg';
import {
  InvalidPositionError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from './port.js';
import type { AppendOutcome, AppendRequest } from './sqlite-commit.js';
import { GroupCommitQueue } from './group-commit.js';
import { AsyncPagedSubscription } from './async-paged-subscription.js';
import { commitBatch } from './pg-commit.js';
import { CommitWatcher } from './pg-listener.js';
import { ensureSchema } from './pg-schema.js';
import { isTransientDatabaseError, retryDelayMs } from './pg-errors.js';
import { invalidStart } from './gap-free-position.js';

export interface PostgresEventStoreOptions {
  /** e.g. postgres://user@host:5432/zongzhi */
  connectionString: string;
  /** Connections in this process's pool (default 10). Appends use one at a time (group commit). */
  poolSize?: number;
  /** Events per read page for readAll and subscriptions. Default 2000. */
  pageSize?: number;
  /**
   * Fallback for live subscriptions: how often the head is polled in case a NOTIFY was lost.
   * In-process appends wake subscriptions right after their commit; other processes' through
   * LISTEN/NOTIFY. Default 1000 ms. While any subscription is open the timer keeps the process alive.
   */
  pollIntervalMs?: number;
  /** LISTEN for other processes' commits (default true). Off, only polling notices them. */
  listen?: boolean;
}

export interface PostgresEventStore extends EventStore {
  /** Commits (transactions) made by this store and the appends they carried. */
  commitStats(): { commits: number; appends: number };
}

export const DEFAULT_PG_POLL_INTERVAL_MS = 1000;
const DEFAULT_PAGE_SIZE = 2000;

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata';
interface Row {
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

function toRecorded(r: Row): RecordedEvent {
  return {
    eventId: r.event_id,
    type: r.type,
    schemaVersion: r.schema_version,
    occurredAt: r.occurred_at,
    data: r.data,
    metadata: r.metadata,
    streamId: r.stream_id,
    revision: BigInt(r.revision),
    position: BigInt(r.position),
  };
}

/** Opens (and, the first time, creates) the event log in a PostgreSQL database. */
export async function openPostgresEventStore(opts: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.poolSize ?? 10 });
  // An idle connection the server dropped is removed by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  try {
    await ensureSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, opts);
}

class PostgresStore implements PostgresEventStore {
  readonly #pool: pg.Pool;
  readonly #queue: GroupCommitQueue<AppendRequest, AppendOutcome>;
  readonly #pageSize: number;
  readonly #subscriptions = new Set<AsyncPagedSubscription>();
  readonly #watcher: CommitWatcher;
  #closed = false;

  constructor(pool: pg.Pool, opts: PostgresEventStoreOptions) {
    this.#pool = pool;
    this.#pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#watcher = new CommitWatcher({
      connectionString: opts.connectionString,
      listen: opts.listen ?? true,
      pollIntervalMs: opts.pollIntervalMs ?? DEFAULT_PG_POLL_INTERVAL_MS,
      head: () => this.headPosition(),
      onCommit: () => this.#wakeAll(),
    });
    this.#queue = new GroupCommitQueue(async (batch) => {
      const outcomes = await this.#commit(batch);
      if (outcomes.some((o) => o.ok)) this.#wakeAll();
      return outcomes;
    });
  }

  async append(streamId: string, events: EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result!;
  }

  async appendToStreams(parts: StreamAppend[]): Promise<AppendResult[]> {
    if (this.#closed) throw new Error('事件存储已关闭 / event store is closed');
    const outcome = await this.#queue.submit({ parts });
    if (outcome.ok) return outcome.results;
    if (outcome.kind === 'wrong_expected_revision') {
      const part = parts.find((p) => p.streamId === outcome.streamId)!;
      throw new WrongExpectedRevisionError(outcome.streamId, part.expectedRevision, outcome.actual);
    }
    throw new Error(`追加事件失败 / append failed: stream ${parts.map((p) => p.streamId).join(', ')}: ${outcome.message}`);
  }

  async readStream(streamId: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    const { rows } = await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision`, [streamId, (options?.fromRevision ?? 0n).toString()]);
    return rows.map(toRecorded);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    let after = options?.after ?? 0n;
    let remaining = options?.maxCount ?? Number.POSITIVE_INFINITY;
    const types = options?.types;
    if (remaining <= 0) await this.#checkStart(after); // no page read: the start is still checked
    for (let first = true; remaining > 0; first = false) {
      const limit = Math.min(this.#pageSize, remaining);
      const page = first ? await this.#readFirstPage(after, limit, types) : await this.#readPage(after, limit, types);
      for (const event of page) yield event;
      const last = page[page.length - 1];
      if (!last || page.length < limit) return;
      after = last.position;
      remaining -= page.length;
    }
  }

  subscribe(options?: SubscribeOptions): Subscription {
    let checked = false;
    const subscription = new AsyncPagedSubscription(
      async (after, limit) => {
        // Only the start can be one the store never gave out; later reads go on from delivered events.
        const page = await this.#readPageRetrying(after, limit, !checked);
        checked = true;
        return page;
      },
      options?.after ?? 0n,
      this.#pageSize,
      (s) => {
        this.#subscriptions.delete(s);
        if (this.#subscriptions.size === 0) void this.#watcher.stop();
      },
    );
    if (this.#closed) void subscription.close();
    else {
      this.#subscriptions.add(subscription);
      this.#watcher.start();
    }
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.#pool.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
    return BigInt(rows[0]!.head);
  }

  commitStats(): { commits: number; appends: number } {
    const { batches, requests } = this.#queue.stats;
    return { commits: batches, appends: requests };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.#watcher.stop();
    await this.#queue.drain();
    await this.#pool.end();
  }

  /**
   * One transaction for the batch. If the database refuses it as a whole (say a value PostgreSQL
   * rejects), each request is retried alone, so one bad append fails only itself — as a savepoint
   * does on SQLite.
   */
  async #commit(batch: AppendRequest[]): Promise<AppendOutcome[]> {
    try {
      return await commitBatch(this.#pool, batch);
    } catch (error) {
      if (batch.length === 1 || !isServerError(error)) throw error;
      const outcomes: AppendOutcome[] = [];
      for (const request of batch) {
        try {
          outcomes.push(...(await commitBatch(this.#pool, [request])));
        } catch (alone) {
          if (!isServerError(alone)) throw alone;
          outcomes.push({ ok: false, kind: 'failed', message: (alone as Error).message });
        }
      }
      return outcomes;
    }
  }

  /**
   * A subscription's read: while the database is out of reach (restarting, network down) it waits
   * and tries again from the same position instead of ending the subscription — consumers (views,
   * reactions, the relay) resume by themselves. Returns nothing once the store is closed.
   */
  async #readPageRetrying(after: bigint, limit: number, first: boolean): Promise<RecordedEvent[]> {
    for (let attempt = 0; ; attempt++) {
      if (this.#closed) return [];
      try {
        return first ? await this.#readFirstPage(after, limit) : await this.#readPage(after, limit);
      } catch (error) {
        if (this.#closed) return [];
        // A refused start is our verdict, not the database's: retrying cannot change it.
        if (error instanceof InvalidPositionError || !isTransientDatabaseError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
      }
    }
  }

  /**
   * The first page of a read or subscription, refusing a start the store never gave out. A page
   * with events proves the start lies below the head; only an empty one costs a look at the head.
   */
  async #readFirstPage(after: bigint, limit: number, types?: readonly string[]): Promise<RecordedEvent[]> {
    if (after < 0n) await this.#checkStart(after);
    const page = await this.#readPage(after, limit, types);
    if (page.length === 0 && after > 0n) await this.#checkStart(after);
    return page;
  }

  async #checkStart(after: bigint): Promise<void> {
    const refused = invalidStart(after, after > 0n ? await this.headPosition() : 0n);
    if (refused) throw refused;
  }

  async #readPage(after: bigint, limit: number, types?: readonly string[]): Promise<RecordedEvent[]> {
    if (types && types.length === 0) return [];
    const { rows } = types
      ? await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM events WHERE position > $1 AND type = ANY($2::text[]) ORDER BY position LIMIT $3`, [after.toString(), types, limit])
      : await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [after.toString(), limit]);
    return rows.map(toRecorded);
  }

  #wakeAll(): void {
    for (const s of this.#subscriptions) s.wake();
  }
}

/** An error the server reported (it has a SQLSTATE): the connection is fine, the statement was refused. */
function isServerError(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}
