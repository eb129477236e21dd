import type Database from 'better-sqlite3';
import { intake } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { countingCenters, type AreaResolver } from './area.js';
import { COUNT_DIMS, bucketOf, evolveCaseRow, type CaseRow } from './case-row.js';

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

/**
 * The tier views' batch apply: decode intake events (upcasting old versions), evolve each case's
 * row in memory, then write each touched row once and each touched counter once. Batching the
 * writes is what makes a rebuild of a million events take seconds, and it is the same code live.
 * Events of other flows (and unknown types) are ignored.
 */
export function tierViewsApply(db: Database.Database, areas: AreaResolver): (events: RecordedEvent[]) => void {
  const select = db.prepare('SELECT * FROM cases WHERE case_id = ?');
  const insert = db.prepare(`INSERT INTO cases (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})`);
  const update = db.prepare(`UPDATE cases SET ${MUTABLE.map((c) => `${c} = @${c}`).join(', ')} WHERE case_id = @case_id`);
  const bump = db.prepare(
    'INSERT INTO case_counts (center, dim, value, n) VALUES (?, ?, ?, ?) ON CONFLICT (center, dim, value) DO UPDATE SET n = n + excluded.n',
  );
  // Empty buckets are removed so a view's rows don't depend on how its events were batched.
  const dropEmpty = db.prepare('DELETE FROM case_counts WHERE center = ? AND dim = ? AND value = ? AND n = 0');

  return (events) => {
    /** Rows touched in this batch: `stored` is the row as it is in the table (undefined: new). */
    const touched = new Map<string, { stored: CaseRow | undefined; row: CaseRow }>();
    for (const recorded of events) {
      const event = intake.decodeIntakeEvent(recorded);
      if (!event) continue;
      const caseId = event.data.caseId;
      let entry = touched.get(caseId);
      if (!entry) {
        const stored = select.get(caseId) as CaseRow | undefined;
        if (stored) entry = { stored, row: stored };
      }
      const current = entry?.row;
      if (current && recorded.position <= BigInt(current.last_position)) continue; // already applied
      const next = evolveCaseRow(current, event, recorded, areas);
      if (!next || next === current) continue;
      touched.set(caseId, { stored: entry?.stored, row: next });
    }

    const deltas = new Map<string, number>();
    for (const { stored, row } of touched.values()) {
      if (stored) {
        update.run(row);
        addBuckets(deltas, stored, -1, row);
        addBuckets(deltas, row, 1, stored);
      } else {
        insert.run(row);
        addBuckets(deltas, row, 1);
      }
    }
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [center, dim, value] = key.split('\u0000') as [string, string, string];
      bump.run(center, dim, value, n);
      if (n < 0) dropEmpty.run(center, dim, value);
    }
  };
}
