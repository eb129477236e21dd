import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '@zz/eventstore';
import { startServer } from '../child.js';
import { load, type LoadResult } from '../load.js';
import { prng } from '../../demo-cases.js';
import { registration } from '../workload.js';

/** A bare Fastify route: same framework, same JSON body parsing, no auth, no validation, no store. */
export async function bareFastify(opts: { runs: number; seconds: number; connections: number[]; profileDir?: string }, log: (l: string) => void): Promise<Record<number, LoadResult[]>> {
  const server = await startServer('bare', opts.profileDir ? { profileDir: opts.profileDir } : {});
  const out: Record<number, LoadResult[]> = {};
  try {
    // The body of a real registration, so parsing costs the same.
    const { body } = registration(prng(7));
    await load({ url: server.url, connections: 8, duration: 1, requests: [{ method: 'POST', path: '/bare', body }] }); // warm-up
    for (let run = 1; run <= opts.runs; run++) {
      for (const connections of opts.connections) {
        const r = await load({ url: server.url, connections, duration: opts.seconds, requests: [{ method: 'POST', path: '/bare', body }] });
        (out[connections] ??= []).push(r);
        log(`  run ${run}: bare Fastify, ${connections} clients: ${Math.round(r.rate)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
      }
    }
  } finally {
    await server.stop();
  }
  return out;
}

type Row = [string, number, string, string, number, string, string, string];

/** The first `count` rows of a generated dataset: the event rows the product writes. */
export function sampleRows(eventsPath: string, count: number): Row[] {
  const db = new Database(eventsPath, { readonly: true });
  try {
    return db.prepare('SELECT stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata FROM events ORDER BY position LIMIT ?').raw(true).all(count) as Row[];
  } finally {
    db.close();
  }
}

/**
 * Raw better-sqlite3 inserts of the same rows into the store's own table with the store's durability
 * (WAL, synchronous=FULL: every COMMIT fsyncs), `perTransaction` rows per COMMIT.
 */
export async function rawAppends(dir: string, rows: Row[], perTransaction: number): Promise<{ rowsPerSec: number; commitsPerSec: number }> {
  const file = path.join(dir, `raw-${perTransaction}-${Date.now()}.db`);
  await openSqliteEventStore({ path: file }).close(); // same schema and settings as the store
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((batch: Row[]) => {
    for (const r of batch) insert.run(...r);
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += perTransaction) tx(rows.slice(i, i + perTransaction));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return { rowsPerSec: rows.length / seconds, commitsPerSec: Math.ceil(rows.length / perTransaction) / seconds };
}
