#!/usr/bin/env tsx
/**
 * The tier views fed from Kafka (distributed runtime, EVENT_BUS=kafka): a consumer-group member
 * applies the relayed global log to a views file and serves the center routes over HTTP, like
 * main.ts does from the store's subscription. `tsx projections/src/kafka-worker.ts`.
 *
 * Several workers, ONE views file. Workers of one group split the topic's partitions and write the
 * same SQLite file (same host or a shared volume). That is correct because:
 *  - a case's events share a partition (key = case code) and arrive in order; one partition has one
 *    owner at a time, and after a rebalance the new owner re-reads from the last committed offset,
 *    i.e. from at or before anything the old owner may still be applying;
 *  - every batch is ONE SQLite transaction taken with BEGIN IMMEDIATE: the per-case dedupe mark,
 *    the case row, the shared per-center counters and the view position commit together, and
 *    writers are serialised by SQLite's lock. Whichever worker commits a case's event second sees
 *    the mark (or the row's last_position) and skips it; counters are deltas from the row as it
 *    is inside that transaction, so interleaving cases from different partitions cannot skew them.
 * The result equals a rebuild from the store (kafka-worker.test.ts compares them).
 *
 * Position: the highest global position applied by any worker of the file (table
 * kafka_view_position). With partitions applied in parallel that is a high-water mark, not a
 * prefix: ?minPosition=P means "some partition has reached P". A command's own events all share
 * its case's partition, so once the position passes P without later writes from others the
 * command's events are in; under concurrent load a lagging partition can still be behind P.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type Database from 'better-sqlite3';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import type { Region } from '@zz/contracts';
import type { RunningProjection } from '@zz/bus';
import type { RecordedEvent } from '@zz/eventstore';
import { startKafkaConsumer, type AppliedInfo, type KafkaConsumerRunner } from '@zz/kafka';
import { areaResolver } from './tier-views/area.js';
import { tierViewsApply } from './tier-views/projector.js';
import { TIER_VIEWS } from './tier-views/rebuild.js';
import { openTierViewsDb, tierViewsOver, type TierViews } from './tier-views/index.js';

export interface KafkaTierViewsOptions {
  kafka: Kafka;
  topic: string;
  /** Workers sharing `dbPath` must share the group (they split the partitions). */
  groupId: string;
  dbPath: string;
  regions: readonly Region[];
  sessionTimeout?: number;
  heartbeatInterval?: number;
  onApplied?: (info: AppliedInfo) => void;
  onCrash?: (error: Error, restarting: boolean) => void;
  /** Offsets are committed at most this often (ms; dedupe makes a redelivery harmless). Default 1000. */
  commitIntervalMs?: number;
  /** Partition batches in flight at once (their offset commits and heartbeats overlap). Default 4. */
  partitionsConsumedConcurrently?: number;
  /** How often waitFor / caughtUp look at the shared file and the group (ms). Default 10 / 250. */
  pollMs?: number;
  caughtUpPollMs?: number;
}

export interface KafkaTierViews extends TierViews {
  readonly runner: KafkaConsumerRunner;
}

/** The view position row: the highest global position applied to this file by any worker. */
export function viewPositionStore(db: Database.Database, name: string): { raise(position: bigint): void; read(): bigint } {
  db.exec('CREATE TABLE IF NOT EXISTS kafka_view_position (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
  const raise = db.prepare<[string, bigint]>(
    `INSERT INTO kafka_view_position (name, position) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE excluded.position > kafka_view_position.position`,
  );
  const read = db.prepare<[string], { position: number | bigint }>('SELECT position FROM kafka_view_position WHERE name = ?').safeIntegers(true);
  return {
    raise: (position) => void raise.run(name, position),
    read: () => BigInt(read.get(name)?.position ?? 0n),
  };
}

/** True when the group's committed offsets have reached the given end offsets on every partition. */
async function groupReached(kafka: Kafka, groupId: string, topic: string, ends: Map<number, bigint>): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return [...ends].every(([partition, end]) => end === 0n || (at.get(partition) ?? -1n) >= end);
  } finally {
    await admin.disconnect();
  }
}

async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Opens the views file and joins the group; the returned views answer the center routes. */
export async function startKafkaTierViews(opts: KafkaTierViewsOptions): Promise<KafkaTierViews> {
  const db = openTierViewsDb(opts.dbPath, opts.regions);
  const apply = tierViewsApply(db, areaResolver(opts.regions));
  const viewPosition = viewPositionStore(db, TIER_VIEWS);
  const pollMs = opts.pollMs ?? 10;
  let stopped = false;
  let failed: Error | undefined;
  let settle: { resolve: () => void; reject: (e: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // observed through waitFor / the caller

  // What the log held when this worker started: the view is "caught up" once the group passed it.
  const ends = await endOffsets(opts.kafka, opts.topic).catch(() => new Map<number, bigint>());
  const runner = await startKafkaConsumer({
    kafka: opts.kafka,
    topic: opts.topic,
    groupId: opts.groupId,
    db,
    // The view's name, not the group's: any consumer writing this file dedupes against the same marks.
    name: TIER_VIEWS,
    immediate: true,
    commitIntervalMs: opts.commitIntervalMs ?? 1000,
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 4,
    handle: (event: RecordedEvent) => {
      apply([event]);
      viewPosition.raise(event.position);
    },
    ...(opts.sessionTimeout !== undefined ? { sessionTimeout: opts.sessionTimeout } : {}),
    ...(opts.heartbeatInterval !== undefined ? { heartbeatInterval: opts.heartbeatInterval } : {}),
    ...(opts.onApplied ? { onApplied: opts.onApplied } : {}),
    onCrash: (error, restarting) => {
      opts.onCrash?.(error, restarting);
      if (!restarting) {
        failed = error;
        settle.reject(error);
      }
    },
  });

  const caughtUp = (async () => {
    while (!stopped && !failed) {
      if (await groupReached(opts.kafka, opts.groupId, opts.topic, ends).catch(() => false)) return;
      await new Promise((r) => setTimeout(r, opts.caughtUpPollMs ?? 250));
    }
  })();

  const projection: RunningProjection = {
    name: TIER_VIEWS,
    position: () => viewPosition.read(),
    async waitFor(position, timeoutMs) {
      // The file is shared: another worker's commit counts, so look at the file, not at this process.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (failed) throw failed;
        if (viewPosition.read() >= position) return true;
        if (stopped || Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await runner.stop();
      settle.resolve();
    },
    caughtUp,
    done,
  };

  return { ...tierViewsOver(db, projection), runner };
}

/** The worker's own settings, beside the shared ProcessEnv. */
export const KafkaWorkerEnv = z.object({
  /** Workers sharing a views file share this group. Default tier-views. */
  KAFKA_GROUP_ID: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,200}$/, 'must be a consumer group id')
    .default('tier-views'),
  /** The views file (default DATA_DIR/views-kafka.db; workers of one group point at the same file). */
  VIEWS_FILE: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { loadRegions, processEnvOrExit } = await import('@zz/config');
  const { RegionDirectory } = await import('@zz/contracts');
  const { createHttpApp, expirySeconds, parseConfig, startHttpServer } = await import('@zz/http');
  const { openKeyStore } = await import('@zz/keystore');
  const { kafkaClient } = await import('@zz/kafka');
  const { centerRoutes } = await import('./http/center-routes.js');

  const env = processEnvOrExit();
  const workerEnv = parseConfig(KafkaWorkerEnv, process.env);
  if (env.EVENT_BUS !== 'kafka' || !env.KAFKA_BROKERS) {
    console.error('配置错误 / invalid configuration: the Kafka projection worker needs EVENT_BUS=kafka and KAFKA_BROKERS');
    process.exit(1);
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const regionList = loadRegions(env);
  const keys = openKeyStore({ path: join(env.DATA_DIR, 'keys.db'), hashSecret: env.PII_HASH_SECRET });
  const regions = new RegionDirectory(regionList);
  const app = await createHttpApp({
    jwtSecret: env.JWT_SECRET,
    logger: { level: env.LOG_LEVEL },
    openapi: { title: '三级综治中心视图（Kafka） / tier views fed from Kafka', version: '0.1.0' },
    tokenPolicy: { maxLifetimeSeconds: expirySeconds(env.TOKEN_MAX_LIFETIME), skewSeconds: 60 },
    regions: (code) => regions.get(code),
  });
  const kafka = kafkaClient({ brokers: env.KAFKA_BROKERS, clientId: `zz-${workerEnv.KAFKA_GROUP_ID}`, logLevel: env.LOG_LEVEL, log: app.log });
  const views = await startKafkaTierViews({
    kafka,
    topic: env.KAFKA_TOPIC,
    groupId: workerEnv.KAFKA_GROUP_ID,
    dbPath: workerEnv.VIEWS_FILE ?? join(env.DATA_DIR, 'views-kafka.db'),
    regions: regionList,
    onCrash: (err, restarting) => app.log.error({ err, restarting }, 'Kafka consumer crashed'),
  });
  await app.register(centerRoutes, { views, vault: keys, regions });
  app.addHook('onClose', async () => {
    await views.close(); // leaves the group: its partitions move to the other workers now
    keys.close();
  });
  const { address } = await startHttpServer(app, { port: env.PORT, host: env.HOST, graceMs: 8000 });
  app.log.info({ address, topic: env.KAFKA_TOPIC, group: workerEnv.KAFKA_GROUP_ID }, 'Kafka tier views listening');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
