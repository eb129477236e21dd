#!/usr/bin/env tsx
// `npm run rebuild [-- --data-dir ./data --regions regions.json --jobs 2 --only deadlines,reactions]`:
// rebuilds every file the runtime keeps from the log (views, deadline clocks, petition index, reactions'
// checkpoint) from <DATA_DIR>/events.db into a fresh file each, then swaps it in. Stop the server first:
// a running process keeps reading the file it opened until it restarts.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Region, jixiDemoRegions } from '@zz/contracts';
import { rebuildables } from './rebuildables.js';
import { defaultJobs, rebuildWithProgress } from './rebuild-jobs.js';

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
  .option('--batch-size <n>', '每个事务的事件数 / events per transaction (default: each file its own, measured best)', positiveInt)
  .option('--jobs <n>', '同时重建的文件数（各自一个进程） / files rebuilt at once, each in its own process', positiveInt, defaultJobs())
  .option('--deadline-policy <file>', '时限规则文件 / deadline policy (env DEADLINE_POLICY_FILE)', process.env.DEADLINE_POLICY_FILE)
  .option('--holidays <file>', '节假日文件 / holiday calendar (env HOLIDAYS_FILE)', process.env.HOLIDAYS_FILE)
  .option('--only <names>', '只重建 / only these, comma-separated (default: all)')
  .parse();
const opts = program.opts<{ dataDir: string; regions?: string; batchSize?: number; jobs: number; deadlinePolicy?: string; holidays?: string; only?: string }>();

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

const config = { ...(opts.deadlinePolicy ? { deadlinePolicyFile: opts.deadlinePolicy } : {}), ...(opts.holidays ? { holidaysFile: opts.holidays } : {}) };
const all = rebuildables(config);
const only = opts.only?.split(',').map((n) => n.trim());
const unknown = only?.filter((n) => !all.some((v) => v.name === n)) ?? [];
if (unknown.length) fail(`未知 / unknown: ${unknown.join(', ')} (known: ${all.map((v) => v.name).join(', ')})`);
const chosen = only ? all.filter((v) => only.includes(v.name)) : all;

const jobs = Math.min(opts.jobs, chosen.length);
process.stdout.write(`重建 rebuilding ${chosen.map((v) => v.name).join(', ')} from ${eventsPath}, ${jobs} at a time\n`);
try {
  const { seconds } = await rebuildWithProgress(
    chosen.map((view) => ({
      name: view.name,
      eventsPath,
      dbPath: path.join(opts.dataDir, view.file),
      regions,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      config,
    })),
    {
      parallel: jobs,
      describe: (job, r) =>
        `已重建 rebuilt ${job.name} → ${job.dbPath}: ${r.events.toLocaleString('en-US')} events applied in ${r.seconds.toFixed(1)} s (incl. indexing), position ${r.position}${r.note ? `; ${r.note}` : ''}`,
    },
  );
  process.stdout.write(`全部完成 / all rebuilt in ${seconds.toFixed(1)} s\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
