// The ESDB adapter's translations, against a typed in-memory fake of the client.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { NO_STREAM, ANY, type AllStreamRecordedEvent } from '@eventstore/db-client';
import { openEsdbEventStore } from './esdb.js';
import { collect, contractEvent, eventStoreContract } from './contract.js';
import { WrongExpectedRevisionError, type RecordedEvent } from './port.js';
import { FakeEsdbClient } from './testing/fake-esdb-client.js';
import { fromEsdbEvent, isSystemEvent, toEsdbEvent } from './esdb-mapping.js';

const fastBackoff = { initialMs: 1, maxMs: 4 };

t.test('the adapter over the fake client passes the EventStore contract', async (t) => {
  eventStoreContract(t, async () => openEsdbEventStore({ client: new FakeEsdbClient(), resubscribeBackoff: fastBackoff }));
});

t.test('expected revisions map to NO_STREAM / ANY / bigint', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  await store.append('dispute-1', [contractEvent()], { expectedRevision: 'no_stream' });
  await store.append('dispute-1', [contractEvent()], { expectedRevision: 'any' });
  await store.append('dispute-1', [contractEvent()], { expectedRevision: 1n });
  t.same(
    client.appendCalls.map((c) => c.expectedRevision),
    [NO_STREAM, ANY, 1n],
  );
});

t.test('WrongExpectedVersionError becomes WrongExpectedRevisionError with the actual revision', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  const missing = await store.append('dispute-2', [contractEvent()], { expectedRevision: 3n }).catch((e: unknown) => e);
  t.type(missing, WrongExpectedRevisionError);
  t.match(missing, { streamId: 'dispute-2', expected: 3n, actual: 'no_stream' });
  await store.append('dispute-2', [contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
  const stale = await store.append('dispute-2', [contractEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
  t.match(stale, { expected: 'no_stream', actual: 1n });
  t.ok(stale instanceof WrongExpectedRevisionError);
  const other = new Error('boom');
  const failing = openEsdbEventStore({
    client: Object.assign(new FakeEsdbClient(), { appendToStream: async () => Promise.reject(other) }),
  });
  await t.rejects(failing.append('x-1', [contractEvent()], { expectedRevision: 'any' }), other, 'other errors pass through');
});

t.test('schemaVersion and occurredAt travel in ESDB metadata and come back out of it', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  const event = { ...contractEvent('CaseClosed', { outcome: '调解成功' }), schemaVersion: 4, occurredAt: '2025-01-02T03:04:05.000Z' };
  event.metadata = { correlationId: 'c-1', actor: { userId: 'u', role: 'mediator' } };
  await store.append('mediation-1', [event], { expectedRevision: 'no_stream' });
  t.same(client.log[0]?.metadata, { correlationId: 'c-1', actor: { userId: 'u', role: 'mediator' }, $schemaVersion: 4, $occurredAt: '2025-01-02T03:04:05.000Z' }, 'as stored in ESDB');
  const [read] = await store.readStream('mediation-1');
  t.same(read?.metadata, event.metadata, 'our metadata without the $ keys');
  t.equal(read?.schemaVersion, 4);
  t.equal(read?.occurredAt, '2025-01-02T03:04:05.000Z');
  t.same(read?.data, { outcome: '调解成功' });
});

t.test('events written by other tools: defaults for missing keys, binary data, unknown positions', async (t) => {
  const created = new Date('2024-05-06T07:08:09.000Z');
  const foreign = {
    streamId: 'legacy-1', id: randomUUID(), isJson: false, revision: 0n, type: 'Imported', created,
    data: new TextEncoder().encode('{"a":1}'), metadata: undefined,
    position: { commit: 18446744073709551615n, prepare: 18446744073709551615n },
  } as unknown as AllStreamRecordedEvent;
  const mapped = fromEsdbEvent(foreign);
  t.same(mapped.data, { a: 1 });
  t.equal(mapped.schemaVersion, 1);
  t.equal(mapped.occurredAt, created.toISOString());
  t.same(mapped.metadata, {});
  t.equal(mapped.position, 0n, 'the "no position" marker maps to 0n');
  const store = openEsdbEventStore({ client: new FakeEsdbClient({ legacyStreamPositions: true }) });
  await store.append('dispute-9', [contractEvent()], { expectedRevision: 'any' });
  t.equal((await store.readStream('dispute-9'))[0]?.position, 0n);
  t.equal(toEsdbEvent(contractEvent()).contentType, 'application/json');
});

t.test('system events never reach readAll, subscribe or headPosition; missing streams read as []', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client, resubscribeBackoff: fastBackoff });
  t.same(await store.readStream('nope-1'), []);
  t.equal(await store.headPosition(), 0n, 'only system events → head 0n');
  client.writeSystemEvent();
  t.equal(await store.headPosition(), 0n, 'only system events → head 0n');
  const a = await store.append('dispute-3', [contractEvent()], { expectedRevision: 'no_stream' });
  client.writeSystemEvent('$$dispute-3', '$metadata');
  client.writeSystemEvent('$stats-1', 'NotDollarType');
  t.equal(await store.headPosition(), a.position, 'head skips trailing system events');
  const all = await collect(store.readAll());
  t.same(all.map((e) => e.streamId), ['dispute-3']);
  t.ok(isSystemEvent({ streamId: 'x', type: '$>' }), 'link events are system events');

  const subscription = store.subscribe();
  const b = await store.append('dispute-3', [contractEvent()], { expectedRevision: 0n });
  client.writeSystemEvent();
  const seen: RecordedEvent[] = [];
  for await (const e of subscription) {
    seen.push(e);
    if (e.position === b.position) break;
  }
  t.same(seen.map((e) => e.position), [a.position, b.position]);
});

t.test('readAll and subscribe: `after` is exclusive although ESDB reads from a position inclusively', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await store.append(`s-${i}`, [contractEvent()], { expectedRevision: 'no_stream' }));
  const after = results[1]!.position;
  t.same((await collect(store.readAll({ after }))).map((e) => e.position), [results[2]!.position, results[3]!.position]);
  t.same((await collect(store.readAll({ after, maxCount: 1 }))).map((e) => e.position), [results[2]!.position]);
  const sub = store.subscribe({ after });
  const first = await sub[Symbol.asyncIterator]().next();
  t.equal(first.value?.position, results[2]!.position);
  t.same(client.subscribeCalls[0], { commit: after, prepare: after });
  await sub.close();
});

t.test('a dropped subscription resubscribes from the last delivered position, without duplicates', async (t) => {
  const client = new FakeEsdbClient();
  const drops: number[] = [];
  const store = openEsdbEventStore({ client, resubscribeBackoff: fastBackoff, onSubscriptionDropped: (_e, attempt) => drops.push(attempt) });
  const positions: bigint[] = [];
  for (let i = 0; i < 3; i++) positions.push((await store.append(`r-${i}`, [contractEvent()], { expectedRevision: 'any' })).position);
  const subscription = store.subscribe();
  const iterator = subscription[Symbol.asyncIterator]();
  const seen: bigint[] = [];
  for (let i = 0; i < 2; i++) seen.push((await iterator.next()).value.position);
  client.dropSubscriptions(); // connection lost after two deliveries; the third is still buffered
  positions.push((await store.append('r-3', [contractEvent()], { expectedRevision: 'any' })).position);
  for (let i = 0; i < 2; i++) seen.push((await iterator.next()).value.position);
  t.same(seen, positions, 'every event once, in order');
  t.same(drops, [1], 'one drop reported');
  t.equal(client.subscribeCalls.length, 2, 'subscribed again');
  t.same(client.subscribeCalls[1], { commit: positions[1], prepare: positions[1] }, 'from the last delivered position');
  const live = await store.append('r-4', [contractEvent()], { expectedRevision: 'any' });
  t.equal((await iterator.next()).value.position, live.position, 'and stays live');
  await subscription.close();
  t.same(await iterator.next(), { done: true, value: undefined }, 'close() ends the iteration');
  t.equal(client.liveSubscriptions, 0, 'and unsubscribes');
});
