#!/usr/bin/env tsx
// The relay as its own process (distributed runtime, EVENT_BUS=kafka): publishes the event store's
// global log to Kafka, keyed by case code, checkpointed in DATA_DIR/relay.db after each broker ack.
// `tsx infra/kafka/src/main-relay.ts`. Serves /health, /ready (caught up with the log as it was at
// start) and /metrics (checkpoint, lag, relayed) on PORT.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { openEventStore, processEnvOrExit, type ProcessEnv } from '@zz/config';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { createHttpApp, parseConfig, startHttpServer } from '@zz/http';
import { kafkaClient } from './client.js';
import { openRelayCheckpoint } from './relay-checkpoint.js';
import { startRelay } from './relay.js';
import { ensureTopic } from './topic.js';

/** The relay's own settings, beside the shared ProcessEnv. */
export const RelayEnv = z.object({
  /** Partitions of the topic when the relay creates it (more partitions = more parallel workers). */
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(12),
  /** 3 in production (infra/deploy); 1 on the local single-node broker. */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  /** Another process appends to a SQLite store: how often the relay looks at its head (ms). */
  RELAY_POLL_MS: z.coerce.number().int().min(1).max(1000).default(10),
});

function requireKafka(env: ProcessEnv): string {
  if (env.EVENT_BUS !== 'kafka' || !env.KAFKA_BROKERS) {
    console.error('配置错误 / invalid configuration: the relay needs EVENT_BUS=kafka and KAFKA_BROKERS');
    process.exit(1);
  }
  return env.KAFKA_BROKERS;
}

const env = processEnvOrExit();
const relayEnv = parseConfig(RelayEnv, process.env);
const brokers = requireKafka(env);
mkdirSync(env.DATA_DIR, { recursive: true });
// SQLite: the services append from other processes; poll the head often (the default is 50 ms).
const store: EventStore = env.EVENT_STORE === 'sqlite' ? openSqliteEventStore({ path: join(env.DATA_DIR, 'events.db'), pollIntervalMs: relayEnv.RELAY_POLL_MS }) : await openEventStore(env);
const app = await createHttpApp({ jwtSecret: env.JWT_SECRET, logger: { level: env.LOG_LEVEL }, openapi: { title: '事件转发 / relay (store → Kafka)', version: '0.1.0' } });
const kafka = kafkaClient({ brokers, clientId: 'zz-relay', logLevel: env.LOG_LEVEL, log: app.log });
await ensureTopic(kafka, { topic: env.KAFKA_TOPIC, numPartitions: relayEnv.KAFKA_PARTITIONS, replicationFactor: relayEnv.KAFKA_REPLICATION_FACTOR });

const checkpoint = openRelayCheckpoint({ path: join(env.DATA_DIR, 'relay.db'), name: env.KAFKA_TOPIC });
const registers = [app.metrics.registry];
const checkpointGauge = new Gauge({ name: 'relay_checkpoint_position', help: 'Global position the broker last acknowledged', registers });
const lagGauge = new Gauge({ name: 'relay_lag_events', help: 'Events appended but not yet acknowledged by Kafka', registers });
const relayedCounter = new Counter({ name: 'relay_events_total', help: 'Events produced to Kafka (re-sends after a restart included)', registers });
const errorCounter = new Counter({ name: 'relay_restarts_total', help: 'Relay loop restarts from the checkpoint after a failure', registers });

const headAtStart = await store.headPosition();
let caughtUp = checkpoint.load() >= headAtStart;
const relay = startRelay({
  store,
  kafka,
  topic: env.KAFKA_TOPIC,
  checkpoint,
  onProgress: (p) => {
    checkpointGauge.set(Number(p.checkpoint));
    lagGauge.set(Number(p.lag));
    relayedCounter.inc(p.batch);
    if (p.checkpoint >= headAtStart) caughtUp = true;
  },
  onError: (err) => {
    errorCounter.inc();
    app.log.warn({ err }, 'relay restarting from its checkpoint');
  },
});
checkpointGauge.set(Number(relay.position()));
app.addReadinessCheck('relay', () => ({ ok: caughtUp, detail: `checkpoint ${relay.position()}` }));
app.addHook('onClose', async () => {
  await relay.stop(); // the batch in flight is still checkpointed
  checkpoint.close();
  await store.close();
});
const { address } = await startHttpServer(app, { port: env.PORT, host: env.HOST, graceMs: 8000 });
app.log.info({ address, topic: env.KAFKA_TOPIC, eventStore: env.EVENT_STORE, checkpoint: String(relay.position()) }, 'relay listening');
