/**
 * The broker stops and restarts mid-stream: the relay and the consumer ride it out, no event is
 * lost and none is applied twice. It runs its own private broker (own folder and free ports), so
 * stopping it never disturbs other suites using the shared broker at the same time.
 */
import t from 'tap';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '@zz/eventstore';
import { localBrokerSupport, startLocalBroker, stopLocalBroker } from './broker.js';
import { startKafkaConsumer } from './consumer.js';
import { openRelayCheckpoint } from './relay-checkpoint.js';
import { startRelay } from './relay.js';
import { ensureTopic } from './topic.js';
import { applyToTestView, caseEvent, deferrer, expectedTestView, freePort, openTestView, quietKafka, readTestView, uniqueName, waitFor } from './testing.js';

const support = localBrokerSupport();
const skip = 'skip' in support ? support.skip : false;

async function appendRound(store: SqliteEventStore, cases: string[], round: number): Promise<bigint> {
  let last = 0n;
  for (const code of cases) last = (await store.append(`dispute-${code}`, [caseEvent(code, `R${round}`, round)], { expectedRevision: 'any' })).position;
  return last;
}

t.test('broker stopped and restarted mid-stream: nothing lost, nothing applied twice', { skip }, async (t) => {
  const defer = deferrer(t);
  const dir = t.testdir();
  const own = { runDir: join(dir, 'broker'), port: await freePort(), controllerPort: await freePort() };
  const brokers = await startLocalBroker(own);
  defer(() => stopLocalBroker(own));
  const kafka = quietKafka(brokers, 'restart-test');
  const topic = uniqueName('events-restart');
  await ensureTopic(kafka, { topic, numPartitions: 2 });
  const store = openSqliteEventStore({ path: join(dir, 'store.db') });
  defer(() => store.close());
  const checkpoint = openRelayCheckpoint({ path: join(dir, 'relay.db'), name: topic });
  defer(() => checkpoint.close());
  const relayErrors: unknown[] = [];
  const relay = startRelay({ store, kafka, topic, checkpoint, onError: (e) => relayErrors.push(e) });
  defer(() => relay.stop());
  const view = openTestView(join(dir, 'view.db'));
  defer(() => view.close());
  let duplicates = 0;
  const consumer = await startKafkaConsumer({
    kafka,
    topic,
    groupId: uniqueName('view'),
    db: view,
    handle: applyToTestView,
    onApplied: ({ duplicate }) => void (duplicate && duplicates++),
  });
  defer(() => consumer.stop());
  const viewMatchesStore = async () => JSON.stringify(readTestView(view)) === JSON.stringify(await expectedTestView(store));

  const cases = ['ZZ-R1', 'ZZ-R2', 'ZZ-R3', 'ZZ-R4'];
  await appendRound(store, cases, 1);
  await waitFor('round 1 in the view', viewMatchesStore);

  // Stop the broker while round 2 is being appended; round 3 is appended while it is down.
  const round2 = appendRound(store, cases, 2);
  const t0 = Date.now();
  await stopLocalBroker(own);
  t.comment(`broker stopped in ${Date.now() - t0} ms`);
  await round2;
  const whileDown = await appendRound(store, cases, 3);
  t.ok(relay.position() < whileDown, 'events appended while the broker is down wait in the store');
  const t1 = Date.now();
  await startLocalBroker(own);
  t.comment(`broker started in ${Date.now() - t1} ms`);
  const head = await appendRound(store, cases, 4);

  const t2 = Date.now();
  await relay.reached(head);
  t.comment(`relay caught up ${Date.now() - t2} ms after the restart`);
  await waitFor('view complete after the restart', viewMatchesStore, 60_000);
  t.comment(`view complete ${Date.now() - t2} ms after the restart`);
  t.same(readTestView(view), await expectedTestView(store), 'every event applied exactly once, in order');
  // kafkajs usually rides out a short outage inside its own retries; longer ones restart the relay loop.
  t.comment(`relay loop restarts during the outage: ${relayErrors.length}`);
  t.comment(`duplicates absorbed by the consumer: ${duplicates}`);
});
