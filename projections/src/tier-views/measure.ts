#!/usr/bin/env tsx
/**
 * A quick measurement (not a test): rebuild speed through the real SQLite store, and query latency
 * with a million cases in the view. `npx tsx projections/src/tier-views/measure.ts [rebuildCases] [queryCases]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore, type RecordedEvent } from '@zz/eventstore';
import { areaResolver } from './area.js';
import { CaseScript, lifecycle } from './fixtures.js';
import { openTierViewsDb, rebuildTierViews } from './index.js';
import { tierViewsApply } from './projector.js';
import { overdueList, queue, stats } from './queries.js';
import { createIndexes, createTables, loadCenters } from './schema.js';

const rebuildCases = Number(process.argv[2] ?? 250_000);
const queryCases = Number(process.argv[3] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tier-measure-'));
const regions = jixiDemoRegions();
const townships = regions.filter((r) => r.tier === 'township');
const T0 = Date.parse('2025-01-01T00:00:00Z');
const DAY = 86_400_000;

function caseEvents(i: number) {
  const township = townships[i % townships.length]!;
  const c = new CaseScript(township.code, i);
  // Spread a year of cases: lifecycle() places case i at T0 + i minutes, so scale i for the timeline.
  return { c, events: lifecycle(c, i, { township: township.code, county: township.parentCode!, area: i % 2 ? `${township.code}001` : township.code }, T0 - i * 60_000 + Math.floor((i / queryCases) * 365 * DAY)) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

// ---- A: rebuild through the store --------------------------------------------------------------
{
  const eventsPath = path.join(dir, 'events.db');
  const store = openSqliteEventStore({ path: eventsPath, pageSize: 20_000 });
  let t = performance.now();
  let inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < rebuildCases; i++) {
    const { c, events } = caseEvents(i);
    inFlight.push(store.append(c.stream, events, { expectedRevision: 'no_stream' }));
    if (inFlight.length >= 512) (await Promise.all(inFlight), (inFlight = []));
  }
  await Promise.all(inFlight);
  const head = await store.headPosition();
  console.log(`appended ${fmt(Number(head))} events (${fmt(rebuildCases)} cases) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  let c0 = process.cpuUsage();
  let scanned = 0;
  for (let after = 0n; ; ) {
    let n = 0;
    for await (const e of store.readAll({ after, maxCount: 20_000 })) (after = e.position), n++;
    if (n === 0) break;
    scanned += n;
  }
  const scanSec = (performance.now() - t) / 1000;
  const scanCpu = cpuSeconds(c0);
  console.log(`raw scan (readAll, decode rows): ${fmt(scanned / scanSec)} events/s wall, ${fmt(scanned / scanCpu)} events/s per CPU-second`);

  t = performance.now();
  c0 = process.cpuUsage();
  const result = await rebuildTierViews({ store, dbPath: path.join(dir, 'views.db'), regions });
  const rebuildSec = (performance.now() - t) / 1000;
  const rebuildCpu = cpuSeconds(c0);
  console.log(`rebuild per CPU-second: ${fmt(result.events / rebuildCpu)} events/s (ratio to raw scan ${(scanCpu / scanned / (rebuildCpu / result.events)).toFixed(2)}); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(
    `rebuild: ${fmt(result.events)} events in ${rebuildSec.toFixed(2)} s = ${fmt(result.events / rebuildSec)} events/s incl. index build and swap (apply loop alone ${fmt(result.eventsPerSec)} events/s); ratio to raw scan ${(result.events / rebuildSec / (scanned / scanSec)).toFixed(2)}`,
  );
  await store.close();
}

// ---- B: queries with queryCases in the view ----------------------------------------------------
{
  const viewsPath = path.join(dir, 'big-views.db');
  let t = performance.now();
  const bulk = new Database(viewsPath);
  bulk.pragma('journal_mode = OFF');
  bulk.pragma('synchronous = OFF');
  bulk.pragma('cache_size = -262144');
  createTables(bulk);
  loadCenters(bulk, regions);
  const apply = tierViewsApply(bulk, areaResolver(regions), { retainRows: 100_000 });
  let position = 0n;
  let batch: RecordedEvent[] = [];
  const flush = () => (bulk.transaction(() => apply(batch))(), (batch = []));
  for (let i = 0; i < queryCases; i++) {
    const { c, events } = caseEvents(i);
    events.forEach((e, r) => batch.push({ ...e, streamId: c.stream, revision: BigInt(r), position: ++position }));
    if (batch.length >= 20_000) flush();
  }
  flush();
  bulk.transaction(() => apply.flush())();
  createIndexes(bulk);
  bulk.pragma('journal_mode = WAL');
  bulk.close();
  console.log(`loaded ${fmt(queryCases)} cases (${fmt(Number(position))} events) into the view in ${((performance.now() - t) / 1000).toFixed(1)} s; file ${fmt(fs.statSync(viewsPath).size / 1e6)} MB`);

  const db = openTierViewsDb(viewsPath, regions);
  const now = new Date(T0 + 365 * DAY);
  const counties = regions.filter((r) => r.tier === 'county').map((r) => r.code);
  const open = (db.prepare('SELECT count(*) AS n FROM cases WHERE is_open = 1').get() as { n: number }).n;
  const overdue = stats(db, { center: '230300', now }).overdue;
  console.log(`open cases ${fmt(open)}, overdue at now ${fmt(overdue)}`);
  const measure = (label: string, fn: (i: number) => unknown) => {
    for (let i = 0; i < 50; i++) fn(i); // warm up
    const samples: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const s = performance.now();
      fn(i);
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    console.log(`${label.padEnd(44)} p50 ${samples[500]!.toFixed(3)} ms   p99 ${samples[990]!.toFixed(3)} ms`);
  };
  measure('county queue (area, open, 50)', (i) => queue(db, { center: counties[i % 9]!, now, limit: 50 }));
  measure('county queue, category filter', (i) => queue(db, { center: counties[i % 9]!, category: 'labour', now, limit: 50 }));
  measure('county queue, risk=red', (i) => queue(db, { center: counties[i % 9]!, risk: 'red', now, limit: 50 }));
  measure('county queue, overdue only', (i) => queue(db, { center: counties[i % 9]!, overdue: true, now, limit: 50 }));
  measure('county queue, status=closed', (i) => queue(db, { center: counties[i % 9]!, status: 'closed', now, limit: 50 }));
  measure('county queue, own', (i) => queue(db, { center: counties[i % 9]!, scope: 'own', now, limit: 50 }));
  let cursor: string | undefined;
  measure('county queue, paging deeper (cursor)', () => {
    const p = queue(db, { center: counties[0]!, now, limit: 50, ...(cursor ? { cursor } : {}) });
    cursor = p.nextCursor ?? undefined;
  });
  measure('township queue (area)', (i) => queue(db, { center: townships[i % townships.length]!.code, now, limit: 50 }));
  measure('city stats (9 county rollups)', () => stats(db, { center: '230300', now }));
  measure('county stats (township rollups)', (i) => stats(db, { center: counties[i % 9]!, now }));
  measure('city overdue list (100)', () => overdueList(db, { center: '230300', now, limit: 100 }));
  for (const sql of [
    "SELECT * FROM cases WHERE county_code = '230302' AND is_open = 1 ORDER BY due_sort, reg_order LIMIT 51",
    "SELECT * FROM cases WHERE county_code = '230302' AND is_open = 1 AND category = 'labour' AND (due_sort, reg_order) > (1, 2) ORDER BY due_sort, reg_order LIMIT 51",
  ])
    console.log('plan:', (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | '));
  db.close();
}
fs.rmSync(dir, { recursive: true, force: true });
