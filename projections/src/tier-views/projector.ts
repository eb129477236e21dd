import type Database from 'better-sqlite3';
import { intake } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { countingCenters, type AreaResolver } from './area.js';
import { COUNT_DIMS, bucketOf, changeCaseRow, registeredRow, type CaseRow } from './case-row.js';
import { CountDeltas, counterWriter } from './count-deltas.js';
import { flowStatesApply } from './flow-states.js';

const COLUMNS: (keyof CaseRow)[] = [
  'case_id',
  'case_code',
  'area_code',
  'township_code',
  'county_code',
  'city_code',
  'registering_center',
  'handling_center',
  'status',
  'is_open',
  'category',
  'source',
  'risk',
  'supervision',
  'title',
  'registered_at',
  'accepted_at',
  'closed_at',
  'due_at',
  'due_sort',
  'reg_order',
  'outcome',
  'satisfaction',
  'pending_reports',
  'pending_whistles',
  'report_in_due_at',
  'revision',
  'last_position',
  'parties_sealed',
  'description_sealed',
];
/** Set once at registration; never rewritten. */
const IMMUTABLE = new Set<keyof CaseRow>([
  'case_id',
  'case_code',
  'area_code',
  'township_code',
  'county_code',
  'city_code',
  'registering_center',
  'category',
  'source',
  'title',
  'registered_at',
  'reg_order',
  'parties_sealed',
  'description_sealed',
]);
const MUTABLE = COLUMNS.filter((c) => !IMMUTABLE.has(c));

/** Adds a row's buckets (sign +1) or removes them (-1) from the pending counter deltas. */
function addBuckets(deltas: CountDeltas, row: CaseRow, sign: 1 | -1, only?: CaseRow): void {
  const centers = countingCenters({ township: row.township_code, county: row.county_code, city: row.city_code });
  for (const dim of COUNT_DIMS) {
    const bucket = bucketOf(row, dim);
    if (bucket === null) continue;
    if (only && bucketOf(only, dim) === bucket) continue; // bucket unchanged: no delta
    for (const center of centers) deltas.add(center, dim, bucket, sign);
  }
}

export interface TierViewsApply {
  /** Applies a batch inside the caller's transaction. */
  (events: RecordedEvent[]): void;
  /** Writes every row and counter still held in memory (rebuild only: call inside the last transaction). */
  flush(): void;
}

interface Held {
  /** The row as it is in the table (undefined: not inserted yet). Never changed in place. */
  stored: CaseRow | undefined;
  /** The row as the events so far make it: `stored` itself until an event changes it, then a copy only this apply holds. */
  row: CaseRow;
}

/**
 * The tier views' batch apply: decode intake events (upcasting old versions), evolve each case's
 * row in memory, then write each touched row once and each touched counter once. Mediation,
 * referral and petition events move their own per-file rows and counters (flow-states.ts);
 * unknown types are ignored.
 *
 * Live (`retainRows` 0, the default) every touched row is written in the same batch, so rows,
 * counters and checkpoint commit together. A rebuild passes `retainRows`: the most recently
 * touched cases stay in memory across batches (a case's events cluster in time, so most events
 * then cost no SQL at all) and are written when evicted; the case counters are summed in memory
 * and written by `flush()` at the end, with the rows still held. That is only safe because a
 * rebuild writes a throw-away file that is swapped in once complete, and it starts from an empty
 * table, so a case that was never written needs no look-up.
 */
export function tierViewsApply(db: Database.Database, areas: AreaResolver, options: { retainRows?: number } = {}): TierViewsApply {
  const retainRows = options.retainRows ?? 0;
  const rebuilding = retainRows > 0;
  if (rebuilding && db.prepare('SELECT 1 FROM cases LIMIT 1').get()) throw new Error('a rebuild needs an empty cases table');
  const select = db.prepare('SELECT * FROM cases WHERE case_id = ?');
  // Positional parameters: binding thirty named ones by property look-up cost more than the insert.
  const insert = db.prepare(`INSERT INTO cases (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const update = db.prepare(`UPDATE cases SET ${MUTABLE.map((c) => `${c} = ?`).join(', ')} WHERE case_id = ?`);
  const insertValues = new Array<unknown>(COLUMNS.length);
  const updateValues = new Array<unknown>(MUTABLE.length + 1);
  const counters = counterWriter(db);
  const deltas = new CountDeltas();
  /** Cases touched and not yet evicted, least recently touched first (Map keeps insertion order). */
  const held = new Map<string, Held>();
  /** Rebuild: the cases written to the table so far, only those can be there (their ids: ~70 bytes a case). */
  const written = new Set<string>();
  // Files of the other flows are few and written at once (never held): their rows and counters are their own.
  const flowStates = flowStatesApply(db, areas);

  const write = (h: Held) => {
    const row = h.row;
    if (row === h.stored) return;
    if (h.stored) {
      for (let i = 0; i < MUTABLE.length; i++) updateValues[i] = row[MUTABLE[i]!];
      updateValues[MUTABLE.length] = row.case_id;
      update.run(updateValues);
      addBuckets(deltas, h.stored, -1, row);
      addBuckets(deltas, row, 1, h.stored);
    } else {
      for (let i = 0; i < COLUMNS.length; i++) insertValues[i] = row[COLUMNS[i]!];
      insert.run(insertValues);
      addBuckets(deltas, row, 1);
      if (rebuilding) written.add(row.case_id);
    }
    h.stored = row;
  };
  /** Writes and forgets the least recently touched cases until at most `keep` are held. */
  const evict = (keep: number) => {
    for (const [caseId, h] of held) {
      if (held.size <= keep) break;
      write(h);
      held.delete(caseId);
    }
  };

  const apply = (events: RecordedEvent[]) => {
    flowStates(events);
    for (const recorded of events) {
      const event = intake.decodeIntakeEvent(recorded);
      if (!event) continue;
      const caseId = event.data.caseId;
      let h = held.get(caseId);
      if (h)
        held.delete(caseId); // re-inserted below: most recently touched goes last
      else if (!rebuilding || written.has(caseId)) {
        const stored = select.get(caseId) as CaseRow | undefined;
        if (stored) h = { stored, row: stored };
      }
      if (h && Number(recorded.position) <= h.row.last_position) {
        held.set(caseId, h);
        continue; // already applied
      }
      if (event.type === 'DisputeRegistered') {
        h ??= { stored: undefined, row: registeredRow(event.data, recorded, areas) }; // registered once: a second registration is not ours to apply
      } else if (h) {
        // evolveCaseRow's decision, without a copy of the row per event once the row is our own.
        if (h.row === h.stored) h.row = { ...h.stored }; // the stored row stays as the table has it, for the counters' difference
        changeCaseRow(h.row, h.row, event, recorded);
      } else continue; // a case this view never saw registered
      held.set(caseId, h);
    }
    evict(retainRows);
    if (!rebuilding) deltas.writeTo(counters);
  };
  apply.flush = () => {
    evict(0);
    deltas.writeTo(counters);
  };
  return apply;
}
