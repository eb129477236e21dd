import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildProjection, type RebuildProgress } from '@zz/bus';
import { areaResolver } from './area.js';
import { tierViewsApply } from './projector.js';
import { createIndexes, createTables, loadCenters } from './schema.js';

export const TIER_VIEWS = 'tier-views';

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
export async function rebuildTierViews(options: RebuildTierViewsOptions): Promise<RebuildProgress> {
  const { dbPath } = options;
  const tmp = `${dbPath}.rebuild`;
  removeDatabaseFiles(tmp);
  const db = new Database(tmp);
  let result: RebuildProgress;
  try {
    // The file is thrown away if anything fails, so the bulk load needs no journal and no fsync.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -262144'); // 256 MiB: the rebuild is its own short-lived process
    createTables(db);
    loadCenters(db, options.regions);
    const apply = tierViewsApply(db, areaResolver(options.regions), { retainRows: options.retainRows ?? 100_000 });
    result = await rebuildProjection({
      store: options.store,
      db,
      name: TIER_VIEWS,
      batchSize: options.batchSize ?? 5000,
      apply: (events) => apply(events),
      finish: () => apply.flush(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    createIndexes(db); // one sort per index instead of a million random inserts
    db.pragma('locking_mode = NORMAL');
    db.pragma('journal_mode = WAL'); // persistent: the live runtime opens it in WAL mode
    db.close();
  } catch (error) {
    if (db.open) db.close();
    removeDatabaseFiles(tmp);
    throw error;
  }
  fsyncPath(tmp);
  retire(dbPath);
  fs.renameSync(tmp, dbPath);
  fsyncPath(path.dirname(path.resolve(dbPath)));
  return result;
}

/**
 * Folds the old file's WAL into it and drops the WAL, so no stale `-wal` can ever be replayed
 * onto the new file after the rename. A file that won't open is garbage: its side files go too.
 */
function retire(dbPath: string): void {
  if (!fs.existsSync(dbPath)) {
    removeSideFiles(dbPath);
    return;
  }
  try {
    const old = new Database(dbPath);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.pragma('journal_mode = DELETE');
    old.close();
  } catch {
    removeSideFiles(dbPath);
  }
}

function removeSideFiles(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
function removeDatabaseFiles(file: string): void {
  fs.rmSync(file, { force: true });
  removeSideFiles(file);
}
function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
