import type { AppendOutcome, AppendRequest, PartResult } from './sqlite-commit.js';
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

/** What the writer read under the log's lock before planning: nothing can change it until COMMIT. */
export interface LogState {
  head: bigint;
  /** Last revision of every stream the batch touches that exists. */
  lastRevisions: ReadonlyMap<string, bigint>;
  /** Event ids of the batch already in the log. */
  existingEventIds: ReadonlySet<string>;
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
  const usedIds = new Set(state.existingEventIds);
  let head = state.head;
  const outcomes: AppendOutcome[] = [];
  const rows: PlannedRow[] = [];

  for (const request of batch) {
    const revisions = new Map<string, bigint>(); // this request's changes, merged only if it succeeds
    const ids = new Set<string>();
    const mine: PlannedRow[] = [];
    let position = head;
    let outcome: AppendOutcome | null = null;
    const results: PartResult[] = [];

    for (const part of request.parts) {
      const last = revisions.get(part.streamId) ?? lastRevisions.get(part.streamId);
      const actual: ActualRevision = last === undefined ? 'no_stream' : last;
      if (!expectedRevisionMatches(part.expectedRevision, actual)) {
        outcome = { ok: false, kind: 'wrong_expected_revision', streamId: part.streamId, actual };
        break;
      }
      let revision = actual === 'no_stream' ? -1n : actual;
      for (const e of part.events) {
        if (usedIds.has(e.eventId) || ids.has(e.eventId)) {
          // Event ids are UUIDs chosen by the caller; retries with the same id are rejected, not merged.
          outcome = { ok: false, kind: 'failed', message: '事件编号重复 / duplicate event id' };
          break;
        }
        ids.add(e.eventId);
        revision += 1n;
        position += 1n;
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
    for (const id of ids) usedIds.add(id);
    rows.push(...mine);
    head = position;
    outcomes.push({ ok: true, results });
  }
  return { outcomes, rows };
}
