import type Database from 'better-sqlite3';
import type { deadlines } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import type { Clock } from '../domain/clock.js';
import type { HolidayCalendar } from '../domain/calendar.js';
import { evolveClocks, relevantEventTypes } from '../domain/engine.js';
import { toClockEvent } from './clock-events.js';
import { clockRow, ensureClockTable, UPSERT_CLOCK } from './clock-table.js';

/** Checkpoint name of the clock view in deadlines.db (the live watcher and the rebuild share it). */
export const DEADLINE_PROJECTION = 'deadline-clocks';

export const parseClock = (row: unknown): Clock => JSON.parse((row as { body: string }).body) as Clock;

/**
 * The clock view's apply, shared by the live watcher and `npm run rebuild`, so both build the same rows.
 * Per batch: events the policy does not name are skipped on their type alone (their data is never
 * decoded — the store parses it lazily); a case's clocks are read from the file once per batch and
 * then kept in hand; each clock that changed is written once, at the end of the batch. The same fold
 * as one event at a time with a read and a write each, at a fraction of the SQL.
 */
export function clockApplier(db: Database.Database, policy: deadlines.DeadlinePolicy, cal: HolidayCalendar): (events: RecordedEvent[]) => void {
  ensureClockTable(db);
  const relevant = relevantEventTypes(policy);
  const byCase = db.prepare('SELECT body FROM clocks WHERE case_code = ?');
  const upsert = db.prepare(UPSERT_CLOCK);
  return (events) => {
    const cases = new Map<string, Clock[]>();
    const changed = new Map<string, Clock>();
    for (const r of events) {
      if (!relevant.has(r.type)) continue;
      const e = toClockEvent(r);
      if (!e) continue;
      const before = cases.get(e.caseCode) ?? byCase.all(e.caseCode).map(parseClock);
      const after = evolveClocks(before, e, policy);
      // evolveClocks keeps unchanged clocks as the same objects.
      for (const c of after) if (!before.includes(c)) changed.set(c.clockId, c);
      cases.set(e.caseCode, after);
    }
    for (const c of changed.values()) upsert.run(clockRow(c, policy, cal));
  };
}
