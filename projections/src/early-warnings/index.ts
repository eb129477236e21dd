import Database from 'better-sqlite3';
import { RegionDirectory, type Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildIntoFreshFile, rebuildProjection, startProjection, useViewJournal, type RebuildProgress, type RunningProjection } from '@zz/bus';
import { areaResolver } from '../tier-views/area.js';
import { EARLY_WARNING_EVENT_TYPES, earlyWarningsApply } from './projector.js';
import { activity, backlog, mediationsOf, pendingReports, warnings, type Activity, type BacklogItem, type MediationRef, type PendingReport, type Warning } from './queries.js';
import { createWarningTables } from './schema.js';
import { DEFAULT_THRESHOLDS, type WarningThresholds } from './thresholds.js';

export { WarningThresholds, DEFAULT_THRESHOLDS } from './thresholds.js';
export type { Warning, WarningKind, Activity, BacklogItem, PendingReport, MediationRef } from './queries.js';
export { chinaDay } from './day.js';

export const EARLY_WARNINGS = 'early-warnings';

export interface EarlyWarningsOptions {
  store: EventStore;
  /** Its own file (warnings.db under DATA_DIR). */
  dbPath: string;
  regions: readonly Region[];
  thresholds?: Partial<WarningThresholds>;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface EarlyWarnings {
  readonly db: Database.Database;
  readonly projection: RunningProjection;
  readonly thresholds: WarningThresholds;
  warnings(q: { center: string; now: Date; thresholds?: Partial<WarningThresholds>; limit?: number }): Warning[];
  pendingReports(q: { center: string; dueBefore?: number; limit?: number }): PendingReport[];
  backlog(q: { center: string; supervisedOnly?: boolean; limit?: number }): BacklogItem[];
  activity(q: { center: string; now: Date; days: number }): Activity;
  mediationsOf(caseId: string): MediationRef[];
  /** Where a case lies (lineage and current handler), for scoping live events of cases the hub hasn't seen. */
  scopeOf(caseCode: string): { areaCode: string; handlingCenter: string } | undefined;
  close(): Promise<void>;
}

function openDb(dbPath: string): Database.Database {
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  useViewJournal(db);
  createWarningTables(db);
  return db;
}

/** Opens the early-warning view and keeps it up to date from the store (checkpointed with its rows). */
export function createEarlyWarnings(options: EarlyWarningsOptions): EarlyWarnings {
  const db = openDb(options.dbPath);
  const directory = new RegionDirectory(options.regions);
  const apply = earlyWarningsApply(db, areaResolver(directory));
  const projection = startProjection({
    store: options.store,
    db,
    name: EARLY_WARNINGS,
    batchSize: options.batchSize ?? 1000,
    apply: (events) => apply(events),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const scopeStmt = db.prepare('SELECT area_code, handling_center FROM ew_cases WHERE case_code = ?');
  const base: WarningThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  return {
    db,
    projection,
    thresholds: base,
    warnings: (q) => warnings(db, directory, { center: q.center, now: q.now, thresholds: { ...base, ...q.thresholds }, ...(q.limit ? { limit: q.limit } : {}) }),
    pendingReports: (q) => pendingReports(db, directory, q),
    backlog: (q) => backlog(db, directory, q),
    activity: (q) => activity(db, q),
    mediationsOf: (caseId) => mediationsOf(db, caseId),
    scopeOf: (caseCode) => {
      const r = scopeStmt.get(caseCode) as { area_code: string; handling_center: string } | undefined;
      return r && { areaCode: r.area_code, handlingCenter: r.handling_center };
    },
    async close() {
      await projection.stop();
      db.close();
    },
  };
}

/**
 * Rebuilds warnings.db from zero into a fresh file, then swaps it in with one rename (run it while
 * no process has the file open, like the tier views' rebuild).
 */
export function rebuildEarlyWarnings(options: {
  store: EventStore;
  dbPath: string;
  regions: readonly Region[];
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
}): Promise<RebuildProgress> {
  return rebuildIntoFreshFile(options.dbPath, (db) => {
    // 256 MiB (the rebuild is its own short-lived process): parties are keyed by a hash, so their
    // inserts land all over the table, and at SQLite's default 2 MiB every one read its page back from disk.
    db.pragma('cache_size = -262144');
    createWarningTables(db);
    const apply = earlyWarningsApply(db, areaResolver(options.regions), { holdCounts: true });
    return rebuildProjection({
      store: options.store,
      db,
      name: EARLY_WARNINGS,
      // Small batches: a batch's events and their parsed data die young (see rebuildTierViews).
      batchSize: options.batchSize ?? 500,
      types: EARLY_WARNING_EVENT_TYPES,
      apply: (events) => apply(events),
      finish: () => apply.flush(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  });
}
