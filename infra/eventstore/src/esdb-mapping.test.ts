// The ESDB adapter's translations, against a typed in-memory fake of the client.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { NO_STREAM, ANY, type AllStreamRecordedEvent } from '@eventstore/db-client';
import { openEsdbEventStore } from './esdb.js';
import { collect, contractEvent, eventStoreContract } from './contract.js';
import { InvalidPositionError, OutcomeUnknownError, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from './port.js';
import { FakeEsdbClient, esdbErrors, type FakeEsdbOptions } from './testing/fake-esdb-client.js';
import { fromEsdbEvent, isSystemEvent, toEsdbEvent } from './esdb-mapping.js';

const fastBackoff = { initialMs: 1, maxMs: 4 };
const fastRetry = { attempts: 3, initialMs: 1 };

t.test('the adapter over the fake client passes the EventStore contract', async (t) => {
  const clients = new WeakMap<EventStore, FakeEsdbClient>();
  const open = (options: FakeEsdbOptions) => async () => {
    const client = new FakeEsdbClient(options);
    const store = openEsdbEventStore({ client, resubscribeBackoff: fastBackoff, appendRetry: fastRetry, readPageSize: 7 });
    clients.set(store, client);
    return store;
  };
  const openCalls = (store: EventStore) => clients.get(store)!.openCalls;
  t.test('default client settings', async (t) => eventStoreContract(t, open({}), { openCalls }));
  t.test('throwOnAppendFailure=false, appends answered without positions', async (t) => eventStoreContract(t, open({ throwOnAppendFailure: false, omitAppendPosition: true }), { openCalls }));
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
    streamId: 'legacy-1',
    id: randomUUID(),
    isJson: false,
    revision: 0n,
    type: 'Imported',
    created,
    data: new TextEncoder().encode('{"a":1}'),
    metadata: undefined,
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
  t.same(
    all.map((e) => e.streamId),
    ['dispute-3'],
  );
  t.ok(isSystemEvent({ streamId: 'x', type: '$>' }), 'link events are system events');

  const subscription = store.subscribe();
  const b = await store.append('dispute-3', [contractEvent()], { expectedRevision: 0n });
  client.writeSystemEvent();
  const seen: RecordedEvent[] = [];
  for await (const e of subscription) {
    seen.push(e);
    if (e.position === b.position) break;
  }
  t.same(
    seen.map((e) => e.position),
    [a.position, b.position],
  );
});

t.test('readAll and subscribe: `after` is exclusive although ESDB reads from a position inclusively', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await store.append(`s-${i}`, [contractEvent()], { expectedRevision: 'no_stream' }));
  const after = results[1]!.position;
  t.same(
    (await collect(store.readAll({ after }))).map((e) => e.position),
    [results[2]!.position, results[3]!.position],
  );
  t.same(
    (await collect(store.readAll({ after, maxCount: 1 }))).map((e) => e.position),
    [results[2]!.position],
  );
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

t.test('reads are bounded and cancelled: maxCount goes to the server, the head read asks for one record', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client, readPageSize: 5 });
  for (let i = 0; i < 12; i++) await store.append(`b-${i}`, [contractEvent()], { expectedRevision: 'no_stream' });
  client.readAllCalls.length = 0;
  await store.headPosition();
  t.same(client.readAllCalls, [{ fromPosition: 'end', direction: 'backwards', maxCount: 1 }], 'one record from the end');
  client.readAllCalls.length = 0;
  t.equal((await collect(store.readAll({ maxCount: 2 }))).length, 2);
  t.same(
    client.readAllCalls.map((c) => c.maxCount),
    [2],
    'maxCount passed on',
  );
  client.readAllCalls.length = 0;
  t.equal((await collect(store.readAll())).length, 12, 'pages of 5 cover the log');
  t.same(
    client.readAllCalls.map((c) => c.maxCount),
    [5, 5, 5],
    'every call bounded',
  );
  for await (const _ of store.readAll()) break;
  t.equal(client.openCalls, 0, 'an early exit cancels its call');
  client.writeSystemEvent();
  client.writeSystemEvent();
  const head = await store.headPosition();
  t.equal(head, client.log[11]!.position.commit, 'trailing system events: a larger second read');
  t.equal(client.openCalls, 0);
});

t.test('a subscription from a position inside a record (p − 1n) fails with InvalidPositionError, once', async (t) => {
  const client = new FakeEsdbClient();
  const dropped: unknown[] = [];
  const store = openEsdbEventStore({ client, resubscribeBackoff: fastBackoff, onSubscriptionDropped: (e) => dropped.push(e) });
  const a = await store.append('p-1', [contractEvent()], { expectedRevision: 'no_stream' });
  await store.append('p-1', [contractEvent()], { expectedRevision: 0n });
  const computed = a.position - 1n;
  const error = await store
    .subscribe({ after: computed })
    [Symbol.asyncIterator]()
    .next()
    .catch((e: unknown) => e);
  t.type(error, InvalidPositionError);
  t.equal((error as InvalidPositionError).position, computed);
  t.same(dropped, [], 'not reported as a drop, not retried');
  t.equal(client.subscribeCalls.length, 0, 'refused before subscribing');
  t.type(await collect(store.readAll({ after: computed })).catch((e: unknown) => e), InvalidPositionError, 'readAll too');
  t.equal(client.openCalls, 0);

  // The server may refuse it itself (a position checked, then scavenged): same answer, no retry loop.
  client.failNext('subscribe', esdbErrors.invalidPosition);
  const refused = await store
    .subscribe({ after: a.position })
    [Symbol.asyncIterator]()
    .next()
    .catch((e: unknown) => e);
  t.type(refused, InvalidPositionError, 'a server refusal becomes InvalidPositionError');
  client.failNext('subscribe', esdbErrors.accessDenied);
  const denied = await store
    .subscribe()
    [Symbol.asyncIterator]()
    .next()
    .catch((e: unknown) => e);
  t.equal((denied as { type?: string }).type, 'access-denied', 'access denied ends the subscription');
  t.equal(client.subscribeCalls.length, 2, 'neither was retried');
  t.same(dropped, []);

  client.failNext('subscribe', esdbErrors.unavailable);
  client.failNext('subscribe', esdbErrors.notLeader);
  const sub = store.subscribe({ after: a.position });
  const next = await sub[Symbol.asyncIterator]().next();
  t.equal(next.value?.streamId, 'p-1', 'transient errors are retried');
  t.equal(dropped.length, 2, 'and reported');
  await sub.close();
  t.equal(client.openCalls, 0);
});

t.test('append: success:false is a conflict with the actual revision; a missing position is our own event’s', async (t) => {
  const client = new FakeEsdbClient({ throwOnAppendFailure: false, omitAppendPosition: true });
  const store = openEsdbEventStore({ client });
  await store.append('c-1', [contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
  const conflict = await store.append('c-1', [contractEvent()], { expectedRevision: 0n }).catch((e: unknown) => e);
  t.type(conflict, WrongExpectedRevisionError);
  t.match(conflict, { expected: 0n, actual: 1n });
  t.equal((await store.readStream('c-1')).length, 2, 'nothing taken as appended');
  const ours = contractEvent();
  const racing = Promise.all([store.append('c-2', [ours], { expectedRevision: 'no_stream' }), store.append('c-3', [contractEvent()], { expectedRevision: 'no_stream' })]);
  const [mine] = await racing;
  t.equal(mine.position, client.log.find((e) => e.id === ours.eventId)!.position.commit, 'not the head, which is the other writer’s');
  const legacy = new FakeEsdbClient({ omitAppendPosition: true, legacyStreamPositions: true });
  const old = openEsdbEventStore({ client: legacy });
  const r = await old.append('c-4', [contractEvent()], { expectedRevision: 'no_stream' });
  legacy.writeSystemEvent();
  t.equal(r.position, legacy.log[0]!.position.commit, 'pre-22.6: found in $all');
  t.equal(client.openCalls + legacy.openCalls, 0);
});

t.test('append: an unknown outcome is retried with the same event ids; written once either way', async (t) => {
  for (const [name, error] of Object.entries({ deadline: esdbErrors.deadline, unavailable: esdbErrors.unavailable, notLeader: esdbErrors.notLeader })) {
    for (const landed of [false, true]) {
      const client = new FakeEsdbClient();
      const store = openEsdbEventStore({ client, appendRetry: fastRetry });
      const events = [contractEvent(), contractEvent()];
      client.failNext('append', error, { landed });
      const result = await store.append(`u-${name}`, events, { expectedRevision: 'no_stream' });
      const stored = await store.readStream(`u-${name}`);
      t.same(
        stored.map((e) => e.eventId),
        events.map((e) => e.eventId),
        `${name}, ${landed ? 'written' : 'not written'}: stored once`,
      );
      t.same(result, { nextRevision: 1n, position: stored[1]!.position }, 'answered with our revision and position');
      t.same(
        client.appendCalls[1]!.events.map((e) => e.id),
        events.map((e) => e.eventId),
        'the retry carried the same ids',
      );
    }
  }
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client, appendRetry: fastRetry });
  client.failNext('append', esdbErrors.deadline, { landed: true, times: 3 });
  const events = [contractEvent()];
  const unknown = await store.append('u-x', events, { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
  t.type(unknown, OutcomeUnknownError, 'after the last attempt: OutcomeUnknownError');
  t.same((unknown as OutcomeUnknownError).eventIds, [events[0]!.eventId]);
  t.equal(client.appendCalls.length, 3);
  const again = await store.append('u-x', events, { expectedRevision: 'no_stream' });
  t.equal(again.nextRevision, 0n, 'the caller’s own retry with the same ids succeeds');
  t.equal((await store.readStream('u-x')).length, 1, 'and writes nothing twice');
  client.failNext('append', esdbErrors.accessDenied);
  const denied = await store.append('u-y', [contractEvent()], { expectedRevision: 'any' }).catch((e: unknown) => e);
  t.equal((denied as { type?: string }).type, 'access-denied', 'access denied is not retried');
  t.equal(client.appendCalls.length, 5);
});

t.test('the fake itself: catch-up arrives asynchronously, with confirmation, checkpoints and caughtUp', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  for (let i = 0; i < 70; i++) await store.append(`f-${i % 3}`, [contractEvent(i % 2 ? 'Odd' : 'Even')], { expectedRevision: 'any' });
  const checkpoints: bigint[] = [];
  const { eventTypeFilter } = await import('@eventstore/db-client');
  const sub = client.subscribeToAll({ filter: eventTypeFilter({ regex: '^Odd$', checkpointInterval: 1, checkpointReached: (_s, p) => void checkpoints.push(p.commit) }) });
  let synchronous = 0;
  sub.on('data', () => synchronous++);
  t.equal(synchronous, 0, 'nothing delivered synchronously');
  const seen: string[] = [];
  const caughtUp = new Promise<void>((resolve) => sub.once('caughtUp', resolve));
  sub.on('data', (e: { event?: { type: string } }) => seen.push(e.event!.type));
  await caughtUp;
  t.equal(seen.length, 35, 'only the filtered type');
  t.same(checkpoints, [client.log[31]!.position.commit, client.log[63]!.position.commit], 'a checkpoint every 32 records scanned');
  await sub.unsubscribe();
  t.equal(client.openCalls, 0);
});

t.test('an append over the server’s size limit fails as such, and is not retried', async (t) => {
  const client = new FakeEsdbClient({ maxAppendSize: 10_000 });
  const store = openEsdbEventStore({ client, appendRetry: fastRetry });
  const big = Array.from({ length: 20 }, () => contractEvent('Big', { text: 'x'.repeat(1000) }));
  const error = await store.append('big-1', big, { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
  t.equal((error as { type?: string }).type, 'maximum-append-size-exceeded');
  t.equal(client.appendCalls.length, 1, 'not retried');
  t.same(await store.readStream('big-1'), [], 'nothing written');
});
