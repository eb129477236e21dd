import fs from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { rebuildIntoFreshFile } from './rebuild-file.js';

/** A live views file in WAL mode whose last rows are still only in its `-wal`, as after a crash. */
function crashedLiveFile(t: Test): string {
  const dir = t.testdir();
  const dbPath = path.join(dir, 'views.db');
  const image = path.join(dir, 'image.db');
  const live = new Database(dbPath);
  live.pragma('journal_mode = WAL');
  live.pragma('wal_autocheckpoint = 0');
  live.exec("CREATE TABLE old_rows (v TEXT); INSERT INTO old_rows VALUES ('checkpointed');");
  live.pragma('wal_checkpoint(TRUNCATE)');
  live.exec("INSERT INTO old_rows VALUES ('only in the wal');");
  // Copy the file and its WAL while open: what a crash leaves behind.
  fs.copyFileSync(dbPath, image);
  fs.copyFileSync(`${dbPath}-wal`, `${image}-wal`);
  live.close();
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(image, dbPath);
  fs.renameSync(`${image}-wal`, `${dbPath}-wal`);
  return dbPath;
}

const rows = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT v FROM ${table} ORDER BY rowid`).all() as { v: string }[]).map((r) => r.v);
  } finally {
    db.close();
  }
};
const leftovers = (dbPath: string) => fs.readdirSync(path.dirname(dbPath)).filter((f) => f.startsWith(`${path.basename(dbPath)}.rebuild`));

t.test('a failed build leaves the old file untouched and no .rebuild leftovers', async (t) => {
  const dbPath = crashedLiveFile(t);
  // Garbage from an earlier rebuild that died: cleared before building.
  fs.writeFileSync(`${dbPath}.rebuild`, 'not a database');
  fs.writeFileSync(`${dbPath}.rebuild-wal`, 'stale');
  let built = false;
  await t.rejects(
    rebuildIntoFreshFile(dbPath, async (db) => {
      db.exec("CREATE TABLE new_rows (v TEXT); INSERT INTO new_rows VALUES ('half');");
      built = true;
      throw new Error('store unreachable');
    }),
    /store unreachable/,
  );
  t.ok(built, 'the build ran on a fresh file (the garbage was removed first)');
  t.same(leftovers(dbPath), [], 'the half-built file and its side files are gone');
  t.ok(fs.existsSync(`${dbPath}-wal`), 'the old file was not touched, its WAL included');
  t.same(rows(dbPath, 'old_rows'), ['checkpointed', 'only in the wal']);
});

t.test('a successful build swaps in atomically and no stale -wal is replayed onto it', async (t) => {
  const dbPath = crashedLiveFile(t);
  const result = await rebuildIntoFreshFile(dbPath, async (db) => {
    t.equal(db.pragma('synchronous', { simple: true }), 0, 'the bulk load runs without fsync');
    t.equal(db.pragma('locking_mode', { simple: true }), 'exclusive', 'and holds the file alone');
    db.exec("CREATE TABLE new_rows (v TEXT); INSERT INTO new_rows VALUES ('rebuilt');");
    return 42;
  });
  t.equal(result, 42, "the build's answer is returned");
  t.same(leftovers(dbPath), []);
  t.notOk(fs.existsSync(`${dbPath}-wal`), 'the old WAL was folded into the old file and dropped before the rename');
  t.same(rows(dbPath, 'new_rows'), ['rebuilt']);
  const db = new Database(dbPath);
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'the new file opens in WAL mode, as the live runtime expects');
  const oldTable = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'old_rows'").get() as { n: number };
  t.equal(oldTable.n, 0, 'nothing of the old file shows through');
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
});

t.test('a first rebuild, with no live file yet, just creates it', async (t) => {
  const dbPath = path.join(t.testdir(), 'views.db');
  fs.writeFileSync(`${dbPath}-wal`, 'stale side file of a deleted database');
  await rebuildIntoFreshFile(dbPath, async (db) => {
    db.exec("CREATE TABLE new_rows (v TEXT); INSERT INTO new_rows VALUES ('first');");
  });
  t.notOk(fs.existsSync(`${dbPath}-wal`), 'the orphaned side file was removed, not replayed');
  t.same(rows(dbPath, 'new_rows'), ['first']);
  t.same(leftovers(dbPath), []);
});
