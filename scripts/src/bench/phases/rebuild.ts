import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SingleBar, Presets } from 'cli-progress';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { rebuildTierViews } from '@zz/projections';

/** The floor any rebuild stands on: every row of the event table read and its JSON parsed, nothing else. */
export function rawScan(eventsPath: string): { events: number; eventsPerSec: number } {
  const db = new Database(eventsPath, { readonly: true });
  try {
    const started = performance.now();
    let events = 0;
    let touched = 0;
    for (const row of db
      .prepare('SELECT position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata FROM events ORDER BY position')
      .raw(true)
      .iterate() as IterableIterator<unknown[]>) {
      const data = JSON.parse(row[7] as string) as unknown;
      const metadata = JSON.parse(row[8] as string) as unknown;
      if (data && metadata) touched++;
      events++;
    }
    const seconds = (performance.now() - started) / 1000;
    if (touched !== events) throw new Error('scan lost rows');
    return { events, eventsPerSec: events / seconds };
  } finally {
    db.close();
  }
}

/**
 * `rebuildTierViews` from zero, through the store's port (paged readAll), into `viewsPath`: wall-clock
 * events/s over the whole log (every position it covers, including the events of types it skips in the
 * query), including the index build and the atomic swap.
 */
export async function rebuild(eventsPath: string, viewsPath: string, label: string): Promise<{ events: number; applied: number; eventsPerSec: number; applyEventsPerSec: number; seconds: number }> {
  const store = openSqliteEventStore({ path: eventsPath, pageSize: 20_000 });
  const bar = new SingleBar({ format: `  ${label} |{bar}| {percentage}% {value}/{total} events | {eps} events/s | ETA {eta_formatted}`, hideCursor: true, fps: 4 }, Presets.shades_classic);
  try {
    const started = performance.now();
    const head = await store.headPosition(); // SQLite positions are gap-free: the head is the log's length
    bar.start(Number(head), 0, { eps: 0 });
    const result = await rebuildTierViews({
      store,
      dbPath: viewsPath,
      regions: jixiDemoRegions(),
      onProgress: (p) => bar.update(Number(p.position), { eps: p.eventsPerSec.toLocaleString('en-US') }),
    });
    const seconds = (performance.now() - started) / 1000;
    bar.stop();
    const events = Number(result.position);
    return { events, applied: result.events, eventsPerSec: events / seconds, applyEventsPerSec: result.eventsPerSec, seconds };
  } finally {
    bar.stop();
    await store.close();
  }
}

export function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}.rebuild`]) fs.rmSync(f, { force: true });
}

export const viewsFile = (dir: string, name = 'views.db') => path.join(dir, name);

/** The code that builds the files `npm run rebuild` builds: the projections' views and the services' consumers. */
const REBUILT_BY = ['projections/src/', 'services/deadlines/src/', 'services/petition/src/', 'services/reactions/src/'].map((d) => fileURLToPath(new URL(`../../../../${d}`, import.meta.url)));

/** Code under those folders that only serves the files (HTTP routes, the command center's pages), never builds them. */
const SERVING_ONLY = /^(http|command-center)\//;

/** A fingerprint of that code (non-test sources): files built by other code are rebuilt. */
export function rebuiltFilesFingerprint(): string {
  const h = createHash('sha256');
  for (const dir of REBUILT_BY) {
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !SERVING_ONLY.test(f)).sort();
    for (const f of files) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/** The rebuilt files of a cached dataset, when every one was built from all its events by this code. */
export function cachedViews(dir: string, files: readonly string[]): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, 'views-built.json'), 'utf8')) as { fingerprint: string };
    return marker.fingerprint === rebuiltFilesFingerprint() && files.every((f) => fs.existsSync(path.join(dir, f)));
  } catch {
    return false;
  }
}

export function markViewsBuilt(dir: string, fingerprint: string): void {
  fs.writeFileSync(path.join(dir, 'views-built.json'), JSON.stringify({ fingerprint }));
}
