import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildIntoFreshFile, rebuildProjection, type RebuildProgress } from '@zz/bus';
import { flowViewsApply } from './apply.js';
import { FLOW_VIEWS, createFlowTables } from './schema.js';
import { TIMELINE_BY_CASE, createTimelineTables } from '../timeline/schema.js';

export interface RebuildFlowViewsOptions {
  store: EventStore;
  /** The live file; replaced only once the new one is complete. */
  dbPath: string;
  regions: readonly Region[];
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

/**
 * Rebuilds the flow views from zero into a fresh file next to `dbPath`, then swaps it in with one
 * rename (readers see the old views or the new ones). Run it while no process has `dbPath` open.
 */
export function rebuildFlowViews(options: RebuildFlowViewsOptions): Promise<RebuildProgress> {
  return rebuildIntoFreshFile(options.dbPath, async (db) => {
    db.pragma('cache_size = -131072'); // 128 MiB: a short-lived process
    createFlowTables(db);
    // The timeline's case index is built once at the end (one sort) rather than by a million inserts in case order.
    db.exec(`DROP INDEX ${TIMELINE_BY_CASE}`);
    const apply = flowViewsApply(db, options.regions);
    const result = await rebuildProjection({
      store: options.store,
      db,
      name: FLOW_VIEWS,
      batchSize: options.batchSize ?? 5000,
      apply: (events) => apply(events),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    createTimelineTables(db); // its DDL creates the dropped index (the tables exist already)
    return result;
  });
}
