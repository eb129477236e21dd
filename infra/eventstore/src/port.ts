/**
 * The EventStore port: the only way any service or projection touches stored events.
 * Adapters: sqlite.ts (embedded default), postgres.ts (PostgreSQL and compatibles) and esdb.ts (EventStoreDB / KurrentDB).
 */

/** `no_stream`: the stream must not exist. `any`: no check. bigint: the stream's last revision must be exactly this. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

/** An event to append. Data and metadata are JSON-serialisable objects. */
export interface EventData {
  eventId: string; // UUID, unique across the store
  type: string;
  schemaVersion: number;
  occurredAt: string; // ISO 8601
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface RecordedEvent extends EventData {
  streamId: string;
  /** 0-based position within its stream (first event = 0n). */
  revision: bigint;
  /** Position in the global log: strictly increasing; gap-free on SQLite and PostgreSQL (1n, 2n, …). */
  position: bigint;
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextRevision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadAllOptions {
  /**
   * Read events strictly after this position; omit (or 0n) to start at the beginning. Otherwise it
   * must be a position the store gave out (an event's, or a head): never computed (`p - 1n`), since
   * positions are not counts on every store. Anything else rejects with InvalidPositionError.
   */
  after?: bigint;
  /** Stop after this many events (of the chosen types, when `types` is given). */
  maxCount?: number;
  /**
   * Only events of these types; the others are skipped by the store (on SQLite in the query, so a
   * rebuild never turns the rows it does not need into objects). Positions then have gaps.
   */
  types?: readonly string[];
}

export interface SubscribeOptions {
  /**
   * Deliver events strictly after this position: catch up from the log, then turn live. Same rule
   * as ReadAllOptions.after: an invalid position ends the iteration with InvalidPositionError.
   */
  after?: bigint;
}

/** A catch-up subscription: async-iterate it; `close()` ends iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: EventData[];
  expectedRevision: ExpectedRevision;
}

export interface EventStore {
  append(streamId: string, events: EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams in ONE transaction: all of them or none (a failing expected revision
   * throws WrongExpectedRevisionError naming that stream, and nothing is written). Offered only by
   * stores with multi-stream transactions (SQLite, PostgreSQL); EventStoreDB has none, so callers
   * that need atomicity there must design for it (see services/intake/src/application/case-code.ts).
   */
  appendToStreams?(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** All events of a stream in order; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]>;
  /** The global log in order. System/internal events are never returned. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the global log (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The store could not say whether an append was written (deadline passed, connection lost, leader
 * changed mid-write). The adapter has already retried with the same event ids; retrying again with
 * the SAME events (same ids, same expected revision) is safe: a store that has them answers as if
 * it had just written them. New ids would risk writing the events twice.
 */
export class OutcomeUnknownError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`stream ${streamId}: append outcome unknown (${cause instanceof Error ? cause.message : String(cause)}); retry with the same event ids`);
    this.name = 'OutcomeUnknownError';
  }
}

/** A read or subscription started from a position no event of this store has (see ReadAllOptions.after). */
export class InvalidPositionError extends Error {
  constructor(
    readonly position: bigint,
    detail?: string,
  ) {
    super(`position ${position} is not a position of this store${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidPositionError';
  }
}
