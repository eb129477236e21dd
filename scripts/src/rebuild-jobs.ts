import { fork } from 'node:child_process';
import cliProgress from 'cli-progress';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Region } from '@zz/contracts';
import type { RebuildProgress } from '@zz/bus';
import type { RebuildablesConfig } from './rebuildables.js';

/** One file to rebuild, as a child process is told. */
export interface RebuildJob {
  name: string;
  eventsPath: string;
  dbPath: string;
  regions: readonly Region[];
  batchSize?: number;
  config: RebuildablesConfig;
}

export type RebuildResult = RebuildProgress & { note?: string; seconds: number };

/** What a rebuild child says over IPC (advanced serialisation: bigints cross as they are). */
export type RebuildChildMessage = { type: 'progress'; progress: RebuildProgress } | { type: 'done'; result: RebuildResult } | { type: 'failed'; message: string };

/**
 * One job per core, at most four: more jobs than cores only make each slower, and each holds a few
 * hundred MB (its page cache, the rows it keeps across batches); the flow views' rebuild is the long
 * pole beyond two or three anyway.
 */
export const defaultJobs = (): number => Math.max(1, Math.min(4, os.availableParallelism()));

/**
 * Rebuilds the given files, `jobs` at a time, each in its own child process (rebuild-child.ts): the
 * rebuilds share nothing but the event file they read, so on two cores two at once take about half
 * the wall-clock time of one after another, and a rebuild that runs out of memory or crashes takes
 * only its own file down (its half-built file is discarded; the old one stays). Resolves with every
 * result in the order given; rejects with the first failure once the running jobs have ended.
 */
export async function rebuildInChildren(
  jobs: readonly RebuildJob[],
  options: { parallel?: number; onProgress?: (job: RebuildJob, p: RebuildProgress) => void; onDone?: (job: RebuildJob, r: RebuildResult) => void } = {},
): Promise<RebuildResult[]> {
  const results = new Array<RebuildResult>(jobs.length);
  let next = 0;
  let failure: Error | null = null;
  const worker = async () => {
    while (next < jobs.length && !failure) {
      const i = next++;
      const job = jobs[i]!;
      try {
        results[i] = await runChild(job, (p) => options.onProgress?.(job, p));
        options.onDone?.(job, results[i]!);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel ?? defaultJobs(), jobs.length)) }, worker));
  if (failure) throw failure;
  return results;
}

const CHILD = fileURLToPath(new URL('./rebuild-child.ts', import.meta.url));

function runChild(job: RebuildJob, onProgress: (p: RebuildProgress) => void): Promise<RebuildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'], // the parent's cwd: relative paths mean the same
    });
    let settled: RebuildResult | Error | null = null;
    child.on('message', (m: RebuildChildMessage) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') settled = m.result;
      else settled = new Error(`重建失败 / rebuild of ${job.name} failed: ${m.message}`);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (settled instanceof Error) reject(settled);
      else if (settled && code === 0) resolve(settled);
      else reject(new Error(`重建进程异常退出 / rebuild of ${job.name} exited with ${signal ?? code} before finishing`));
    });
    child.send(job);
  });
}

/**
 * rebuildInChildren with a progress bar per file (`npm run rebuild`, the bench's query phase). Each
 * finished file is reported, above the bars on a terminal, with the line `describe` makes of it.
 */
export async function rebuildWithProgress(
  jobs: readonly RebuildJob[],
  options: { parallel: number; describe: (job: RebuildJob, r: RebuildResult) => string },
): Promise<{ results: RebuildResult[]; seconds: number }> {
  // Not a terminal (CI, a log file): the bars are printed as lines every 15 s, and the finished files
  // straight away (cli-progress would hold log lines back until a redraw).
  const tty = Boolean(process.stderr.isTTY);
  const multibar = new cliProgress.MultiBar(
    { format: '{name} |{bar}| {percentage}% | {value}/{total} | {eps} events/s | ETA {eta_formatted}', hideCursor: true, fps: 5, noTTYOutput: true, notTTYSchedule: 15_000 },
    cliProgress.Presets.shades_classic,
  );
  const say = (line: string) => (tty ? multibar.log(`${line}\n`) : process.stdout.write(`${line}\n`));
  const bars = new Map(jobs.map((j) => [j.name, multibar.create(0, 0, { name: j.name.padEnd(14), eps: 0 })]));
  const started = performance.now();
  try {
    const results = await rebuildInChildren(jobs, {
      parallel: options.parallel,
      onProgress: (job, p) => {
        const bar = bars.get(job.name)!;
        bar.setTotal(Number(p.head));
        bar.update(Number(p.position), { eps: p.eventsPerSec.toLocaleString('en-US') });
      },
      onDone: (job, r) => {
        bars.get(job.name)!.update(Number(r.position), { eps: r.eventsPerSec.toLocaleString('en-US') });
        say(options.describe(job, r));
      },
    });
    return { results, seconds: (performance.now() - started) / 1000 };
  } finally {
    multibar.stop();
  }
}
