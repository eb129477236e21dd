import type Database from 'better-sqlite3';

/**
 * Assessment indicators (in the flow views' own SQLite file). `indicator_items` keeps, per dispute,
 * petition and mediation, the few dates and outcomes the indicators need and the counters it
 * currently contributes to; `indicator_counts` holds those counters per center area (township,
 * county and city each count every item in their area), moved by differences as items change, so
 * a center's indicators are one short range read and a city with its counties is O(children).
 */
export const INDICATORS_DDL = `
CREATE TABLE IF NOT EXISTS indicator_items (
  item_id       TEXT PRIMARY KEY,
  flow          TEXT NOT NULL,
  township_code TEXT,
  county_code   TEXT,
  city_code     TEXT,
  state         TEXT NOT NULL,
  -- the counters this item adds one to, comma-separated, sorted
  metrics       TEXT NOT NULL,
  last_position INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS indicator_counts (
  center TEXT NOT NULL,
  metric TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (center, metric)
) WITHOUT ROWID;
`;

export function createIndicatorTables(db: Database.Database): void {
  db.exec(INDICATORS_DDL);
}
