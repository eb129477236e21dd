import { randomUUID } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { intake } from '@zz/contracts';
import { ProcessEnv } from '@zz/config';
import { parseConfig, signToken } from '@zz/http';
import { createEmbeddedRuntime } from '../../runtime/embedded.js';
import { percentile } from '../stats.js';

export interface LiveFanoutOptions {
  /** A fresh directory for the runtime's files. */
  dataDir: string;
  /** Connected command-center streams (default 200). */
  streams?: number;
  /** Events appended, open loop (default 500). */
  events?: number;
  /** Appends per second, on a fixed schedule so a slow delivery can't slow the load (default 100). */
  ratePerSec?: number;
  /** Longest wait for the last deliveries after the last append (default 10 s). */
  drainTimeoutMs?: number;
}

export interface LiveFanoutResult {
  streams: number;
  events: number;
  /** events × streams. */
  expectedDeliveries: number;
  deliveries: number;
  /** From the scheduled append (before the append call) to receipt by one stream, ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The append alone (scheduled → acknowledged, durable), p99 ms: the part of the latency that is the store's fsync. */
  appendAckP99: number;
  /** Acknowledged append → receipt, p99 ms: the hub's and the streams' share alone. */
  fanoutP99: number;
  /** Deliveries that never arrived within the drain timeout (should be 0). */
  missing: number;
  targetP99Ms: 100;
}

const SECRET = 'bench-live-fanout-secret-0123456789';

/**
 * Live fan-out on the embedded runtime: `streams` command-center viewers (city role, so every event
 * is in scope) on GET /api/live over real HTTP; events appended to the store at a fixed rate; the
 * delivery latency of every (event, stream) pair from append to receipt. The clients run in one
 * child process (fetch + the same SSE parser the tests use) on the same 2 cores, so the figure
 * includes their share of the CPU.
 */
export async function benchLiveFanout(options: LiveFanoutOptions): Promise<LiveFanoutResult> {
  const streams = options.streams ?? 200;
  const events = options.events ?? 500;
  const rate = options.ratePerSec ?? 100;
  mkdirSync(options.dataDir, { recursive: true });
  const env = parseConfig(ProcessEnv, { DATA_DIR: options.dataDir, JWT_SECRET: SECRET, PII_HASH_SECRET: 'bench-live-fanout-pii', LOG_LEVEL: 'silent' });
  const runtime = await createEmbeddedRuntime(env);
  const children: ChildProcess[] = [];
  try {
    await runtime.app.listen({ host: '127.0.0.1', port: 0 });
    const address = runtime.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const token = signToken(SECRET, { userId: 'bench-command', role: 'command_viewer', centerCode: '230300' });

    // The streams live in a child process, so their parsing doesn't share this event loop.
    const child = fork(fileURLToPath(new URL('./clients.ts', import.meta.url)), [base, token, String(streams)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    const messages = new Map<string, (m: { kind: string; receipts?: [number, number][][] }) => void>();
    child.on('message', (m: { kind: string }) => messages.get(m.kind)?.(m));
    const next = (kind: string) =>
      new Promise<{ kind: string; receipts?: [number, number][][] }>((resolve, reject) => {
        messages.set(kind, resolve);
        child.once('exit', (code) => code !== 0 && reject(new Error(`live clients exited with ${code}`)));
      });
    await next('ready');
    const clock = () => performance.timeOrigin + performance.now();

    const started = new Map<number, number>();
    const intervalMs = 1000 / rate;
    const t0 = clock();
    const appends: Promise<void>[] = [];
    const acks: number[] = [];
    const acked = new Map<number, number>();
    for (let i = 0; i < events; i++) {
      const due = t0 + i * intervalMs;
      const wait = due - clock();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait)); // pacing the load, not waiting for an effect
      const scheduled = Math.min(due, clock());
      appends.push(
        runtime.store.append(intake.disputeStream(randomUUID()), [registration(i)], { expectedRevision: 'no_stream' }).then((r) => {
          started.set(Number(r.position), scheduled);
          const ackAt = clock();
          acked.set(Number(r.position), ackAt);
          acks.push(ackAt - scheduled);
        }),
      );
    }
    await Promise.all(appends);
    const receiptsPromise = next('receipts');
    child.send({ kind: 'finish', last: Math.max(...started.keys()) });
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), options.drainTimeoutMs ?? 10_000).unref());
    const answer = await Promise.race([receiptsPromise, timeout]);
    const receipts = answer?.receipts ?? [];

    const latencies: number[] = [];
    const afterAck: number[] = [];
    for (const list of receipts)
      for (const [position, at] of list) {
        const s = started.get(position);
        if (s !== undefined) latencies.push(at - s);
        const a = acked.get(position);
        if (a !== undefined) afterAck.push(Math.max(0, at - a));
      }
    afterAck.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const expected = events * streams;
    return {
      streams,
      events,
      expectedDeliveries: expected,
      deliveries: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      appendAckP99: percentile(
        acks.sort((a, b) => a - b),
        99,
      ),
      fanoutP99: percentile(afterAck, 99),
      missing: expected - latencies.length,
      targetP99Ms: 100,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
    await runtime.close();
  }
}

/** A registration in its stored shape: sealed fields are placeholders (no person is involved). */
function registration(i: number) {
  const caseId = randomUUID();
  const township = `2303021${String(1 + (i % 4)).padStart(2, '0')}`;
  const caseCode = `${township}-2026-${String(900000 + i).padStart(6, '0')}`;
  return {
    eventId: randomUUID(),
    type: 'DisputeRegistered',
    schemaVersion: intake.INTAKE_SCHEMA_VERSIONS.DisputeRegistered,
    occurredAt: new Date().toISOString(),
    data: {
      caseId,
      caseCode,
      centerCode: township,
      areaCode: township,
      category: 'neighbours',
      source: 'hotline_12345',
      title: `压测${i}`,
      description: { keyId: 'bench', ciphertext: 'YmVuY2g=' },
      parties: [],
    },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), caseCode, actor: { userId: 'bench', role: 'intake_clerk', centerCode: township } },
  };
}
