/** Test helpers for the Kafka suites: quiet clients, unique names, waiting on a condition. */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { EventData, EventStore, RecordedEvent } from '@zz/eventstore';

let counter = 0;
/** Topic / group names unique per run, so reruns against a long-lived broker never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

/** A client that stays silent: kafkajs logs retried, harmless errors (e.g. a coordinator still loading). */
export function quietKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
}

/**
 * Polls `probe` until it returns a value other than undefined/false, bounded by `timeoutMs`.
 * Waits on a condition, never a fixed delay; the poll interval only paces the checks.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ── Fixtures for the relay / consumer suites ────────────────────────────────────────────────────
/** An event of one case, with the envelope metadata the services write. */
export function caseEvent(caseCode: string, type: string, n: number): EventData {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    data: { n },
    metadata: { caseCode, correlationId: `corr-${caseCode}`, causationId: randomUUID() },
  };
}

/**
 * `perPartition` case codes for each of `partitions` partitions under the default partitioner, so a
 * test of shared partitions really has events on every one of them.
 */
export function caseCodesCoveringPartitions(prefix: string, partitions: number, perPartition: number): string[] {
  const partitionOf = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, p) => ({ partitionId: p, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
  const byPartition: string[][] = Array.from({ length: partitions }, () => []);
  for (let i = 0; byPartition.some((codes) => codes.length < perPartition); i++) {
    const code = `${prefix}-${i}`;
    const codes = byPartition[partitionOf({ topic: 't', partitionMetadata, message: { key: code, value: null } })] as string[];
    if (codes.length < perPartition) codes.push(code);
  }
  return byPartition.flat();
}

/**
 * The test view: per case, how many events were applied and their types in order. `applied` is a
 * plain increment, so an event applied twice shows up as a wrong count.
 */
export function openTestView(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS case_view (case_code TEXT PRIMARY KEY, applied INTEGER NOT NULL, types TEXT NOT NULL)');
  return db;
}

export function applyToTestView(event: RecordedEvent, db: Database.Database): void {
  db.prepare(
    `INSERT INTO case_view (case_code, applied, types) VALUES (?, 1, ?)
     ON CONFLICT (case_code) DO UPDATE SET applied = applied + 1, types = types || ',' || excluded.types`,
  ).run(String(event.metadata.caseCode), event.type);
}

export type ViewRows = Record<string, { applied: number; types: string }>;

export function readTestView(db: Database.Database): ViewRows {
  const rows = db.prepare('SELECT case_code, applied, types FROM case_view ORDER BY case_code').all() as { case_code: string; applied: number; types: string }[];
  return Object.fromEntries(rows.map((r) => [r.case_code, { applied: r.applied, types: r.types }]));
}

/** What the view must hold, computed from the store's global log (not from anything Kafka carried). */
export async function expectedTestView(store: EventStore): Promise<ViewRows> {
  const byCase = new Map<string, string[]>();
  for await (const e of store.readAll()) {
    const code = String(e.metadata.caseCode);
    byCase.set(code, [...(byCase.get(code) ?? []), e.type]);
  }
  return Object.fromEntries([...byCase.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, types]) => [code, { applied: types.length, types: types.join(',') }]));
}

/** Sum of the high watermarks of every partition: how many messages the topic holds. */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Cleanups run last-registered-first in one teardown: a relay stops before the store it reads closes. */
export function deferrer(t: { teardown(fn: () => unknown): void }): (fn: () => unknown) => void {
  const stack: (() => unknown)[] = [];
  t.teardown(async () => {
    for (const fn of stack.reverse()) await fn();
  });
  return (fn) => void stack.push(fn);
}

/** A loopback port free right now (the OS picks it), for a private broker. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
