import type Database from 'better-sqlite3';

/**
 * The whistle board and the backlog board (in the flow views' own SQLite file). Rows carry the
 * township / county / city of their area so a center's board is an index range at its own tier.
 * Nothing personal is stored: titles are written without names by contract, departments, courts
 * and leaders are institutions or staff, and a signed statement is kept only as its SHA-256.
 */
export const BOARDS_DDL = `
CREATE TABLE IF NOT EXISTS board_disputes (
  case_id       TEXT PRIMARY KEY,
  case_code     TEXT NOT NULL,
  area_code     TEXT NOT NULL,
  township_code TEXT,
  county_code   TEXT,
  city_code     TEXT,
  title         TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS whistles (
  case_id          TEXT NOT NULL,
  whistle_id       TEXT NOT NULL,
  case_code        TEXT NOT NULL,
  area_code        TEXT NOT NULL,
  township_code    TEXT,
  county_code      TEXT,
  city_code        TEXT,
  title            TEXT NOT NULL,
  calling_center   TEXT NOT NULL,
  blown_at         TEXT NOT NULL,
  report_in_due_at TEXT NOT NULL,
  due_sort         INTEGER NOT NULL,
  -- JSON [{code, name, reportedAt|null}] in the order the whistle named them
  departments      TEXT NOT NULL,
  pending          INTEGER NOT NULL,
  last_position    INTEGER NOT NULL,
  PRIMARY KEY (case_id, whistle_id)
);
CREATE INDEX IF NOT EXISTS whistles_township ON whistles (township_code, pending, due_sort);
CREATE INDEX IF NOT EXISTS whistles_county   ON whistles (county_code, pending, due_sort);
CREATE INDEX IF NOT EXISTS whistles_city     ON whistles (city_code, pending, due_sort);

CREATE TABLE IF NOT EXISTS board_petitions (
  petition_id        TEXT PRIMARY KEY,
  case_code          TEXT NOT NULL,
  area_code          TEXT NOT NULL,
  township_code      TEXT,
  county_code        TEXT,
  city_code          TEXT,
  center_code        TEXT NOT NULL,
  title              TEXT NOT NULL,
  channel            TEXT NOT NULL,
  subject_area       TEXT NOT NULL,
  status             TEXT NOT NULL,
  received_at        TEXT NOT NULL,
  accepted_at        TEXT,
  -- JSON [{petitionId, caseCode, basis}] of earlier petitions this one repeats
  repeat_of          TEXT,
  backlog            INTEGER NOT NULL,
  backlog_at         TEXT,
  leader_user_id     TEXT,
  leader_post        TEXT,
  leader_assigned_at TEXT,
  signed_by          TEXT,
  signed_at          TEXT,
  statement_sha256   TEXT,
  -- JSON [{supervisionId, supervisingCenter, dueAt, listedAt, liftedAt|null}]
  supervisions       TEXT NOT NULL,
  -- earliest due date of a supervision still listed (epoch ms), or null
  supervision_due    INTEGER,
  -- JSON [{interviewingCenter, interviewee, heldAt}] / [{issuingCenter, scope, at}]
  interviews         TEXT NOT NULL,
  notices            TEXT NOT NULL,
  answered_at        TEXT,
  resolved_at        TEXT,
  resolution_kind    TEXT,
  last_position      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS backlog_township ON board_petitions (township_code, backlog, resolved_at);
CREATE INDEX IF NOT EXISTS backlog_county   ON board_petitions (county_code, backlog, resolved_at);
CREATE INDEX IF NOT EXISTS backlog_city     ON board_petitions (city_code, backlog, resolved_at);
`;

export function createBoardTables(db: Database.Database): void {
  db.exec(BOARDS_DDL);
}
