/**
 * The Kafka phase of `npm run bench`: the distributed runtime's bus against the real local broker.
 *
 *  a. relay throughput: a store pre-filled with N intake events, a fresh topic, the relay from zero
 *     until its checkpoint reaches the head (events/s); baseline in the same run: the same messages
 *     produced straight from memory by one kafkajs producer with the relay's settings (idempotent,
 *     acks = -1, 500 per request, one in flight), so the ratio is what the relay costs on top.
 *  b. end-to-end lag: events appended on a fixed schedule (open loop, 1,000 events/s) to the SQLite
 *     store; the relay runs as its own process (infra/kafka/src/main-relay.ts, polling the store
 *     file every 10 ms as in the distributed runtime); a Kafka-fed tier-views worker
 *     (startKafkaTierViews) runs in the bench process so the time its transaction committed each
 *     event is read on the same clock as the schedule. Lag = commit in the view − scheduled append.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Partitioners, type Kafka } from 'kafkajs';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '@zz/eventstore';
import { ensureBroker, ensureTopic, openRelayCheckpoint, startRelay, toKafkaMessage } from '@zz/kafka';
import { quietKafka, uniqueName, waitFor } from '@zz/kafka/testing';
// Not exported by @zz/projections (yet): the worker module is imported by path.
import { startKafkaTierViews } from '../../../../projections/src/kafka-worker.js';
import { freePort, startProcess } from '../../distributed/process.js';
import { ROOT } from '../../distributed/topology.js';
import type { Figure } from '../report.js';
import { median, summarise } from '../stats.js';
import { intakeEvents, type StreamEvent } from './events.js';

export interface KafkaPhaseOptions {
  quick: boolean;
  runs: number;
  /** A scratch folder (removed by the caller). */
  work: string;
  log: (line: string) => void;
}

export interface KafkaPhaseResult {
  figures: Figure[];
  notes: string[];
  parameters: Record<string, number>;
}

const SECTION = '9. Kafka bus (distributed runtime)';
const PARTITIONS = 12;
const regions = jixiDemoRegions();

/** Appends the pairs with up to `concurrency` appends in flight (the store group-commits them). */
async function fill(store: EventStore, pairs: StreamEvent[], concurrency = 256): Promise<void> {
  for (let i = 0; i < pairs.length; i += concurrency) {
    await Promise.all(pairs.slice(i, i + concurrency).map((p) => store.append(p.stream, [p.event], { expectedRevision: 'any' })));
  }
}

async function relayThroughput(kafka: Kafka, dir: string, events: number): Promise<{ relayPerSec: number; producePerSec: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  try {
    await fill(store, intakeEvents(events));
    const head = await store.headPosition();
    const recorded: RecordedEvent[] = [];
    for await (const e of store.readAll()) recorded.push(e);

    // Baseline: the same messages from memory, the relay's producer settings, 500 per request.
    const baseTopic = uniqueName('bench-produce');
    await ensureTopic(kafka, { topic: baseTopic, numPartitions: PARTITIONS });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = recorded.map(toKafkaMessage);
    let t0 = performance.now();
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic: baseTopic, acks: -1, messages: messages.slice(i, i + 500) });
    const producePerSec = messages.length / ((performance.now() - t0) / 1000);
    await producer.disconnect();

    const topic = uniqueName('bench-relay');
    await ensureTopic(kafka, { topic, numPartitions: PARTITIONS });
    const checkpoint = openRelayCheckpoint({ path: path.join(dir, 'relay.db'), name: topic });
    t0 = performance.now();
    const relay = startRelay({ store, kafka, topic, checkpoint });
    await relay.reached(head);
    const relayPerSec = Number(head) / ((performance.now() - t0) / 1000);
    await relay.stop();
    checkpoint.close();
    return { relayPerSec, producePerSec };
  } finally {
    await store.close();
  }
}

export interface LagRun {
  achievedRate: number;
  lag: { p50: number; p99: number; max: number; n: number };
  /** Events appended but never seen in the view before the deadline. */
  missing: number;
}

async function endToEndLag(brokers: string[], dir: string, opts: { rate: number; seconds: number; log: (l: string) => void }): Promise<LagRun> {
  fs.mkdirSync(dir, { recursive: true });
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  const topic = uniqueName('bench-lag');
  const kafka = quietKafka(brokers, 'bench-lag');
  await ensureTopic(kafka, { topic, numPartitions: PARTITIONS });
  const relay = await startProcess({
    name: 'relay',
    entry: path.join(ROOT, 'infra/kafka/src/main-relay.ts'),
    cwd: ROOT,
    port: await freePort(),
    env: {
      DATA_DIR: dir,
      EVENT_STORE: 'sqlite',
      EVENT_BUS: 'kafka',
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC: topic,
      LOG_LEVEL: 'info',
      JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret',
      PII_HASH_SECRET: 'bench-pii-hash-secret-0123456789',
    },
  });
  const scheduled = new Map<bigint, number>();
  const lags: number[] = [];
  let applied = 0;
  let allSeen: () => void = () => {};
  const seenAll = new Promise<void>((r) => (allSeen = r));
  const total = Math.round(opts.rate * opts.seconds);
  const pending = new Map<bigint, number>(); // applied before the append call returned its position
  const views = await startKafkaTierViews({
    kafka: quietKafka(brokers, 'bench-lag-worker'),
    topic,
    groupId: uniqueName('bench-tier-views'),
    dbPath: path.join(dir, 'views-kafka.db'),
    regions,
    onApplied: ({ event, duplicate }) => {
      if (duplicate) return;
      const at = performance.now();
      const t0 = scheduled.get(event.position);
      if (t0 === undefined) pending.set(event.position, at);
      else lags.push(at - t0);
      if (++applied >= total) allSeen();
    },
  });
  try {
    // The group's first join is not lag: start appending once the worker holds every partition.
    await waitFor('the worker to join its group', () => views.runner.assigned().length === PARTITIONS, 60_000);
    const pairs = intakeEvents(total, 1_000_000);
    const interval = 1000 / opts.rate;
    const appends: Promise<void>[] = [];
    const started = performance.now();
    await new Promise<void>((done) => {
      let i = 0;
      const tick = () => {
        const now = performance.now();
        while (i < total && started + i * interval <= now) {
          const at = started + i * interval;
          const p = pairs[i]!;
          appends.push(
            store.append(p.stream, [p.event], { expectedRevision: 'any' }).then(({ position }) => {
              scheduled.set(position, at);
              const early = pending.get(position);
              if (early !== undefined) {
                pending.delete(position);
                lags.push(early - at);
              }
            }),
          );
          i++;
        }
        if (i >= total) return done();
        setTimeout(tick, Math.max(0, started + i * interval - performance.now()));
      };
      tick();
    });
    await Promise.all(appends);
    const appendSeconds = (performance.now() - started) / 1000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([seenAll, new Promise<void>((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    return { achievedRate: total / appendSeconds, lag: summarise(lags), missing: total - applied };
  } finally {
    await views.close();
    await relay.stop();
    await store.close();
  }
}

/** Runs both measurements `runs` times; a machine without a broker gets a note instead of figures. */
export async function kafkaPhase(opts: KafkaPhaseOptions): Promise<KafkaPhaseResult> {
  const parameters = { kafkaRelayEvents: opts.quick ? 5_000 : 50_000, kafkaLagRate: 1000, kafkaLagSeconds: opts.quick ? 2 : 10, kafkaPartitions: PARTITIONS };
  const broker = await ensureBroker();
  if (!('brokers' in broker)) return { figures: [], notes: [`Kafka phase skipped: ${broker.skip}`], parameters };
  const kafka = quietKafka(broker.brokers, 'bench');
  const figures: Figure[] = [];

  opts.log(`\n8a. Kafka relay throughput: ${parameters.kafkaRelayEvents.toLocaleString('en-US')} stored events → a fresh ${PARTITIONS}-partition topic`);
  const tp: { relayPerSec: number; producePerSec: number }[] = [];
  for (let run = 1; run <= opts.runs; run++) {
    const r = await relayThroughput(kafka, path.join(opts.work, `kafka-relay-${run}`), parameters.kafkaRelayEvents);
    tp.push(r);
    opts.log(`  run ${run}: relay ${Math.round(r.relayPerSec)} events/s; raw produce (same messages from memory) ${Math.round(r.producePerSec)} messages/s`);
  }
  const produce = median(tp.map((r) => r.producePerSec));
  const relayRate = median(tp.map((r) => r.relayPerSec));
  figures.push({ section: SECTION, name: 'raw kafkajs produce, idempotent, acks = -1, 500 per request (baseline)', value: produce, unit: 'messages/s', runs: opts.runs });
  figures.push({
    section: SECTION,
    name: `relay: store → Kafka from a checkpoint of 0 (${parameters.kafkaRelayEvents.toLocaleString('en-US')} events)`,
    value: relayRate,
    unit: 'events/s',
    runs: opts.runs,
    ratio: { value: relayRate / produce, to: 'raw produce' },
    note: 'catch-up read of the SQLite log + JSON encoding + produce + checkpoint after each acknowledged batch',
  });

  opts.log(`8b. end-to-end lag: open loop at ${parameters.kafkaLagRate} events/s for ${parameters.kafkaLagSeconds} s, append → relay (own process) → Kafka → Kafka-fed tier views`);
  const lagRuns: LagRun[] = [];
  for (let run = 1; run <= opts.runs; run++) {
    const r = await endToEndLag(broker.brokers, path.join(opts.work, `kafka-lag-${run}`), { rate: parameters.kafkaLagRate, seconds: parameters.kafkaLagSeconds, log: opts.log });
    lagRuns.push(r);
    opts.log(
      `  run ${run}: appended ${Math.round(r.achievedRate)}/s; lag p50 ${r.lag.p50.toFixed(1)} ms, p99 ${r.lag.p99.toFixed(1)} ms, max ${r.lag.max.toFixed(1)} ms${r.missing ? `; ${r.missing} not seen within 30 s` : ''}`,
    );
  }
  const p99 = median(lagRuns.map((r) => r.lag.p99));
  const p50 = median(lagRuns.map((r) => r.lag.p50));
  figures.push({
    section: SECTION,
    name: `append → visible in a Kafka-fed view, at ${parameters.kafkaLagRate} events/s`,
    value: p50,
    unit: 'ms (p50)',
    p50,
    p99,
    runs: opts.runs,
    target: { text: 'p99 ≤ 250 ms', met: p99 <= 250 && lagRuns.every((r) => r.missing === 0) },
    note: `achieved ${Math.round(median(lagRuns.map((r) => r.achievedRate)))} appends/s; from the scheduled append time to the view transaction's commit; relay polls the store file every 10 ms; ${PARTITIONS} partitions`,
  });
  return {
    figures,
    notes: [
      'Kafka phase: the local single-node broker of infra/kafka (Kafka 4.4.0, KRaft, JVM -Xmx768m, serial GC, C1 only) shares the two cores with the bench, the relay process and the worker. Production brokers replicate to 3 nodes (acks = -1 waits for every in-sync replica), so produce latency there includes a network round trip per replica.',
    ],
    parameters,
  };
}
