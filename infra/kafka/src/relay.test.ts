/**
 * Store → relay → Kafka → consumer group → SQLite view, against the real broker and the real
 * SQLite event store. Expected views are computed from the store's log, never from Kafka.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteEventStore, type SqliteEventStore } from '@zz/eventstore';
import { ensureBroker } from './broker.js';
import { startKafkaConsumer, type KafkaConsumerRunner } from './consumer.js';
import { openRelayCheckpoint } from './relay-checkpoint.js';
import { startRelay, type RelayProgress } from './relay.js';
import { ensureTopic } from './topic.js';
import { applyToTestView, caseCodesCoveringPartitions, caseEvent, expectedTestView, openTestView, quietKafka, readTestView, topicMessageCount, uniqueName, waitFor, deferrer } from './testing.js';

const broker = await ensureBroker();
const skip = 'skip' in broker ? broker.skip : false;
const brokers = 'brokers' in broker ? broker.brokers : [];

/** Appends `perCase` events to each case's stream, interleaving the cases in the global log. */
async function appendRound(store: SqliteEventStore, cases: string[], round: number, perCase = 1): Promise<bigint> {
  let last = 0n;
  for (let k = 0; k < perCase; k++) {
    for (const code of cases) {
      const r = await store.append(`dispute-${code}`, [caseEvent(code, `R${round}E${k}`, k)], { expectedRevision: 'any' });
      last = r.position;
    }
  }
  return last;
}

t.test('a stored event reaches a Kafka-fed consumer and its SQLite view', { skip }, async (t) => {
  const defer = deferrer(t);
  const dir = t.testdir();
  const kafka = quietKafka(brokers, 'relay-test');
  const topic = uniqueName('events');
  await ensureTopic(kafka, { topic, numPartitions: 3 });
  const store = openSqliteEventStore({ path: join(dir, 'store.db') });
  defer(() => store.close());
  const cases = ['ZZ-1', 'ZZ-2', 'ZZ-3'];
  await appendRound(store, cases, 1, 2);

  const progress: RelayProgress[] = [];
  const checkpoint = openRelayCheckpoint({ path: join(dir, 'relay.db'), name: topic });
  const relay = startRelay({ store, kafka, topic, checkpoint, onProgress: (p) => progress.push(p) });
  defer(async () => {
    await relay.stop();
    checkpoint.close();
  });

  const view = openTestView(join(dir, 'view.db'));
  defer(() => view.close());
  const consumer = await startKafkaConsumer({ kafka, topic, groupId: uniqueName('view'), db: view, handle: applyToTestView });
  defer(() => consumer.stop());

  // Catch-up first, then a live append after the relay has turned live.
  await relay.reached(await store.headPosition());
  const head = await appendRound(store, cases, 2);
  await relay.reached(head);
  const expected = await expectedTestView(store);
  await waitFor('view complete', () => JSON.stringify(readTestView(view)) === JSON.stringify(expected));
  t.same(readTestView(view), expected, 'every event applied once, in each case’s order');
  t.equal(await topicMessageCount(kafka, topic), 9, 'one message per stored event');
  const lastProgress = progress[progress.length - 1];
  t.equal(lastProgress?.checkpoint, head, 'progress reports the acknowledged position');
  t.equal(lastProgress?.lag, 0n, 'and no lag once caught up');
  const reopened = openRelayCheckpoint({ path: join(dir, 'relay.db'), name: topic });
  t.equal(reopened.load(), head, 'checkpoint durable in its file');
  reopened.close();
});

t.test('relay killed between produce and checkpoint: re-sent duplicates have no effect', { skip }, async (t) => {
  const defer = deferrer(t);
  const dir = t.testdir();
  const kafka = quietKafka(brokers, 'relay-kill-test');
  const topic = uniqueName('events-kill');
  await ensureTopic(kafka, { topic, numPartitions: 2 });
  const storePath = join(dir, 'store.db');
  const checkpointPath = join(dir, 'relay.db');
  const store = openSqliteEventStore({ path: storePath });
  defer(() => store.close());
  const cases = ['ZZ-A', 'ZZ-B', 'ZZ-C', 'ZZ-D'];
  const head = await appendRound(store, cases, 1, 3);

  const script = fileURLToPath(new URL('./relay-kill-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, storePath, checkpointPath, topic, brokers.join(',')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  t.equal(exit, 'SIGKILL', 'the relay died right after the broker acknowledged');
  const checkpoint = openRelayCheckpoint({ path: checkpointPath, name: topic });
  defer(() => checkpoint.close());
  t.equal(checkpoint.load(), 0n, 'its checkpoint never advanced');
  const sentBeforeCrash = await topicMessageCount(kafka, topic);
  t.equal(sentBeforeCrash, 12, 'yet every event is on Kafka');

  const relay = startRelay({ store, kafka, topic, checkpoint });
  defer(() => relay.stop());
  await relay.reached(head);
  t.equal(await topicMessageCount(kafka, topic), 24, 'the restarted relay re-sent them all: duplicates on the topic');

  const view = openTestView(join(dir, 'view.db'));
  defer(() => view.close());
  let delivered = 0;
  let duplicates = 0;
  const consumer = await startKafkaConsumer({
    kafka,
    topic,
    groupId: uniqueName('view'),
    db: view,
    handle: applyToTestView,
    onApplied: ({ duplicate }) => {
      delivered++;
      if (duplicate) duplicates++;
    },
  });
  defer(() => consumer.stop());
  await waitFor('all 24 messages consumed', () => delivered >= 24);
  t.equal(duplicates, 12, 'the consumer recognised every re-sent event');
  t.same(readTestView(view), await expectedTestView(store), 'and the view counts each event once');
});

t.test('two consumers share the partitions; one stops, the other takes over; view complete', { skip }, async (t) => {
  const defer = deferrer(t);
  const dir = t.testdir();
  const kafka = quietKafka(brokers, 'group-takeover-test');
  const topic = uniqueName('events-group');
  const partitions = 4;
  await ensureTopic(kafka, { topic, numPartitions: partitions });
  const store = openSqliteEventStore({ path: join(dir, 'store.db') });
  defer(() => store.close());
  const checkpoint = openRelayCheckpoint({ path: join(dir, 'relay.db'), name: topic });
  const relay = startRelay({ store, kafka, topic, checkpoint });
  defer(async () => {
    await relay.stop();
    checkpoint.close();
  });

  const groupId = uniqueName('tier-view');
  const viewPath = join(dir, 'view.db');
  const applied = { a: 0, b: 0 };
  const members: Record<'a' | 'b', KafkaConsumerRunner> = {} as never;
  for (const name of ['a', 'b'] as const) {
    const db = openTestView(viewPath); // each worker its own connection to the one view file
    defer(() => db.close());
    members[name] = await startKafkaConsumer({
      kafka,
      topic,
      groupId,
      db,
      handle: applyToTestView,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      onApplied: ({ duplicate }) => {
        if (!duplicate) applied[name]++;
      },
    });
  }
  let bStopped = false;
  defer(async () => {
    await members.a.stop();
    if (!bStopped) await members.b.stop();
  });
  await waitFor('both workers hold partitions', () => {
    const all = [...members.a.assigned(), ...members.b.assigned()].sort();
    return members.a.assigned().length > 0 && members.b.assigned().length > 0 && all.join() === '0,1,2,3';
  });

  const cases = caseCodesCoveringPartitions('ZZ-G', partitions, 2);
  const view = openTestView(viewPath);
  defer(() => view.close());
  const viewMatchesStore = async () => JSON.stringify(readTestView(view)) === JSON.stringify(await expectedTestView(store));

  await appendRound(store, cases, 1, 2);
  await waitFor('first round in the view', viewMatchesStore);
  t.ok(applied.a > 0 && applied.b > 0, `both workers applied events (a ${applied.a}, b ${applied.b})`);

  // B leaves mid-stream: a second round is being relayed while it stops.
  const stoppedB = appendRound(store, cases, 2, 3).then(async (pos) => {
    await members.b.stop();
    bStopped = true;
    return pos;
  });
  await stoppedB;
  await waitFor('A holds every partition', () => members.a.assigned().join() === '0,1,2,3');
  const appliedByA = applied.a;
  await appendRound(store, cases, 3, 2);
  await waitFor('view complete after takeover', viewMatchesStore);
  t.same(readTestView(view), await expectedTestView(store), 'every event once, each case in order');
  t.ok(applied.a > appliedByA, 'A applied the events after B left');
});
