import type Database from 'better-sqlite3';

/** The index a case's history is read by (a rebuild creates it after the bulk load). */
export const TIMELINE_BY_CASE = 'timeline_by_case';

/**
 * The case timeline (in the flow views' own SQLite file). `timeline` holds one row per event of a
 * case stream, keyed by global position, so a case's history reads back in global order. `facts`
 * keeps only structured fields that name no person (codes, enums, dates, amounts, staff ids);
 * `sealed` keeps the sealed values (parties, notes, terms) exactly as in the event, opened at read
 * time for the viewer's role, so an erased person's data disappears at once and without a rebuild.
 *
 * `case_places` holds where each flow item of a case lies (its area and the center now holding it):
 * a viewer may read a case's timeline when any item of the case is in their jurisdiction.
 */
export const TIMELINE_DDL = `
CREATE TABLE IF NOT EXISTS timeline (
  position     INTEGER PRIMARY KEY,
  case_code    TEXT NOT NULL,
  flow         TEXT NOT NULL,
  stream_id    TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  type         TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,
  actor_user   TEXT,
  actor_role   TEXT,
  actor_center TEXT,
  facts        TEXT NOT NULL,
  sealed       TEXT
);
CREATE INDEX IF NOT EXISTS ${TIMELINE_BY_CASE} ON timeline (case_code, position);

CREATE TABLE IF NOT EXISTS case_places (
  case_code       TEXT NOT NULL,
  flow            TEXT NOT NULL,
  item_id         TEXT NOT NULL,
  area_code       TEXT NOT NULL,
  handling_center TEXT NOT NULL,
  PRIMARY KEY (case_code, flow, item_id)
) WITHOUT ROWID;
`;

export function createTimelineTables(db: Database.Database): void {
  db.exec(TIMELINE_DDL);
}
