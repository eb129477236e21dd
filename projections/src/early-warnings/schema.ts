import type Database from 'better-sqlite3';

/**
 * The early-warning projection's own SQLite file (warnings.db). It keeps only what the warnings
 * need: where each case lies (its lineage), the keyed ID-number hashes of its parties (never a
 * name or number), per-day counters per center, open whistle report-ins, backlog petitions under
 * supervision, and "signals" (a risk grade that rose, a repeat petition, a missed deadline).
 * Warnings themselves are computed at read time from these rows, so thresholds can change
 * without a rebuild.
 */
export const WARNINGS_DDL = `
CREATE TABLE IF NOT EXISTS ew_cases (
  case_code       TEXT PRIMARY KEY,
  case_id         TEXT,
  kind            TEXT NOT NULL,            -- dispute | petition
  area_code       TEXT NOT NULL,
  township        TEXT,
  county          TEXT,
  city            TEXT,
  handling_center TEXT NOT NULL,
  category        TEXT,
  risk            TEXT,
  registered_day  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ew_cases_case_id ON ew_cases (case_id);
CREATE TABLE IF NOT EXISTS ew_parties (
  id_hash   TEXT NOT NULL,
  case_code TEXT NOT NULL,
  day       TEXT NOT NULL,
  PRIMARY KEY (id_hash, case_code)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ew_parties_day ON ew_parties (day);
CREATE TABLE IF NOT EXISTS ew_daily (
  center TEXT NOT NULL,
  day    TEXT NOT NULL,
  dim    TEXT NOT NULL,                     -- registered (value = category) | source | resolved | agreement | petition
  value  TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (center, day, dim, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ew_signals (
  position        INTEGER PRIMARY KEY,      -- global position of the event that raised it
  kind            TEXT NOT NULL,            -- risk_rise | repeat_petition | deadline_missed | deadline_approaching
  case_code       TEXT NOT NULL,
  township        TEXT,
  county          TEXT,
  city            TEXT,
  day             TEXT NOT NULL,
  at              TEXT NOT NULL,
  detail          TEXT NOT NULL             -- JSON, never personal data
);
CREATE INDEX IF NOT EXISTS ew_signals_kind_day ON ew_signals (kind, day);
CREATE TABLE IF NOT EXISTS ew_pending_reports (
  case_code       TEXT NOT NULL,
  whistle_id      TEXT NOT NULL,
  department_code TEXT NOT NULL,
  department_name TEXT NOT NULL,
  due_at          TEXT NOT NULL,
  due_ms          INTEGER NOT NULL,
  township        TEXT,
  county          TEXT,
  city            TEXT,
  PRIMARY KEY (case_code, whistle_id, department_code)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ew_pending_due ON ew_pending_reports (due_ms);
CREATE TABLE IF NOT EXISTS ew_backlog (
  petition_id   TEXT PRIMARY KEY,
  case_code     TEXT NOT NULL,
  township      TEXT,
  county        TEXT,
  city          TEXT,
  marked_at     TEXT NOT NULL,
  supervised    INTEGER NOT NULL DEFAULT 0,  -- 挂牌督办 listed for supervision
  due_at        TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ew_mediations (
  mediation_id TEXT PRIMARY KEY,
  case_id      TEXT NOT NULL,
  case_code    TEXT NOT NULL,
  status       TEXT NOT NULL,              -- opened | agreed | failed | refused | closed
  opened_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ew_mediations_case ON ew_mediations (case_id);
`;

export function createWarningTables(db: Database.Database): void {
  db.exec(WARNINGS_DDL);
}
