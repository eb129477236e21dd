import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { rebuildProjection, type RebuildProgress } from '@zz/bus';
import { flowViewsApply } from './apply.js';
import { FLOW_VIEWS, createFlowTables } from './schema.js';

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
export async function rebuildFlowViews(options: RebuildFlowViewsOptions): Promise<RebuildProgress> {
  const { dbPath } = options;
  const tmp = `${dbPath}.rebuild`;
  removeDatabaseFiles(tmp);
  const db = new Database(tmp);
  let result: RebuildProgress;
  try {
    // Thrown away if anything fails: the bulk load needs no journal and no fsync.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -131072'); // 128 MiB: a short-lived process
    createFlowTables(db);
    const apply = flowViewsApply(db, options.regions);
    result = await rebuildProjection({
      store: options.store,
      db,
      name: FLOW_VIEWS,
      batchSize: options.batchSize ?? 5000,
      apply: (events) => apply(events),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
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

/** Folds the old file's WAL into it and drops the WAL, so no stale `-wal` is replayed onto the new file. */
function retire(dbPath: string): void {
  if (!fs.existsSync(dbPath)) return removeSideFiles(dbPath);
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
