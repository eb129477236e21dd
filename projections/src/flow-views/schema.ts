import Database from 'better-sqlite3';
import { useViewJournal } from '@zz/bus';
import { createBoardTables } from '../boards/schema.js';
import { createIndicatorTables } from '../indicators/schema.js';
import { createTimelineTables } from '../timeline/schema.js';

/** File name of the flow views under DATA_DIR (timeline, boards, indicators: one file, one checkpoint). */
export const FLOW_VIEWS_FILE = 'flow-views.db';
/** Checkpoint key of the flow views' projection. */
export const FLOW_VIEWS = 'flow-views';

export function createFlowTables(db: Database.Database): void {
  createTimelineTables(db);
  createBoardTables(db);
  createIndicatorTables(db);
}

/** Opens (creating if needed) the flow views' file with the settings the live runtime uses. */
export function openFlowViewsDb(dbPath: string): Database.Database {
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  useViewJournal(db);
  createFlowTables(db);
  return db;
}
