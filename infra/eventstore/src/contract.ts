/**
 * The one contract every EventStore adapter must pass. Run it from an adapter's test file:
 *   eventStoreContract(t, async () => openSqliteEventStore({ path: join(dir, `${n++}.db`) }))
 * Tests use fresh, uniquely named streams and read the global log only after the head they
 * observed first, so it also runs against a shared EventStoreDB that already holds events.
 */
import { randomUUID } from 'node:crypto';
import type { TAP } from 'tap';
import { InvalidPositionError, WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from './port.js';

export type TapTest = Parameters<Parameters<TAP['test']>[0]>[0];

export function contractEvent(type = 'ContractTested', data: unknown = { n: 1 }): EventData {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    data,
    metadata: { correlationId: randomUUID() },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function strictlyIncreasing(positions: bigint[]): boolean {
  return positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint));
}

export interface ContractOptions {
  /** Server calls the store holds open now (a fake can tell; a real server shows leaks as hangs). */
  openCalls?: (store: EventStore) => number;
}

export function eventStoreContract(t: TapTest, makeStore: () => Promise<EventStore>, options: ContractOptions = {}): void {
  const run = randomUUID().slice(0, 8);
  /** Event types of this run only: a shared server may hold other runs' events of the same names. */
  const T = (name: string) => `${name}-${run}`;
  let streamNo = 0;
  /** A stream name no other test (or earlier run) uses. */
  const fresh = (flow = 'contract') => `${flow}-${run}x${streamNo++}`;
  const ours = (e: RecordedEvent) => e.streamId.includes(`-${run}x`);

  const withStore = async (tt: TapTest): Promise<EventStore> => {
    const store = await makeStore();
    tt.teardown(() => store.close());
    return store;
  };

  t.test('append and read back: data, metadata, schemaVersion, revisions, positions', async (tt) => {
    const store = await withStore(tt);
    const stream = fresh('dispute');
    const first: EventData = {
      eventId: randomUUID(),
      type: 'DisputeRegistered',
      schemaVersion: 3,
      occurredAt: '2025-03-01T08:30:00.000Z',
      data: { caseCode: 'ZZ-2025-0001', summary: '邻里噪音纠纷', parties: [{ role: 'applicant' }], amount: 12.5 },
      metadata: { correlationId: randomUUID(), actor: { userId: 'u-1', role: 'intake_clerk', centerCode: '230302' } },
    };
    const second = contractEvent('DisputeAccepted', { by: 'u-2' });
    const result = await store.append(stream, [first, second], { expectedRevision: 'no_stream' });
    tt.equal(result.nextRevision, 1n, 'next revision is the last appended revision');

    const read = await store.readStream(stream);
    tt.equal(read.length, 2);
    const [a, b] = read as [RecordedEvent, RecordedEvent];
    tt.same({ eventId: a.eventId, type: a.type, schemaVersion: a.schemaVersion, occurredAt: a.occurredAt, data: a.data, metadata: a.metadata }, first);
    tt.equal(a.streamId, stream);
    tt.equal(a.revision, 0n);
    tt.equal(b.revision, 1n);
    tt.equal(b.eventId, second.eventId);
    tt.same(b.metadata, second.metadata);
    tt.ok(b.position > a.position, 'positions increase within an append');
    tt.equal(b.position, result.position, 'append returns the position of its last event');

    tt.same(await store.readStream(fresh('missing')), [], 'a missing stream reads as empty');
    const tail = await store.readStream(stream, { fromRevision: 1n });
    tt.same(
      tail.map((e) => e.eventId),
      [second.eventId],
      'fromRevision skips earlier revisions',
    );
  });

  t.test("expected revision: 'no_stream', 'any', exact", async (tt) => {
    const store = await withStore(tt);
    const stream = fresh();
    await tt.rejects(store.append(stream, [contractEvent()], { expectedRevision: 0n }), WrongExpectedRevisionError);
    const created = await store.append(stream, [contractEvent()], { expectedRevision: 'no_stream' });
    tt.equal(created.nextRevision, 0n);

    const again = await store.append(stream, [contractEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
    tt.type(again, WrongExpectedRevisionError, 'no_stream on an existing stream fails');
    tt.equal((again as WrongExpectedRevisionError).actual, 0n, 'and reports the actual revision');
    tt.equal((again as WrongExpectedRevisionError).streamId, stream);

    const exact = await store.append(stream, [contractEvent(), contractEvent()], { expectedRevision: 0n });
    tt.equal(exact.nextRevision, 2n);
    const any = await store.append(stream, [contractEvent()], { expectedRevision: 'any' });
    tt.equal(any.nextRevision, 3n);
    const anyNew = await store.append(fresh(), [contractEvent()], { expectedRevision: 'any' });
    tt.equal(anyNew.nextRevision, 0n, "'any' creates a missing stream");

    const missing = await store.append(fresh(), [contractEvent()], { expectedRevision: 5n }).catch((e: unknown) => e);
    tt.type(missing, WrongExpectedRevisionError);
    tt.equal((missing as WrongExpectedRevisionError).actual, 'no_stream');
    tt.equal((await store.readStream(stream)).length, 4);
  });

  t.test('a stale expected revision changes nothing at all', async (tt) => {
    const store = await withStore(tt);
    const stream = fresh();
    const before = await store.headPosition();
    await store.append(stream, [contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
    const rejected = [contractEvent('Stale'), contractEvent('Stale')];
    const error = await store.append(stream, rejected, { expectedRevision: 0n }).catch((e: unknown) => e);
    tt.type(error, WrongExpectedRevisionError);
    tt.equal((error as WrongExpectedRevisionError).expected, 0n);
    tt.equal((error as WrongExpectedRevisionError).actual, 1n);

    const next = contractEvent('Fresh');
    const ok = await store.append(stream, [next], { expectedRevision: 1n });
    tt.equal(ok.nextRevision, 2n, 'the right revision still succeeds, right after the old head');
    const events = await store.readStream(stream);
    tt.same(
      events.map((e) => e.revision),
      [0n, 1n, 2n],
    );
    tt.notOk(
      events.some((e) => e.type === 'Stale'),
      'no trace in the stream',
    );
    const log = (await collect(store.readAll({ after: before }))).filter(ours);
    const rejectedIds = new Set(rejected.map((e) => e.eventId));
    tt.notOk(
      log.some((e) => rejectedIds.has(e.eventId)),
      'no trace in the global log',
    );
    tt.equal(log[log.length - 1]?.eventId, next.eventId);
  });

  t.test('concurrent appends with the same expected revision: exactly one wins', async (tt) => {
    const store = await withStore(tt);
    const stream = fresh();
    await store.append(stream, [contractEvent()], { expectedRevision: 'no_stream' });
    const contenders = Array.from({ length: 6 }, () => contractEvent('Contender'));
    const settled = await Promise.allSettled(contenders.map((e) => store.append(stream, [e], { expectedRevision: 0n })));
    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    tt.equal(won.length, 1, 'one winner');
    tt.ok(
      lost.every((s) => s.reason instanceof WrongExpectedRevisionError && s.reason.actual === 1n),
      'the others see revision 1',
    );
    const events = await store.readStream(stream);
    tt.equal(events.length, 2);
    const winner = contenders[settled.findIndex((s) => s.status === 'fulfilled')];
    tt.equal(events[1]?.eventId, winner?.eventId, 'the stored event is the winner');

    const creators = await Promise.allSettled(Array.from({ length: 4 }, () => store.append(fresh('race'), [contractEvent()], { expectedRevision: 'no_stream' })));
    tt.ok(
      creators.every((s) => s.status === 'fulfilled'),
      'different streams do not conflict',
    );
  });

  t.test('readAll: global order, `after` is exclusive, maxCount', async (tt) => {
    const store = await withStore(tt);
    const before = await store.headPosition();
    const [a, b, c] = [fresh(), fresh(), fresh()];
    const plan: [string, EventData[]][] = [
      [a, [contractEvent(T('A1'))]],
      [b, [contractEvent(T('B1')), contractEvent(T('B2'))]],
      [a, [contractEvent(T('A2'))]],
      [c, [contractEvent(T('C1'))]],
    ];
    const results = [];
    for (const [stream, events] of plan) results.push(await store.append(stream, events, { expectedRevision: 'any' }));
    const appendedIds = plan.flatMap(([, events]) => events.map((e) => e.eventId));

    const everything = await collect(store.readAll({ after: before }));
    const log = everything.filter(ours);
    tt.same(
      log.map((e) => e.eventId),
      appendedIds,
      'events come in append order',
    );
    tt.ok(strictlyIncreasing(everything.map((e) => e.position)), 'positions strictly increase');
    tt.same(
      log.map((e) => e.type),
      ['A1', 'B1', 'B2', 'A2', 'C1'].map(T),
    );
    tt.same(
      [log[0], log[2], log[3], log[4]].map((e) => e?.position),
      results.map((r) => r.position),
      'positions match what append returned',
    );

    const afterSecond = (await collect(store.readAll({ after: results[1]?.position }))).filter(ours);
    tt.same(
      afterSecond.map((e) => e.type),
      ['A2', 'C1'].map(T),
      '`after` excludes the event at that position',
    );
    // Other writers' events may lie between ours on a shared server: maxCount is checked against the full read.
    const firstTwo = await collect(store.readAll({ after: before, maxCount: 2 }));
    tt.same(
      firstTwo.map((e) => e.eventId),
      everything.slice(0, 2).map((e) => e.eventId),
      'maxCount stops early',
    );
    const fromOurs = await collect(store.readAll({ after: results[0]?.position, maxCount: 1 }));
    tt.equal(fromOurs.length, 1, 'maxCount 1 reads one event');

    const typed = await collect(store.readAll({ after: before, types: ['A1', 'A2', 'C1'].map(T) }));
    tt.same(
      typed.map((e) => e.type),
      ['A1', 'A2', 'C1'].map(T),
      '`types` keeps only those types, in log order',
    );
    tt.same(
      typed.map((e) => e.position),
      [results[0]?.position, results[2]?.position, results[3]?.position],
      'at their own positions',
    );
    const typedFirst = await collect(store.readAll({ after: before, types: ['B2', 'C1'].map(T), maxCount: 1 }));
    tt.same(
      typedFirst.map((e) => e.type),
      [T('B2')],
      'maxCount counts the chosen types only',
    );
    tt.same(await collect(store.readAll({ after: before, types: [] })), [], 'no types: nothing');
  });

  t.test('200 reads left early, and head reads, leave nothing open and the store working', async (tt) => {
    const store = await withStore(tt);
    const stream = fresh();
    const before = await store.headPosition();
    await store.append(stream, [contractEvent(), contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
    for (let i = 0; i < 200; i++) {
      for await (const e of store.readAll({ after: before })) if (e) break;
      if (i % 4 === 0) await store.headPosition();
    }
    const taken = await Promise.all(Array.from({ length: 50 }, () => collect(store.readAll({ after: before, maxCount: 1 }))));
    tt.ok(
      taken.every((r) => r.length === 1),
      'concurrent bounded reads answer',
    );
    if (options.openCalls) tt.equal(options.openCalls(store), 0, 'no server call left open');
    const next = await store.append(stream, [contractEvent()], { expectedRevision: 2n });
    tt.equal(next.nextRevision, 3n, 'appends still go through');
    tt.equal((await collect(store.readAll({ after: before }))).filter(ours).length, 4);
  });

  t.test('a repeat of a written append (same event ids) answers as the first did and writes nothing', async (tt) => {
    const store = await withStore(tt);
    const stream = fresh();
    const created = [contractEvent(), contractEvent()];
    const first = await store.append(stream, created, { expectedRevision: 'no_stream' });
    tt.same(await store.append(stream, created, { expectedRevision: 'no_stream' }), first, "repeat of a 'no_stream' append");
    const more = [contractEvent()];
    const second = await store.append(stream, more, { expectedRevision: 1n });
    tt.same(await store.append(stream, more, { expectedRevision: 1n }), second, 'repeat of an exact-revision append');
    const any = [contractEvent()];
    const third = await store.append(stream, any, { expectedRevision: 'any' });
    tt.same(await store.append(stream, any, { expectedRevision: 'any' }), third, "repeat of an 'any' append");
    const late = [contractEvent()];
    const fourth = await store.append(stream, late, { expectedRevision: 3n });
    await store.append(stream, [contractEvent()], { expectedRevision: 4n }); // another writer moved on
    tt.same(await store.append(stream, late, { expectedRevision: 3n }), fourth, 'a repeat still answers after others appended');
    const events = await store.readStream(stream);
    tt.equal(events.length, 6, 'each event stored once');
    tt.equal(new Set(events.map((e) => e.eventId)).size, 6);
    const stale = await store.append(stream, [contractEvent()], { expectedRevision: 3n }).catch((e: unknown) => e);
    tt.type(stale, WrongExpectedRevisionError, 'new ids at a stale revision still conflict');
  });

  t.test('a read or subscription from a position the store never gave out is refused, not retried', async (tt) => {
    const store = await withStore(tt);
    await store.append(fresh(), [contractEvent()], { expectedRevision: 'no_stream' });
    const beyond = (await store.headPosition()) + 1_000_000n;
    const read = await collect(store.readAll({ after: beyond })).catch((e: unknown) => e);
    tt.type(read, InvalidPositionError, 'readAll rejects');
    tt.equal((read as InvalidPositionError).position, beyond);
    tt.type(await collect(store.readAll({ after: -5n })).catch((e: unknown) => e), InvalidPositionError, 'a negative position too');
    const subscription = store.subscribe({ after: beyond });
    tt.teardown(() => subscription.close());
    const first = await subscription[Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    tt.type(first, InvalidPositionError, 'the subscription ends with the error instead of waiting or retrying');
    if (options.openCalls) tt.equal(options.openCalls(store), 0, 'no server call left open');
  });

  t.test('headPosition follows appends', async (tt) => {
    const store = await withStore(tt);
    const result = await store.append(fresh(), [contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
    const head = await store.headPosition();
    tt.ok(head >= result.position, 'head is at least the last appended position');
    const later = (await collect(store.readAll({ after: head }))).filter(ours);
    tt.same(later, [], 'nothing of ours lies after the head');
  });

  t.test('a subscription started mid-burst sees every event once, in order, then live ones', async (tt) => {
    const store = await withStore(tt);
    const before = await store.headPosition();
    const streams = Array.from({ length: 6 }, () => fresh('burst'));
    const appended: EventData[] = [];
    let firstAck!: () => void;
    const firstAcked = new Promise<void>((r) => (firstAck = r));
    const burst = Promise.all(
      streams.map(async (stream) => {
        let expected: bigint | 'no_stream' = 'no_stream';
        for (let i = 0; i < 5; i++) {
          const events = [contractEvent('Burst', { i }), contractEvent('Burst', { i })];
          appended.push(...events);
          expected = (await store.append(stream, events, { expectedRevision: expected })).nextRevision;
          firstAck();
        }
      }),
    );
    await firstAcked; // some of the burst is committed, most is still in flight
    const subscription = store.subscribe({ after: before });
    const burstSize = streams.length * 5 * 2;
    const liveEvents = [contractEvent('Live'), contractEvent('Live')];
    const seen: RecordedEvent[] = [];
    let caughtUp!: () => void;
    const burstSeen = new Promise<void>((r) => (caughtUp = r));
    const consumer = (async () => {
      for await (const e of subscription) {
        if (!ours(e)) continue;
        seen.push(e);
        if (seen.length === burstSize) caughtUp();
        if (seen.length === burstSize + liveEvents.length) break;
      }
    })();
    await burst;
    await burstSeen;
    const live = await store.append(fresh('live'), liveEvents, { expectedRevision: 'no_stream' });
    await consumer;
    await subscription.close();

    const ids = seen.map((e) => e.eventId);
    tt.equal(new Set(ids).size, ids.length, 'no event twice');
    tt.same(new Set(ids.slice(0, burstSize)), new Set(appended.map((e) => e.eventId)), 'every burst event');
    tt.same(
      ids.slice(burstSize),
      liveEvents.map((e) => e.eventId),
      'then the live events',
    );
    tt.ok(strictlyIncreasing(seen.map((e) => e.position)), 'in position order');
    tt.equal(seen[seen.length - 1]?.position, live.position);
    for (const stream of streams) {
      const revisions = seen.filter((e) => e.streamId === stream).map((e) => e.revision);
      tt.same(
        revisions,
        Array.from({ length: 10 }, (_, i) => BigInt(i)),
        `stream revisions in order (${stream})`,
      );
    }
  });

  t.test('close() ends a waiting subscription', async (tt) => {
    const store = await withStore(tt);
    const head = await store.headPosition();
    const subscription = store.subscribe({ after: head });
    const iteration = collect(subscription);
    await subscription.close();
    const delivered = (await iteration).filter(ours);
    tt.same(delivered, [], 'iteration ends without events');
  });
}
