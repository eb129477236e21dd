import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './server.js';

export const BENCH_JWT_SECRET = 'bench-jwt-secret-bench-jwt-secret';
export const BENCH_PII_HASH_SECRET = 'bench-pii-hash-secret-0123456789';

export interface ServerChild {
  url: string;
  port: number;
  pid: number;
  /** View position when the server was ready (embedded only). */
  position: bigint;
  startupMs: number;
  /** Peak RSS (MiB) up to ready: start-up, including views catching up with history. */
  startupPeakMiB: number;
  /** Whether the peak was reset at ready, so memory().peakMiB covers serving only. */
  peakReset: boolean;
  /** Peak (VmHWM) and current (VmRSS) resident set in MiB, read by the child from /proc/self/status. */
  memory(): Promise<{ peakMiB: number; rssMiB: number; heapMiB: number }>;
  /** The event store's head position, and its commits (fsyncs) and the appends they carried (embedded only). */
  store(): Promise<{ head: bigint; commits: number; appends: number }>;
  stop(): Promise<void>;
}

/**
 * Starts server.ts in its own process so the load generator never shares its event loop.
 * `profileDir`: run it under `node --cpu-prof` and write the profile there.
 */
export async function startServer(mode: 'bare' | 'embedded', opts: { dataDir?: string; profileDir?: string; logLevel?: string } = {}): Promise<ServerChild> {
  const execArgv = ['--import', 'tsx', ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])];
  const child: ChildProcess = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [mode, ...(opts.dataDir ? [opts.dataDir] : [])], {
    execArgv,
    env: { ...process.env, BENCH_JWT_SECRET, BENCH_PII_HASH_SECRET, ...(opts.logLevel ? { BENCH_LOG_LEVEL: opts.logLevel } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench server (${mode}) gave no '${type}' within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: ChildMessage) => {
        if (m.type !== type) return;
        cleanup();
        resolve(m as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`bench server (${mode}) exited with ${code} before '${type}'`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const ready = await next('ready', 300_000);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const post = (m: ParentMessage) => child.send(m);
  return {
    url: `http://127.0.0.1:${ready.port}`,
    port: ready.port,
    pid: child.pid!,
    position: BigInt(ready.position),
    startupMs: ready.startupMs,
    startupPeakMiB: ready.startupPeakKiB / 1024,
    peakReset: ready.peakReset,
    async memory() {
      const m = next('memory', 10_000);
      post({ type: 'memory' });
      const r = await m;
      return { peakMiB: r.vmHwmKiB / 1024, rssMiB: r.vmRssKiB / 1024, heapMiB: r.heapUsed / 2 ** 20 };
    },
    async store() {
      const m = next('store', 10_000);
      post({ type: 'store' });
      const r = await m;
      return { head: BigInt(r.head), commits: r.commits, appends: r.appends };
    },
    async stop() {
      if (child.exitCode !== null) return;
      post({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
