import Database from 'better-sqlite3';

/**
 * One table is the whole log. `position` is the rowid: SQLite assigns max(rowid)+1 inside the
 * write transaction, so positions stay gap-free even when a savepoint is rolled back.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at    TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
`;

/**
 * Opens a connection with the durability settings every connection must share:
 * WAL + synchronous=FULL means a COMMIT returns only after the WAL is fsynced, so an
 * acknowledged append survives kill -9 and power loss.
 */
export function openSqliteDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000'); // other processes may hold the write lock briefly
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(DDL);
  return db;
}
