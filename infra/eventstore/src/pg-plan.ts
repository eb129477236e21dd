import type { AppendOutcome, AppendRequest, PartResult, StreamPart } from './sqlite-commit.js';
import { expectedRevisionMatches, type ActualRevision } from './expected-revision.js';

/** One row to insert, with its position and revision already assigned. */
export interface PlannedRow {
  position: bigint;
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: string;
  metadata: string;
}

/** Where an event id is stored. */
export interface StoredPlace {
  streamId: string;
  revision: bigint;
  position: bigint;
}

/** What the writer read under the log's lock before planning: nothing can change it until COMMIT. */
export interface LogState {
  head: bigint;
  /** Last revision of every stream the batch touches that exists. */
  lastRevisions: ReadonlyMap<string, bigint>;
  /** The batch's event ids already in the log, and where they are. */
  storedEvents: ReadonlyMap<string, StoredPlace>;
}

export interface BatchPlan {
  outcomes: AppendOutcome[];
  rows: PlannedRow[];
}

/**
 * Decides a whole group-commit batch in memory: each request's expected revisions are checked
 * against the log as left by the requests before it, and a failing request leaves no trace (no
 * rows, no positions taken), so positions stay gap-free. Pure: the writer reads `state` while it
 * holds the lock and inserts `rows` in one statement.
 */
export function planBatch(batch: readonly AppendRequest[], state: LogState): BatchPlan {
  const lastRevisions = new Map(state.lastRevisions);
  const stored = new Map(state.storedEvents); // grows with the batch's own rows, so a repeat within the batch is seen too
  let head = state.head;
  const outcomes: AppendOutcome[] = [];
  const rows: PlannedRow[] = [];

  for (const request of batch) {
    const revisions = new Map<string, bigint>(); // this request's changes, merged only if it succeeds
    const ids = new Map<string, StoredPlace>();
    const mine: PlannedRow[] = [];
    let position = head;
    let outcome: AppendOutcome | null = null;
    const results: PartResult[] = [];

    for (const part of request.parts) {
      const last = revisions.get(part.streamId) ?? lastRevisions.get(part.streamId);
      const actual: ActualRevision = last === undefined ? 'no_stream' : last;
      const matches = expectedRevisionMatches(part.expectedRevision, actual);
      // A repeat of an append that was written (a retry after an unknown outcome) answers as the first
      // time did, as EventStoreDB does. Looked for only where it can be: 'any', or a revision that moved.
      const repeat = !matches || part.expectedRevision === 'any' ? repeatOf(part, (id) => ids.get(id) ?? stored.get(id)) : null;
      if (repeat) {
        results.push(repeat);
        continue;
      }
      if (!matches) {
        outcome = { ok: false, kind: 'wrong_expected_revision', streamId: part.streamId, actual };
        break;
      }
      let revision = actual === 'no_stream' ? -1n : actual;
      for (const e of part.events) {
        if (stored.has(e.eventId) || ids.has(e.eventId)) {
          // Event ids are UUIDs chosen by the caller; only an exact repeat of a written append is merged (repeatOf).
          outcome = { ok: false, kind: 'failed', message: '事件编号重复 / duplicate event id' };
          break;
        }
        revision += 1n;
        position += 1n;
        ids.set(e.eventId, { streamId: part.streamId, revision, position });
        mine.push({
          position,
          streamId: part.streamId,
          revision,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          occurredAt: e.occurredAt,
          data: JSON.stringify(e.data ?? null),
          metadata: JSON.stringify(e.metadata ?? {}),
        });
      }
      if (outcome) break;
      if (part.events.length > 0) revisions.set(part.streamId, revision);
      results.push({ nextRevision: revision, position });
    }

    if (outcome) {
      outcomes.push(outcome);
      continue;
    }
    for (const [stream, revision] of revisions) lastRevisions.set(stream, revision);
    for (const [id, place] of ids) stored.set(id, place);
    rows.push(...mine);
    head = position;
    outcomes.push({ ok: true, results });
  }
  return { outcomes, rows };
}

/**
 * The stored result of an earlier append of exactly these events: every id stored, in order, in
 * this stream at consecutive revisions starting where the expected revision put them. (Revisions
 * and ids are unique, so this is the same check as SQLite's repeatOf.) Null otherwise.
 */
export function repeatOf(part: StreamPart, placeOf: (eventId: string) => StoredPlace | undefined): PartResult | null {
  const { streamId, events, expectedRevision } = part;
  const first = events[0] && placeOf(events[0].eventId);
  if (!first || first.streamId !== streamId) return null;
  const start = first.revision;
  if (expectedRevision === 'no_stream' ? start !== 0n : expectedRevision !== 'any' && start !== expectedRevision + 1n) return null;
  let last = first;
  for (const [i, e] of events.entries()) {
    const place = placeOf(e.eventId);
    if (!place || place.streamId !== streamId || place.revision !== start + BigInt(i)) return null;
    last = place;
  }
  return { nextRevision: last.revision, position: last.position };
}
