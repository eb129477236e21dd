import type Database from 'better-sqlite3';
import { intake } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { countingCenters, type AreaResolver } from './area.js';
import { COUNT_DIMS, bucketOf, evolveCaseRow, type CaseRow } from './case-row.js';
import { flowStatesApply } from './flow-states.js';

const COLUMNS: (keyof CaseRow)[] = [
  'case_id', 'case_code', 'area_code', 'township_code', 'county_code', 'city_code', 'registering_center',
  'handling_center', 'status', 'is_open', 'category', 'source', 'risk', 'supervision', 'title', 'registered_at',
  'accepted_at', 'closed_at', 'due_at', 'due_sort', 'reg_order', 'outcome', 'satisfaction', 'pending_reports',
  'pending_whistles', 'report_in_due_at', 'revision', 'last_position', 'parties_sealed', 'description_sealed',
];
/** Set once at registration; never rewritten. */
const IMMUTABLE = new Set<keyof CaseRow>([
  'case_id', 'case_code', 'area_code', 'township_code', 'county_code', 'city_code', 'registering_center',
  'category', 'source', 'title', 'registered_at', 'reg_order', 'parties_sealed', 'description_sealed',
]);
const MUTABLE = COLUMNS.filter((c) => !IMMUTABLE.has(c));

/** Adds a row's buckets (sign +1) or removes them (-1) from the pending counter deltas. */
function addBuckets(deltas: Map<string, number>, row: CaseRow, sign: 1 | -1, only?: CaseRow): void {
  const centers = countingCenters({ township: row.township_code, county: row.county_code, city: row.city_code });
  for (const dim of COUNT_DIMS) {
    const bucket = bucketOf(row, dim);
    if (bucket === null) continue;
    if (only && bucketOf(only, dim) === bucket) continue; // bucket unchanged: no delta
    for (const center of centers) {
      const key = `${center}\u0000${dim}\u0000${bucket}`;
      deltas.set(key, (deltas.get(key) ?? 0) + sign);
    }
  }
}

export interface TierViewsApply {
  /** Applies a batch inside the caller's transaction. */
  (events: RecordedEvent[]): void;
  /** Writes every row still held in memory (rebuild only: call inside the last transaction). */
  flush(): void;
}

interface Held {
  /** The row as it is in the table (undefined: not inserted yet). */
  stored: CaseRow | undefined;
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
 * then cost no SQL at all) and are written when evicted or by `flush()` at the end. That is only
 * safe because a rebuild writes a throw-away file that is swapped in once complete.
 */
export function tierViewsApply(db: Database.Database, areas: AreaResolver, options: { retainRows?: number } = {}): TierViewsApply {
  const retainRows = options.retainRows ?? 0;
  const select = db.prepare('SELECT * FROM cases WHERE case_id = ?');
  const insert = db.prepare(`INSERT INTO cases (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})`);
  const update = db.prepare(`UPDATE cases SET ${MUTABLE.map((c) => `${c} = @${c}`).join(', ')} WHERE case_id = @case_id`);
  const bump = db.prepare(
    'INSERT INTO case_counts (center, dim, value, n) VALUES (?, ?, ?, ?) ON CONFLICT (center, dim, value) DO UPDATE SET n = n + excluded.n',
  );
  // Empty buckets are removed so a view's rows don't depend on how its events were batched.
  const dropEmpty = db.prepare('DELETE FROM case_counts WHERE center = ? AND dim = ? AND value = ? AND n = 0');
  /** Cases touched and not yet evicted, least recently touched first (Map keeps insertion order). */
  const held = new Map<string, Held>();
  // Files of the other flows are few and written at once (never held): their rows and counters are their own.
  const flowStates = flowStatesApply(db, areas);

  const write = (h: Held, deltas: Map<string, number>) => {
    if (h.row === h.stored) return;
    if (h.stored) {
      update.run(h.row);
      addBuckets(deltas, h.stored, -1, h.row);
      addBuckets(deltas, h.row, 1, h.stored);
    } else {
      insert.run(h.row);
      addBuckets(deltas, h.row, 1);
    }
    h.stored = h.row;
  };
  const writeCounters = (deltas: Map<string, number>) => {
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [center, dim, value] = key.split('\u0000') as [string, string, string];
      bump.run(center, dim, value, n);
      if (n < 0) dropEmpty.run(center, dim, value);
    }
  };
  /** Writes and forgets the least recently touched cases until at most `keep` are held. */
  const evict = (keep: number) => {
    const deltas = new Map<string, number>();
    for (const [caseId, h] of held) {
      if (held.size <= keep) break;
      write(h, deltas);
      held.delete(caseId);
    }
    writeCounters(deltas);
  };

  const apply = (events: RecordedEvent[]) => {
    flowStates(events);
    for (const recorded of events) {
      const event = intake.decodeIntakeEvent(recorded);
      if (!event) continue;
      const caseId = event.data.caseId;
      let h = held.get(caseId);
      if (h) held.delete(caseId); // re-inserted below: most recently touched goes last
      else {
        const stored = select.get(caseId) as CaseRow | undefined;
        if (stored) h = { stored, row: stored };
      }
      const current = h?.row;
      if (current && Number(recorded.position) <= current.last_position) {
        held.set(caseId, h!);
        continue; // already applied
      }
      const next = evolveCaseRow(current, event, recorded, areas);
      if (!next) continue;
      if (h) h.row = next;
      else h = { stored: undefined, row: next };
      held.set(caseId, h);
    }
    evict(retainRows);
  };
  apply.flush = () => evict(0);
  return apply;
}
