import type Database from 'better-sqlite3';
import type { Region } from '@zz/contracts';
import { FLOW_ITEMS_DDL } from './flow-states.js';

/**
 * The tier views' own SQLite file (never the event file). `cases` holds one row per dispute;
 * `case_counts` holds counters per center area, moved incrementally so stats never scan cases.
 * Parties and description stay SEALED exactly as in the event: decryption happens at read time,
 * so erasing a person's key (crypto-shredding) takes effect at once, without a rebuild.
 */
export const TABLES_DDL = `
CREATE TABLE IF NOT EXISTS cases (
  case_id            TEXT NOT NULL UNIQUE,
  case_code          TEXT NOT NULL,
  area_code          TEXT NOT NULL,
  township_code      TEXT,
  county_code        TEXT,
  city_code          TEXT,
  registering_center TEXT NOT NULL,
  handling_center    TEXT NOT NULL,
  status             TEXT NOT NULL,
  is_open            INTEGER NOT NULL,
  category           TEXT NOT NULL,
  source             TEXT NOT NULL,
  risk               TEXT NOT NULL,
  supervision        TEXT NOT NULL,
  title              TEXT NOT NULL,
  registered_at      TEXT NOT NULL,
  accepted_at        TEXT,
  closed_at          TEXT,
  due_at             TEXT,
  -- due_at as epoch ms (offsets normalised), or NO_DUE: the queue's first sort key
  due_sort           INTEGER NOT NULL,
  -- minus the registration's global position: ascending = newest first, unique per case
  reg_order          INTEGER NOT NULL,
  outcome            TEXT,
  satisfaction       TEXT,
  -- JSON [{w: whistleId, d: departmentCode, due}] of departments that have not reported in yet
  pending_reports    TEXT,
  pending_whistles   INTEGER NOT NULL,
  report_in_due_at   TEXT,
  revision           INTEGER NOT NULL,
  last_position      INTEGER NOT NULL,
  parties_sealed     TEXT NOT NULL,
  description_sealed TEXT NOT NULL
); -- a rowid table: rows are large, and registrations append at the end instead of splitting pages

CREATE TABLE IF NOT EXISTS case_counts (
  center TEXT NOT NULL,
  dim    TEXT NOT NULL, -- status | category | risk | source
  value  TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (center, dim, value)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS centers (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  tier        TEXT NOT NULL,
  parent_code TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS centers_by_parent ON centers (parent_code);
`;

/**
 * Queue indexes: one per way a center looks at cases (own, or its area at its tier). Each is
 * ordered like the queue (open first, due soonest, then newest), so a page is a range scan and
 * overdue counts are a range count. They also carry the queue's filter columns (status, category,
 * risk): a filtered page skips non-matching cases inside the index instead of reading each case's
 * row first (a county's labour + yellow queue over 1M cases: p99 26 ms → 4 ms). Every row update
 * already rewrites these entries (it sets is_open and due_sort), so the extra columns cost only
 * their bytes. A rebuild creates them after the bulk load (much faster).
 */
const QUEUE_INDEXES: Record<string, string> = {
  cases_own_queue: 'handling_center',
  cases_township_queue: 'township_code',
  cases_county_queue: 'county_code',
  cases_city_queue: 'city_code',
};
const QUEUE_COLUMNS = ['is_open', 'due_sort', 'reg_order', 'status', 'category', 'risk'];

export const INDEXES_DDL = `
${Object.entries(QUEUE_INDEXES)
  .map(([name, area]) => `CREATE INDEX IF NOT EXISTS ${name} ON cases (${[area, ...QUEUE_COLUMNS].join(', ')});`)
  .join('\n')}
CREATE INDEX IF NOT EXISTS cases_by_code ON cases (case_code);
`;

export function createTables(db: Database.Database): void {
  db.exec(TABLES_DDL);
  db.exec(FLOW_ITEMS_DDL); // mediation, referral and petition files (flow-states.ts)
}

export function createIndexes(db: Database.Database): void {
  // A file from before the queue indexes carried the filter columns: rebuild them in their current shape.
  for (const name of Object.keys(QUEUE_INDEXES)) {
    const columns = db.pragma(`index_info(${name})`) as unknown[];
    if (columns.length > 0 && columns.length !== QUEUE_COLUMNS.length + 1) db.exec(`DROP INDEX ${name}`);
  }
  db.exec(INDEXES_DDL);
}

/** The centers (city, county, township) of the loaded regions, for names, tiers and child rollups. */
export function loadCenters(db: Database.Database, regions: readonly Region[]): void {
  const insert = db.prepare('INSERT INTO centers (code, name, tier, parent_code) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM centers');
    for (const r of regions) if (r.tier !== 'grid') insert.run(r.code, r.name, r.tier, r.parentCode);
  })();
}
