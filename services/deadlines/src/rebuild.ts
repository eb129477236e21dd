import type { deadlines } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildIntoFreshFile, rebuildProjection, type RebuildProgress } from '@zz/bus';
import type { HolidayCalendar } from './domain/calendar.js';
import { clockApplier, DEADLINE_PROJECTION } from './application/clock-projection.js';
import { relevantEventTypes } from './domain/engine.js';

export interface RebuildDeadlineClocksOptions {
  store: EventStore;
  /** The watcher's file (DATA_DIR/deadlines.db); built fresh beside it and swapped in. */
  dbPath: string;
  policy: deadlines.DeadlinePolicy;
  calendar: HolidayCalendar;
  /** Events per transaction (default 20,000). */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

/**
 * Rebuilds the deadline watcher's clock view from zero (`npm run rebuild`), offline: the same apply as
 * the live watcher into a fresh file, swapped in when complete. Only the view is rebuilt — the alerts
 * themselves are events on the clocks' own streams, so a watcher started on the rebuilt file knows
 * every alert already recorded and appends none twice. Run it with no watcher running on the file.
 */
export function rebuildDeadlineClocks(options: RebuildDeadlineClocksOptions): Promise<RebuildProgress> {
  return rebuildIntoFreshFile(options.dbPath, (db) => {
    db.pragma('cache_size = -131072'); // 128 MiB: a short-lived process
    return rebuildProjection({
      store: options.store,
      db,
      name: DEADLINE_PROJECTION,
      apply: clockApplier(db, options.policy, options.calendar),
      types: [...relevantEventTypes(options.policy)], // the events the policy names: the applier skips all others
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  });
}
