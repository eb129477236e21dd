import type Database from 'better-sqlite3';
import {
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
import { openSqliteDatabase } from './sqlite-schema.js';
import { invalidStart } from './gap-free-position.js';
import type { AppendOutcome, AppendRequest } from './sqlite-commit.js';
import { GroupCommitQueue } from './group-commit.js';
import { PagedSubscription } from './polled-subscription.js';
import { RecentEvents } from './recent-events.js';
import { inlineWriter, workerWriter, type SqliteWriter } from './sqlite-writer.js';

export interface SqliteEventStoreOptions {
  /** Database file; created when missing. */
  path: string;
  /**
   * How often live subscriptions look for appends made by ANOTHER process on the same file.
   * In-process appends wake subscriptions right after their commit, without this delay.
   * Default 50 ms. While any subscription is open the poll timer keeps the process alive.
   */
  pollIntervalMs?: number;
  /** Where commits run: 'inline' (default; measured faster here) or on a 'worker' thread. */
  writer?: 'inline' | 'worker';
  /** Events per read page for readAll and subscriptions. Default 2000. */
  pageSize?: number;
}

export interface SqliteEventStore extends EventStore {
  /** Commits (transactions, i.e. fsyncs) made by this store and the appends they carried. */
  commitStats(): { commits: number; appends: number };
}

export const DEFAULT_POLL_INTERVAL_MS = 50;
const DEFAULT_PAGE_SIZE = 2000;
/** Events the subscriptions of one process share (a few MB; see RecentEvents). */
const RECENT_EVENTS = 4096;

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata';
type Row = [number, string, number, string, string, number, string, string, string];

const UNPARSED: unique symbol = Symbol('unparsed');

/**
 * A stored event, made from a raw row (an array): the hot path of every rebuild and catch-up.
 * `data` and `metadata` are parsed on first access: most consumers look at `type` first and skip
 * most events, and a page of the log costs mostly JSON.parse otherwise. A class, because its getters
 * live once on the prototype: two closures per event (the earlier object literal) cost a rebuild
 * twice as much time in allocation and GC. Being prototype getters, `data` and `metadata` are not own
 * properties, so `{ ...event }` would drop them: copy the fields by name (toJSON does, for
 * JSON.stringify). No setters: the subscriptions of a process share these objects (RecentEvents), so
 * none may change what the others see.
 */
class StoredEvent implements RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  #row: Row;
  #data: unknown = UNPARSED;
  #metadata: Record<string, unknown> | typeof UNPARSED = UNPARSED;

  constructor(r: Row) {
    this.eventId = r[3];
    this.type = r[4];
    this.schemaVersion = r[5];
    this.occurredAt = r[6];
    this.streamId = r[1];
    this.revision = BigInt(r[2]);
    this.position = BigInt(r[0]);
    this.#row = r;
  }

  get data(): unknown {
    if (this.#data === UNPARSED) this.#data = JSON.parse(this.#row[7]);
    return this.#data;
  }

  get metadata(): Record<string, unknown> {
    if (this.#metadata === UNPARSED) this.#metadata = JSON.parse(this.#row[8]) as Record<string, unknown>;
    return this.#metadata;
  }

  /** Every field, as an own property (revision and position stay bigints: the caller decides how to write them). */
  toJSON(): RecordedEvent {
    const { eventId, type, schemaVersion, occurredAt, data, metadata, streamId, revision, position } = this;
    return { eventId, type, schemaVersion, occurredAt, data, metadata, streamId, revision, position };
  }
}

const toRecorded = (r: Row): RecordedEvent => new StoredEvent(r);

export function openSqliteEventStore(opts: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteStore(opts);
}

class SqliteStore implements SqliteEventStore {
  readonly #read: Database.Database;
  readonly #writer: SqliteWriter;
  readonly #queue: GroupCommitQueue<AppendRequest, AppendOutcome>;
  readonly #pageSize: number;
  readonly #pollIntervalMs: number;
  readonly #subscriptions = new Set<PagedSubscription>();
  /** The log's most recently read events, shared by every subscription of this process (see RecentEvents). */
  readonly #recent: RecentEvents;
  readonly #stmt: {
    page: Database.Statement;
    stream: Database.Statement;
    head: Database.Statement;
  };
  readonly #typedPages = new Map<string, Database.Statement>();
  #poller: NodeJS.Timeout | null = null;
  #polledHead = 0n;
  #closed = false;

  constructor(opts: SqliteEventStoreOptions) {
    // The writer opens first so the schema exists before the reader prepares statements.
    this.#writer = opts.writer === 'worker' ? workerWriter(opts.path) : inlineWriter(opts.path);
    this.#read = openSqliteDatabase(opts.path);
    this.#pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#pollIntervalMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.#recent = new RecentEvents(RECENT_EVENTS);
    this.#stmt = {
      page: this.#read.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true),
      stream: this.#read.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`).raw(true),
      head: this.#read.prepare('SELECT coalesce(max(position), 0) FROM events').pluck(),
    };
    this.#queue = new GroupCommitQueue(async (batch) => {
      const outcomes = await this.#writer.commit(batch);
      // Committed: wake live subscriptions now rather than at the next poll.
      if (outcomes.some((o) => o.ok)) for (const s of this.#subscriptions) s.wake();
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
    const rows = this.#stmt.stream.all(streamId, options?.fromRevision ?? 0n) as Row[];
    return rows.map(toRecorded);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    let after = options?.after ?? 0n;
    this.#checkPosition(after);
    let remaining = options?.maxCount ?? Number.POSITIVE_INFINITY;
    const types = options?.types;
    const select = types ? this.#typedPage(types) : this.#stmt.page;
    while (remaining > 0) {
      // One reader scanning the log (a rebuild, a relay's catch-up): nothing to share, so no cache.
      const limit = Math.min(this.#pageSize, remaining);
      const page = (types ? (select.all(after, ...types, limit) as Row[]) : (select.all(after, limit) as Row[])).map(toRecorded);
      for (const event of page) yield event;
      const last = page[page.length - 1];
      if (!last || page.length < limit) return;
      after = last.position;
      remaining -= page.length;
    }
  }

  subscribe(options?: SubscribeOptions): Subscription {
    let checked = false;
    const subscription = new PagedSubscription(
      (after, limit) => {
        // On the first read, so the iteration (not subscribe()) rejects, as on EventStoreDB.
        if (!checked) this.#checkPosition(after);
        checked = true;
        return this.#readPage(after, limit);
      },
      options?.after ?? 0n,
      this.#pageSize,
      (s) => {
        this.#subscriptions.delete(s);
        if (this.#subscriptions.size === 0) this.#stopPolling();
      },
    );
    if (this.#closed) void subscription.close();
    else {
      this.#subscriptions.add(subscription);
      this.#startPolling();
    }
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.#stmt.head.get() as number);
  }

  commitStats(): { commits: number; appends: number } {
    const { batches, requests } = this.#queue.stats;
    return { commits: batches, appends: requests };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    this.#stopPolling();
    await this.#queue.drain();
    await this.#writer.close();
    this.#read.close();
  }

  /** Positions are gap-free rowids: every one from 0 to the head is valid, nothing else. */
  #checkPosition(after: bigint): void {
    const refused = invalidStart(after, after > 0n ? BigInt(this.#stmt.head.get() as number) : 0n);
    if (refused) throw refused;
  }

  /** A page of the log restricted to some types; one prepared statement per type list. */
  #typedPage(types: readonly string[]): Database.Statement {
    const key = types.join('\n');
    let stmt = this.#typedPages.get(key);
    if (!stmt) {
      const placeholders = types.map(() => '?').join(', ');
      stmt = this.#read.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? AND type IN (${placeholders}) ORDER BY position LIMIT ?`).raw(true);
      this.#typedPages.set(key, stmt);
    }
    return stmt;
  }

  #readPage(after: bigint, limit: number): RecordedEvent[] {
    const page = this.#recent.page(after, limit);
    if (page.length === limit) return page;
    const from = page.length ? page[page.length - 1]!.position : after;
    for (const row of this.#stmt.page.all(from, limit - page.length) as Row[]) page.push(this.#recent.remember(toRecorded(row)));
    return page;
  }

  /** Another process may append to the same file: look at the head every pollIntervalMs. */
  #startPolling(): void {
    if (this.#poller) return;
    this.#polledHead = BigInt(this.#stmt.head.get() as number);
    this.#poller = setInterval(() => {
      const head = BigInt(this.#stmt.head.get() as number);
      if (head === this.#polledHead) return;
      this.#polledHead = head;
      for (const s of this.#subscriptions) s.wake();
    }, this.#pollIntervalMs);
    // Not unref'd: a process that only waits on a subscription for another process's appends
    // must stay alive. Closing the last subscription (or the store) stops the timer.
  }

  #stopPolling(): void {
    if (this.#poller) clearInterval(this.#poller);
    this.#poller = null;
  }
}
