// Kafka-fed tier views against the real broker (ensureBroker): two workers of one group share the
// partitions and ONE views file; one stops mid-stream, the other takes over; the view ends equal to
// a rebuild from the store. In-process (store, relay and both workers in this process, the broker in
// its JVM): the property under test is the shared-file apply, not process boundaries —
// scripts/src/distributed/topology.test.ts runs the same workers as child processes.
import path from 'node:path';
import t from 'tap';
import Database from 'better-sqlite3';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { ensureBroker, ensureTopic, openRelayCheckpoint, partitionKeyOf, startRelay } from '@zz/kafka';
import { deferrer, quietKafka, uniqueName, waitFor } from '@zz/kafka/testing';
import { CaseScript, lifecycle } from './tier-views/fixtures.js';
import { rebuildTierViews, TIER_VIEWS } from './tier-views/index.js';
import { startKafkaTierViews } from './kafka-worker.js';

const regions = jixiDemoRegions();
const townships = regions.filter((r) => r.tier === 'township');
const T0 = Date.parse('2025-03-01T00:00:00Z');
const broker = await ensureBroker();

/** Appends `n` varied cases over every township (and some case-code claims), through the real store. */
async function appendCases(store: EventStore, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const township = townships[i % townships.length]!;
    const c = new CaseScript(township.code, i);
    const events = lifecycle(c, i, { township: township.code, county: township.parentCode!, area: i % 2 ? `${township.code}001` : township.code }, T0);
    // Two appends per case (registration, then the rest) so a case's events are spread over the log.
    await store.append(c.stream, events.slice(0, 1), { expectedRevision: 'no_stream' });
    if (events.length > 1) await store.append(c.stream, events.slice(1), { expectedRevision: 0n });
    if (i % 5 === 0) await store.append(`casecode-${township.code}-2025`, [c.raw('CaseCodeIssued', { seq: i }, new Date(T0).toISOString())], { expectedRevision: 'any' });
  }
}

/** Per case key, the last global position in the store: what the dedupe marks must end at. */
async function expectedMarks(store: EventStore): Promise<Record<string, number>> {
  const marks: Record<string, number> = {};
  for await (const e of store.readAll()) marks[partitionKeyOf(e)] = Number(e.position);
  return sorted(marks);
}

const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

function dump(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT * FROM cases ORDER BY case_id').all(),
      counts: db.prepare('SELECT * FROM case_counts ORDER BY center, dim, value').all(),
    };
  } finally {
    db.close();
  }
}

function marks(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT partition_key, position FROM kafka_applied WHERE consumer = ?').all(TIER_VIEWS) as { partition_key: string; position: number }[];
    return sorted(Object.fromEntries(rows.map((r) => [r.partition_key, r.position])));
  } catch {
    return {}; // table not created yet
  } finally {
    db.close();
  }
}

t.test('two Kafka-fed workers share one views file; one stops mid-stream, the other takes over; the view equals a rebuild', { skip: 'skip' in broker ? broker.skip : false }, async (t) => {
  if (!('brokers' in broker)) return;
  const defer = deferrer(t);
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  defer(() => store.close());
  const kafka = quietKafka(broker.brokers, 'kafka-worker-test');
  const topic = uniqueName('zz-kw');
  const partitions = 4;
  await ensureTopic(kafka, { topic, numPartitions: partitions });
  const checkpoint = openRelayCheckpoint({ path: path.join(dir, 'relay.db'), name: topic });
  defer(() => checkpoint.close());
  const relay = startRelay({ store, kafka, topic, checkpoint });
  defer(() => relay.stop());

  const groupId = uniqueName('tier-views');
  const viewsPath = path.join(dir, 'views-kafka.db');
  const applied = [0, 0];
  const worker = (i: number) =>
    startKafkaTierViews({
      kafka: quietKafka(broker.brokers, `worker-${i}`),
      topic,
      groupId,
      dbPath: viewsPath,
      regions,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      onApplied: ({ duplicate }) => void (duplicate || applied[i]!++),
    });
  const w1 = await worker(0);
  const w2 = await worker(1);
  let w1Closed = false;
  defer(() => w2.close());
  defer(() => (w1Closed ? undefined : w1.close()));

  await waitFor('both workers to hold disjoint partitions covering the topic', () => {
    const a = w1.runner.assigned();
    const b = w2.runner.assigned();
    return a.length > 0 && b.length > 0 && new Set([...a, ...b]).size === partitions && a.length + b.length === partitions;
  });

  await appendCases(store, 0, 60);
  await waitFor('each worker to apply events of its own partitions', () => applied[0]! > 0 && applied[1]! > 0);
  // Stop the first worker while the second half is being appended: its partitions move over mid-stream.
  await Promise.all([w1.close().then(() => (w1Closed = true)), appendCases(store, 60, 60)]);
  await waitFor('the remaining worker to hold every partition', () => w2.runner.assigned().length === partitions);

  const want = await expectedMarks(store);
  await waitFor('every case applied up to its last event', () => JSON.stringify(marks(viewsPath)) === JSON.stringify(want) || false, 60_000).catch((err) => {
    t.same(marks(viewsPath), want);
    throw err;
  });
  const head = await store.headPosition();
  t.equal(w2.projection.position(), head, 'the view position is the highest global position applied');
  t.equal(await w2.projection.waitFor(head, 1000), true);

  const expectedPath = path.join(dir, 'views-rebuilt.db');
  await rebuildTierViews({ store, dbPath: expectedPath, regions });
  const got = dump(viewsPath);
  const expected = dump(expectedPath);
  t.equal(got.cases.length, 120, 'every case has its row');
  t.same(got.cases, expected.cases, 'case rows equal a rebuild from the store');
  t.same(got.counts, expected.counts, 'per-center counters equal a rebuild: nothing applied twice, nothing lost, each case in order');
  t.ok(applied[0]! > 0 && applied[1]! > 0, `both workers applied events (${applied[0]} and ${applied[1]})`);
  t.ok(applied[0]! + applied[1]! >= Object.keys(want).length, 'the workers together applied every case');
});
