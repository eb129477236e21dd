import Database from 'better-sqlite3';
import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { startProjection, useViewJournal, type RunningProjection } from '@zz/bus';
import { areaResolver } from './area.js';
import { tierViewsApply } from './projector.js';
import { getCase, getCaseByCode, overdueList, queue, stats, type CaseView, type CenterStats, type QueuePage, type QueueQuery } from './queries.js';
import { TIER_VIEWS } from './rebuild.js';
import { createIndexes, createTables, loadCenters } from './schema.js';

export * from './queries.js';
export { rebuildTierViews, TIER_VIEWS, type RebuildTierViewsOptions } from './rebuild.js';
export { areaResolver, type AreaLineage, type AreaResolver } from './area.js';
export { tierViewsApply } from './projector.js';
export { evolveCaseRow, NO_DUE, UNASSESSED, type CaseRow } from './case-row.js';
export { flowBuckets, flowStatesApply, FLOW_DIMS, type FlowItemState, type MediationBucket } from './flow-states.js';

/** Opens (creating if needed) the views file with the settings the live runtime uses. */
export function openTierViewsDb(dbPath: string, regions: readonly Region[]): Database.Database {
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  useViewJournal(db);
  db.pragma('cache_size = -32768'); // 32 MiB
  createTables(db);
  createIndexes(db);
  loadCenters(db, regions);
  return db;
}

export interface TierViewsOptions {
  store: EventStore;
  dbPath: string;
  regions: readonly Region[];
  /** Events per transaction while catching up (default 1000). */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface TierViews {
  readonly db: Database.Database;
  readonly projection: RunningProjection;
  queue(q: QueueQuery): QueuePage;
  stats(q: { center: string; now: Date }): CenterStats;
  overdueList(q: { center: string; now: Date; limit?: number }): CaseView[];
  getCase(caseId: string, now?: Date): CaseView | undefined;
  getCaseByCode(caseCode: string, now?: Date): CaseView | undefined;
  /** Stops the projection and closes the file. */
  close(): Promise<void>;
}

/** Opens the township / county / city views and keeps them up to date from the store. */
export function createTierViews(options: TierViewsOptions): TierViews {
  const db = openTierViewsDb(options.dbPath, options.regions);
  const apply = tierViewsApply(db, areaResolver(options.regions));
  const projection = startProjection({
    store: options.store,
    db,
    name: TIER_VIEWS,
    batchSize: options.batchSize ?? 1000,
    apply: (events) => apply(events),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return tierViewsOver(db, projection);
}

/**
 * The views' queries over an open views file, whatever keeps it up to date (the store's projection
 * here, a Kafka consumer in kafka-worker.ts); closing stops that first, then closes the file.
 */
export function tierViewsOver(db: Database.Database, projection: RunningProjection): TierViews {
  return {
    db,
    projection,
    queue: (q) => queue(db, q),
    stats: (q) => stats(db, q),
    overdueList: (q) => overdueList(db, q),
    getCase: (caseId, now) => getCase(db, caseId, now),
    getCaseByCode: (caseCode, now) => getCaseByCode(db, caseCode, now),
    async close() {
      await projection.stop();
      db.close();
    },
  };
}
