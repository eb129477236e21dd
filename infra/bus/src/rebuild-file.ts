import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Builds a SQLite file from zero next to `dbPath` (`<dbPath>.rebuild`) and swaps it in with one
 * rename, so readers see the old file or the complete new one, never a half-built one. Shared by the
 * views' rebuilds. Run it while no process has `dbPath` open (one that has keeps the old file until it
 * reopens).
 *
 * `build` gets the fresh file with no journal, no fsync and an exclusive lock (it is thrown away if
 * anything fails, so the bulk load needs none of them); set any cache pragmas there. Afterwards the
 * file is switched to WAL (persistent: the live runtime opens it that way), fsynced, the old file's
 * WAL is folded in and dropped so no stale `-wal` is ever replayed onto the new file, and the
 * directory is fsynced so the rename survives a crash. On failure the old file is left untouched and
 * the half-built one and its side files are removed.
 */
export async function rebuildIntoFreshFile<T>(dbPath: string, build: (db: Database.Database) => Promise<T>): Promise<T> {
  const tmp = `${dbPath}.rebuild`;
  removeDatabaseFiles(tmp); // an earlier rebuild that crashed
  const db = new Database(tmp);
  let result: T;
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    result = await build(db);
    db.pragma('locking_mode = NORMAL');
    db.pragma('journal_mode = WAL');
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
 * Folds the old file's WAL into it and drops the WAL, so no stale `-wal` can be replayed onto the
 * new file after the rename. A file that won't open is garbage: its side files go too.
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
