import type Database from 'better-sqlite3';
import type { deadlines } from '@zz/contracts';
import type { Clock } from '../domain/clock.js';
import type { HolidayCalendar } from '../domain/calendar.js';
import { nextAlertAt } from '../domain/alerts.js';
import { approachingFrom, dueOf, isPaused, leadOf, policyById } from '../domain/engine.js';

/**
 * The watcher's view (deadlines.db): one row per clock with its folded state as JSON, plus the columns
 * the tick and the queries select on. `next_alert_ms` is when the watcher must next look at the clock.
 * A rowid table with a unique clock id, not WITHOUT ROWID: a row carries the clock's JSON (~1 KB), and
 * SQLite's WITHOUT ROWID b-tree is meant for small rows — with it, catching up ran at half the speed.
 * (A file built before keeps its WITHOUT ROWID table, which answers the same statements; `npm run
 * rebuild` replaces it.)
 */
export function ensureClockTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS clocks (
      clock_id      TEXT NOT NULL UNIQUE,
      case_code     TEXT NOT NULL,
      center_code   TEXT NOT NULL,
      policy_id     TEXT NOT NULL,
      state         TEXT NOT NULL,   -- running | paused | stopped
      due_ms        INTEGER,         -- null while paused
      approach_ms   INTEGER,
      next_alert_ms INTEGER,
      body          TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS clocks_case ON clocks (case_code);
    CREATE INDEX IF NOT EXISTS clocks_center ON clocks (center_code, state);
    CREATE INDEX IF NOT EXISTS clocks_next_alert ON clocks (next_alert_ms) WHERE next_alert_ms IS NOT NULL;`);
}

export function alertRules(policy: deadlines.DeadlinePolicy, clock: Clock) {
  return { lead: leadOf(policy, clock), alertWhileRunning: policyById(policy, clock.policyId)?.alertWhileRunning ?? true };
}

export function clockRow(clock: Clock, policy: deadlines.DeadlinePolicy, cal: HolidayCalendar) {
  const rules = alertRules(policy, clock);
  const due = dueOf(clock, cal);
  return {
    clock_id: clock.clockId,
    case_code: clock.caseCode,
    center_code: clock.centerCode,
    policy_id: clock.policyId,
    state: clock.stop ? 'stopped' : isPaused(clock) ? 'paused' : 'running',
    due_ms: due ? due.dueAt.getTime() : null,
    approach_ms: due ? approachingFrom(clock, due, rules.lead).getTime() : null,
    next_alert_ms: nextAlertAt(clock, cal, rules),
    body: JSON.stringify(clock),
  };
}

export const UPSERT_CLOCK = `INSERT INTO clocks (clock_id, case_code, center_code, policy_id, state, due_ms, approach_ms, next_alert_ms, body)
  VALUES (@clock_id, @case_code, @center_code, @policy_id, @state, @due_ms, @approach_ms, @next_alert_ms, @body)
  ON CONFLICT (clock_id) DO UPDATE SET state = excluded.state, due_ms = excluded.due_ms, approach_ms = excluded.approach_ms,
    next_alert_ms = excluded.next_alert_ms, body = excluded.body`;
