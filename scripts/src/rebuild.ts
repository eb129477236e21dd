#!/usr/bin/env tsx
// `npm run rebuild [-- --data-dir ./data --regions regions.json --batch-size 20000 --only deadlines,reactions]`:
// rebuilds every file the runtime keeps from the log (views, deadline clocks, petition index, reactions'
// checkpoint) from <DATA_DIR>/events.db into a fresh file each, then swaps it in. Stop the server first:
// a running process keeps reading the file it opened until it restarts.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { Region, jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { rebuildables } from './rebuildables.js';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('须为正整数 / must be a positive integer');
  return n;
};

const program = new Command()
  .name('rebuild')
  .description('从事件存储重建全部视图 / rebuild every view from zero from the event store')
  .option('--data-dir <dir>', '数据目录 / data directory (env DATA_DIR)', process.env.DATA_DIR ?? 'data')
  .option('--regions <file>', '行政区划文件(JSON) / region file (JSON array); default: Jixi demo regions (env REGIONS_FILE)', process.env.REGIONS_FILE)
  .option('--batch-size <n>', '每个事务的事件数 / events per transaction', positiveInt, 5000)
  .option('--deadline-policy <file>', '时限规则文件 / deadline policy (env DEADLINE_POLICY_FILE)', process.env.DEADLINE_POLICY_FILE)
  .option('--holidays <file>', '节假日文件 / holiday calendar (env HOLIDAYS_FILE)', process.env.HOLIDAYS_FILE)
  .option('--only <names>', '只重建 / only these, comma-separated (default: all)')
  .parse();
const opts = program.opts<{ dataDir: string; regions?: string; batchSize: number; deadlinePolicy?: string; holidays?: string; only?: string }>();

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const eventsPath = path.join(opts.dataDir, 'events.db');
if (!fs.existsSync(eventsPath)) fail(`事件存储不存在 / no event store at ${eventsPath} (DATA_DIR=${opts.dataDir})`);

let regions: Region[];
if (opts.regions) {
  const parsed = Region.array().safeParse(JSON.parse(fs.readFileSync(opts.regions, 'utf8')));
  if (!parsed.success) fail(`行政区划文件无效 / invalid region file ${opts.regions}: ${parsed.error.message}`);
  regions = parsed.data;
} else {
  regions = jixiDemoRegions();
}

const all = rebuildables({ ...(opts.deadlinePolicy ? { deadlinePolicyFile: opts.deadlinePolicy } : {}), ...(opts.holidays ? { holidaysFile: opts.holidays } : {}) });
const only = opts.only?.split(',').map((n) => n.trim());
const unknown = only?.filter((n) => !all.some((v) => v.name === n)) ?? [];
if (unknown.length) fail(`未知 / unknown: ${unknown.join(', ')} (known: ${all.map((v) => v.name).join(', ')})`);
const chosen = only ? all.filter((v) => only.includes(v.name)) : all;

const store = openSqliteEventStore({ path: eventsPath });
try {
  for (const view of chosen) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${view.name.padEnd(14)} |{bar}| {percentage}% | {value}/{total} | {eps} events/s | ETA {eta_formatted}`,
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, { eps: 0 });
    const started = performance.now();
    const result = await view.rebuild({
      store,
      dbPath: path.join(opts.dataDir, view.file),
      regions,
      batchSize: opts.batchSize,
      onProgress: (p) => {
        bar.setTotal(Number(p.head));
        bar.update(Number(p.position), { eps: p.eventsPerSec.toLocaleString('en-US') });
      },
    });
    bar.update(Number(result.position), { eps: result.eventsPerSec.toLocaleString('en-US') });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `已重建 rebuilt ${view.name} → ${path.join(opts.dataDir, view.file)}: ${result.events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${Math.round(result.events / seconds).toLocaleString('en-US')} events/s incl. indexing), position ${result.position}${result.note ? `; ${result.note}` : ''}\n`,
    );
  }
} finally {
  await store.close();
}
