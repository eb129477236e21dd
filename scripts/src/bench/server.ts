// Benchmark child process (not for production): serves either a bare Fastify route (the baseline) or
// the embedded runtime on 127.0.0.1, and answers its parent over IPC (ready, peak RSS, stop).
// Run by child.ts as `node --import tsx server.ts <bare|embedded> [dataDir]`.
import { readFileSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { parseConfig } from '@zz/http';
import { ProcessEnv as RuntimeEnv } from '@zz/config';
import type { SqliteEventStore } from '@zz/eventstore';
import { createEmbeddedRuntime } from '../runtime/embedded.js';

export type ParentMessage = { type: 'memory' } | { type: 'store' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; port: number; position: string; startupMs: number; startupPeakKiB: number; peakReset: boolean }
  | { type: 'memory'; vmHwmKiB: number; vmRssKiB: number; heapUsed: number }
  /** The event store's head and its commits (transactions, i.e. fsyncs) and the appends they carried. */
  | { type: 'store'; head: string; commits: number; appends: number };

const send = (m: ChildMessage) => process.send?.(m);

/** Peak and current resident set size from the kernel's own accounting. */
function memory(): ChildMessage {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s*(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { type: 'memory', vmHwmKiB: kib('VmHWM'), vmRssKiB: kib('VmRSS'), heapUsed: process.memoryUsage().heapUsed };
}

const [mode, dataDir] = process.argv.slice(2);
const started = performance.now();
let stop: () => Promise<void>;
let storeStats: () => Promise<ChildMessage> = async () => ({ type: 'store', head: '0', commits: 0, appends: 0 });
let port: number;
let position = 0n;

if (mode === 'bare') {
  // The same framework and JSON body parsing as the product, nothing else: the ceiling for any route.
  const app = Fastify({ logger: false });
  app.post('/bare', async (_request, reply) => reply.code(201).send({ ok: true }));
  app.get('/bare', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  stop = () => app.close();
} else if (mode === 'embedded') {
  const env = parseConfig(RuntimeEnv, {
    DATA_DIR: dataDir,
    JWT_SECRET: process.env.BENCH_JWT_SECRET,
    PII_HASH_SECRET: process.env.BENCH_PII_HASH_SECRET,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The generated province-year has no deadline alerts in it (a live system's watcher would have
    // recorded them through the year): a first tick would append one for every overdue clock at once,
    // loading the measurement and changing the cached dataset. A day's interval: no tick while measuring.
    DEADLINE_TICK_MS: '86400000',
  });
  const runtime = await createEmbeddedRuntime(env);
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  // Ready = every view the runtime runs has caught up with the log (its /ready checks), not just the
  // tier views: a view still replaying history would load the measurements that follow.
  for (const deadline = Date.now() + 60 * 60_000; ; ) {
    if ((await runtime.app.inject({ method: 'GET', url: '/ready' })).statusCode === 200) break;
    if (Date.now() > deadline) throw new Error('runtime not ready within an hour');
    await new Promise((r) => setTimeout(r, 250));
  }
  port = (runtime.app.server.address() as { port: number }).port;
  position = runtime.views.projection.position();
  const store = runtime.store as Partial<SqliteEventStore> & typeof runtime.store;
  storeStats = async () => ({ type: 'store', head: String(await store.headPosition()), ...(store.commitStats?.() ?? { commits: 0, appends: 0 }) });
  stop = () => runtime.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'memory') send(memory());
  else if (m.type === 'store') void storeStats().then(send);
  else if (m.type === 'stop') void stop().finally(() => process.exit(0));
});
process.on('disconnect', () => void stop().finally(() => process.exit(0)));
// The peak so far belongs to start-up (views catching up with history). Reset it (Linux: writing 5 to
// clear_refs resets VmHWM) so the parent can read the peak of serving alone later.
const startupPeakKiB = (memory() as { vmHwmKiB: number }).vmHwmKiB;
let peakReset = false;
try {
  writeFileSync('/proc/self/clear_refs', '5');
  peakReset = true;
} catch {
  // not permitted here: VmHWM then covers start-up too
}
send({ type: 'ready', port, position: String(position), startupMs: performance.now() - started, startupPeakKiB, peakReset });
