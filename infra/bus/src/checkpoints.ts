import type Database from 'better-sqlite3';

/**
 * A projection's checkpoint lives in the same SQLite file as its view rows, so one transaction
 * moves both: after a crash, views and checkpoint are never out of step.
 */
export function ensureCheckpointTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID`);
}

export function readCheckpoint(db: Database.Database, name: string): bigint {
  const row = db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(name) as { position: number | bigint } | undefined;
  return row ? BigInt(row.position) : 0n;
}

/** A prepared writer for one projection's checkpoint; call it inside the batch's transaction. */
export function checkpointWriter(db: Database.Database, name: string): (position: bigint) => void {
  const stmt = db.prepare('INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
  return (position) => void stmt.run(name, position);
}
