import t from 'tap';
import path from 'node:path';
import { openSqliteEventStore, type RecordedEvent } from '@zz/eventstore';
import { fromKafkaValue, HEADER, partitionKeyOf, toKafkaMessage } from './message.js';

const event: RecordedEvent = {
  eventId: '6f1c1f0e-0000-4000-8000-000000000001',
  type: 'DisputeRegistered',
  schemaVersion: 2,
  occurredAt: '2026-11-01T08:00:00.000Z',
  data: { category: 'neighbour' },
  metadata: { caseCode: 'ZZ-330106-2026-000123', correlationId: 'corr-1', causationId: 'cmd-1' },
  streamId: 'dispute-abc',
  revision: 3n,
  position: 9007199254740993n, // beyond 2^53: must survive as a bigint
};

t.test('key, headers and value carry the envelope', async (t) => {
  const m = toKafkaMessage(event);
  t.equal(m.key, 'ZZ-330106-2026-000123');
  t.same(m.headers, {
    [HEADER.eventId]: event.eventId,
    [HEADER.type]: 'DisputeRegistered',
    [HEADER.schemaVersion]: '2',
    [HEADER.position]: '9007199254740993',
    [HEADER.streamId]: 'dispute-abc',
    [HEADER.revision]: '3',
    [HEADER.correlationId]: 'corr-1',
    [HEADER.causationId]: 'cmd-1',
  });
  t.same(fromKafkaValue(Buffer.from(m.value as string)), event, 'round trip, bigints exact');
});

t.test('an event read from the store (lazily parsed data) keeps its data and metadata', async (t) => {
  const store = openSqliteEventStore({ path: path.join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  const { eventId, type, schemaVersion, occurredAt, data, metadata } = event;
  await store.append('dispute-abc', [{ eventId, type, schemaVersion, occurredAt, data, metadata }], { expectedRevision: 'no_stream' });
  const [stored] = await store.readStream('dispute-abc');
  const back = fromKafkaValue(Buffer.from(toKafkaMessage(stored!).value as string));
  t.same(back.data, data);
  t.same(back.metadata, metadata);
});

t.test('an event without a case code is keyed by its stream', async (t) => {
  t.equal(partitionKeyOf({ ...event, metadata: {} }), 'dispute-abc');
});

t.test('a foreign message is refused', async (t) => {
  t.throws(() => fromKafkaValue(Buffer.from('{"hello":1}')), /not a relayed event/);
  t.throws(() => fromKafkaValue(null), /empty/);
});
