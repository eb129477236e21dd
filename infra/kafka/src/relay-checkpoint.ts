/**
 * The relay's checkpoint: the global position of the last event the broker has acknowledged.
 * A small SQLite table (WAL, synchronous=FULL: a saved position survives a power cut), one row per
 * relay name, so several relays (e.g. one per topic) can share a file.
 */
import Database from 'better-sqlite3';

export interface RelayCheckpoint {
  /** Last acknowledged position; 0n when the relay never ran (start from the beginning). */
  load(): bigint;
  save(position: bigint): void;
  close(): void;
}

export function openRelayCheckpoint(opts: { path: string; name: string }): RelayCheckpoint {
  const db = new Database(opts.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS relay_checkpoint (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
  const select = db.prepare<[string], { position: string }>('SELECT position FROM relay_checkpoint WHERE name = ?');
  const upsert = db.prepare<[string, string]>('INSERT INTO relay_checkpoint (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position');
  return {
    load: () => BigInt(select.get(opts.name)?.position ?? '0'),
    save: (position) => void upsert.run(opts.name, position.toString()),
    close: () => db.close(),
  };
}
