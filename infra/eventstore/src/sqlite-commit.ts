import type Database from 'better-sqlite3';
import type { EventData, ExpectedRevision } from './port.js';
import { expectedRevisionMatches, type ActualRevision } from './expected-revision.js';

/** One stream's part of an append request. */
export interface StreamPart {
  streamId: string;
  events: EventData[];
  expectedRevision: ExpectedRevision;
}

/**
 * One append request as handed to the writer (plain data: it may cross a worker boundary): one
 * stream, or several written all-or-nothing (`appendToStreams`).
 */
export interface AppendRequest {
  parts: StreamPart[];
}

export interface PartResult {
  nextRevision: bigint;
  position: bigint;
}

export type AppendOutcome =
  | { ok: true; results: PartResult[] }
  | { ok: false; kind: 'wrong_expected_revision'; streamId: string; actual: ActualRevision }
  | { ok: false; kind: 'failed'; message: string };

/** Prepared statements of the writer connection, made once. */
export interface WriterStatements {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
  lastRevision: Database.Statement;
  head: Database.Statement;
  insert: Database.Statement;
  /** [stream_id, revision] of an event id. */
  byEventId: Database.Statement;
  /** [event_id, position] of a stream's events from a revision on. */
  streamFrom: Database.Statement;
}

export function prepareWriter(db: Database.Database): WriterStatements {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append_one'),
    release: db.prepare('RELEASE append_one'),
    rollbackTo: db.prepare('ROLLBACK TO append_one'),
    lastRevision: db.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck(),
    head: db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck(),
    insert: db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    byEventId: db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?').raw(true),
    streamFrom: db.prepare('SELECT event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?').raw(true),
  };
}

/**
 * Group commit: every request of the batch in ONE transaction (one fsync), each inside its own
 * savepoint so a failing request (stale revision, duplicate event id) leaves no trace and does
 * not affect the others. Returns one outcome per request, in order. Throws only when the
 * transaction itself cannot commit; then nothing of the batch was written.
 */
export function commitBatch(st: WriterStatements, batch: readonly AppendRequest[]): AppendOutcome[] {
  const outcomes: AppendOutcome[] = [];
  st.begin.run();
  try {
    for (const request of batch) outcomes.push(appendInSavepoint(st, request));
    st.commit.run();
  } catch (error) {
    if (st.commit.database.inTransaction) st.rollback.run();
    throw error;
  }
  return outcomes;
}

function appendInSavepoint(st: WriterStatements, request: AppendRequest): AppendOutcome {
  st.savepoint.run();
  try {
    const outcome = appendParts(st, request.parts);
    if (outcome.ok) st.release.run();
    else {
      st.rollbackTo.run();
      st.release.run();
    }
    return outcome;
  } catch (error) {
    st.rollbackTo.run();
    st.release.run();
    return { ok: false, kind: 'failed', message: describeFailure(error) };
  }
}

/** Every part inside the request's savepoint: the first failing part fails (and, by the caller's rollback, undoes) them all. */
function appendParts(st: WriterStatements, parts: readonly StreamPart[]): AppendOutcome {
  const results: PartResult[] = [];
  for (const part of parts) {
    const outcome = appendOne(st, part);
    if (!('nextRevision' in outcome)) return outcome;
    results.push(outcome);
  }
  return { ok: true, results };
}

function appendOne(st: WriterStatements, { streamId, events, expectedRevision }: StreamPart): PartResult | Extract<AppendOutcome, { ok: false }> {
  const last = st.lastRevision.get(streamId) as number | bigint | null;
  const actual: ActualRevision = last === null ? 'no_stream' : BigInt(last);
  const matches = expectedRevisionMatches(expectedRevision, actual);
  // A repeat of an append that was written (a retry after an unknown outcome) answers as the first
  // time did, as EventStoreDB does. Looked for only where it can be: 'any', or a revision that moved.
  if (events.length > 0 && (!matches || expectedRevision === 'any')) {
    const repeat = repeatOf(st, { streamId, events, expectedRevision });
    if (repeat) return repeat;
  }
  if (!matches) return { ok: false, kind: 'wrong_expected_revision', streamId, actual };
  let revision = actual === 'no_stream' ? -1n : actual;
  if (events.length === 0) return { nextRevision: revision, position: BigInt(st.head.get() as number) };
  let position = 0n;
  for (const e of events) {
    revision += 1n;
    const info = st.insert.run(streamId, revision, e.eventId, e.type, e.schemaVersion, e.occurredAt, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata ?? {}));
    position = BigInt(info.lastInsertRowid);
  }
  return { nextRevision: revision, position };
}

/** The stored result of an earlier append of exactly these events (same ids, in order, where the expected revision put them), if any. */
function repeatOf(st: WriterStatements, { streamId, events, expectedRevision }: StreamPart): PartResult | null {
  const first = st.byEventId.get(events[0]!.eventId) as [string, number] | undefined;
  if (!first || first[0] !== streamId) return null;
  const start = BigInt(first[1]);
  if (expectedRevision === 'no_stream' ? start !== 0n : expectedRevision !== 'any' && start !== expectedRevision + 1n) return null;
  const stored = st.streamFrom.all(streamId, start, events.length) as [string, number][];
  if (stored.length !== events.length || stored.some(([id], i) => id !== events[i]!.eventId)) return null;
  return { nextRevision: start + BigInt(events.length - 1), position: BigInt(stored[stored.length - 1]![1]) };
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Event ids are UUIDs chosen by the caller; only an exact repeat of a written append is merged (repeatOf).
  if (/UNIQUE constraint failed: events\.event_id/.test(message)) return '事件编号重复 / duplicate event id';
  return message;
}
