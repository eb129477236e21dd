import t from 'tap';
import { Partitioners, type Consumer, type KafkaMessage } from 'kafkajs';
import { ensureBroker, parseBrokerList } from './broker.js';
import { ensureTopic } from './topic.js';
import { quietKafka, uniqueName, waitFor } from './testing.js';

t.test('ensureBroker decides without touching a broker', async (t) => {
  t.same(parseBrokerList(' a:1, b:2 ,,'), ['a:1', 'b:2']);
  t.same(await ensureBroker({ KAFKA_BROKERS: 'h1:9092,h2:9092', PATH: '' }), { brokers: ['h1:9092', 'h2:9092'] });
  const skipped = await ensureBroker({ PATH: '' });
  t.ok('skip' in skipped && /java/.test(skipped.skip) && /mvn/.test(skipped.skip), 'skips naming what is missing');
  await t.rejects(ensureBroker({ PATH: '', CI: 'true' }), /CI=true/, 'CI never skips');
});

const broker = await ensureBroker();
const skip = 'skip' in broker ? broker.skip : false;
const brokers = 'brokers' in broker ? broker.brokers : [];

/** The batch-level producer fields kafkajs decodes but leaves out of its types. */
interface BatchContext {
  producerId: string;
  firstSequence: number;
}
const batchOf = (m: KafkaMessage) => (m as KafkaMessage & { batchContext: BatchContext }).batchContext;

/** Reads every message of `topic` from the beginning with a throwaway group, until `count` arrived. */
async function readAllMessages(topic: string, count: number): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = quietKafka(brokers, 'reader').consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const seen: { partition: number; message: KafkaMessage }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.push({ partition, message });
          if (seen.length >= count) resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

t.test('produce, then fetch what was produced', { skip }, async (t) => {
  const kafka = quietKafka(brokers, 'broker-test');
  const topic = uniqueName('produce-fetch');
  await ensureTopic(kafka, { topic, numPartitions: 1 });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  t.teardown(() => producer.disconnect());
  const sent = await producer.send({
    topic,
    acks: -1,
    messages: ['一', '二', '三'].map((v, i) => ({ key: `case-${i}`, value: v, headers: { 'event-id': `e${i}` } })),
  });
  t.equal(sent[0]?.errorCode, 0);
  t.equal(sent[0]?.baseOffset, '0', 'first message of a new topic is at offset 0');

  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  t.equal(offsets[0]?.high, '3', 'broker reports three messages');

  const got = await readAllMessages(topic, 3);
  t.same(
    got.map(({ message }) => [message.offset, message.key?.toString(), message.value?.toString(), message.headers?.['event-id']?.toString()]),
    [
      ['0', 'case-0', '一', 'e0'],
      ['1', 'case-1', '二', 'e1'],
      ['2', 'case-2', '三', 'e2'],
    ],
  );
});

t.test('two members of one consumer group share the partitions', { skip }, async (t) => {
  const kafka = quietKafka(brokers, 'group-test');
  const topic = uniqueName('group');
  const groupId = uniqueName('group');
  const partitions = 4;
  await ensureTopic(kafka, { topic, numPartitions: partitions });

  type Member = { name: string; consumer: Consumer; assigned: number[]; got: Map<number, string[]> };
  const members: Member[] = [];
  for (const name of ['a', 'b']) {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, sessionTimeout: 10_000, heartbeatInterval: 500 });
    const member: Member = { name, consumer, assigned: [], got: new Map() };
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      member.assigned = [...(e.payload.memberAssignment[topic] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const list = member.got.get(partition) ?? [];
        list.push(message.value?.toString() ?? '');
        member.got.set(partition, list);
      },
    });
    members.push(member);
  }
  t.teardown(() => Promise.all(members.map((m) => m.consumer.disconnect())));

  // Both members hold partitions, none twice, all covered (the second join rebalances the first).
  await waitFor('both members assigned', () => {
    const all = members.flatMap((m) => m.assigned).sort();
    return members.every((m) => m.assigned.length > 0) && all.join() === '0,1,2,3';
  });

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  t.teardown(() => producer.disconnect());
  const perPartition = 5;
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: partitions * perPartition }, (_, i) => ({ partition: i % partitions, value: `m${i}` })),
  });

  const received = () => members.reduce((n, m) => n + [...m.got.values()].reduce((k, l) => k + l.length, 0), 0);
  await waitFor('every message consumed', () => received() >= partitions * perPartition);
  t.equal(received(), partitions * perPartition, 'each message delivered once');
  for (const m of members) {
    t.same([...m.got.keys()].sort(), m.assigned, `member ${m.name} got messages only from its partitions ${m.assigned.join(',')}`);
    for (const p of m.assigned) {
      const expected = Array.from({ length: perPartition }, (_, k) => `m${k * partitions + p}`);
      t.same(m.got.get(p), expected, `partition ${p} in order`);
    }
  }
});

t.test('idempotent producer with acks from all in-sync replicas', { skip }, async (t) => {
  const kafka = quietKafka(brokers, 'idempotent-test');
  const topic = uniqueName('idempotent');
  await ensureTopic(kafka, { topic, numPartitions: 1 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  t.teardown(() => producer.disconnect());
  for (let i = 0; i < 3; i++) {
    const [ack] = await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'k', value: `v${i}` },
        { key: 'k', value: `w${i}` },
      ],
    });
    t.equal(ack?.errorCode, 0, `batch ${i} acknowledged`);
  }
  const got = await readAllMessages(topic, 6);
  t.same(
    got.map(({ message }) => message.value?.toString()),
    ['v0', 'w0', 'v1', 'w1', 'v2', 'w2'],
  );
  // The broker stored each batch under a real producer id with consecutive sequence numbers:
  // that is what lets it drop a retried batch instead of writing it twice.
  const contexts = got.map(({ message }) => batchOf(message));
  const producerIds = new Set(contexts.map((c) => c.producerId));
  t.equal(producerIds.size, 1, 'one producer id');
  t.not([...producerIds][0], '-1', 'producer id assigned by the broker (idempotence on)');
  t.same([...new Set(contexts.map((c) => c.firstSequence))], [0, 2, 4], 'batch sequence numbers continue across sends');
});
