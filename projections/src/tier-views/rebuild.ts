import { intake, mediation, petition, referral, type Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildIntoFreshFile, rebuildProjection, type RebuildProgress } from '@zz/bus';
import { areaResolver } from './area.js';
import { tierViewsApply } from './projector.js';
import { createIndexes, createTables, loadCenters } from './schema.js';

export const TIER_VIEWS = 'tier-views';

/** What the tier views look at (projector.ts, flow-states.ts): the case-code claims, the largest rows of the log, are not read. */
export const TIER_VIEW_EVENT_TYPES: readonly string[] = [...intake.INTAKE_EVENT_TYPES, ...mediation.MEDIATION_EVENT_TYPES, ...referral.REFERRAL_EVENT_TYPES, ...petition.PETITION_EVENT_TYPES];

export interface RebuildTierViewsOptions {
  store: EventStore;
  /** The live views file; it is replaced only once the new one is complete. */
  dbPath: string;
  regions: readonly Region[];
  batchSize?: number;
  /** Cases held in memory across batches while rebuilding (default 100,000; about 1 KB each). */
  retainRows?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

/**
 * Rebuilds the tier views from zero into a fresh file next to `dbPath`, then swaps it in with one
 * rename: readers see the old views or the new ones, never a half-built file. Run it while no
 * process has `dbPath` open (a process that has keeps reading the old file until it reopens).
 */
export function rebuildTierViews(options: RebuildTierViewsOptions): Promise<RebuildProgress> {
  return rebuildIntoFreshFile(options.dbPath, async (db) => {
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -262144'); // 256 MiB: the rebuild is its own short-lived process
    createTables(db);
    loadCenters(db, options.regions);
    const apply = tierViewsApply(db, areaResolver(options.regions), { retainRows: options.retainRows ?? 100_000 });
    const result = await rebuildProjection({
      store: options.store,
      db,
      name: TIER_VIEWS,
      // Small batches: a batch's events and their parsed data die young. At 5000 they outlived
      // the young generation and the scavenger copied most of the log; 500 was ~1.5x faster.
      batchSize: options.batchSize ?? 500,
      types: TIER_VIEW_EVENT_TYPES,
      apply: (events) => apply(events),
      finish: () => apply.flush(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    createIndexes(db); // one sort per index instead of a million random inserts
    return result;
  });
}
