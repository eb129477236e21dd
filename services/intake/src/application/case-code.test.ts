import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { CASE_CODE_RELEASED, REGISTRATION_ABANDONED } from '@zz/contracts';
import { openSqliteEventStore, WrongExpectedRevisionError, type EventData, type EventStore } from '@zz/eventstore';
import { CASE_CODE_CLAIMED, CaseCodeAllocator, chinaYear, counterStream, formatCaseCode } from './case-code.js';

const center = '230302101';
const counter = counterStream(center, 2026);
const newCase = (caseId: string = randomUUID()) => ({
  caseId,
  streamId: `dispute-${caseId}`,
  build: (caseCode: string): EventData[] => [
    { eventId: randomUUID(), type: 'DisputeRegistered', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { caseId, caseCode }, metadata: { caseCode } },
  ],
});
type Case = ReturnType<typeof newCase>;

const sqlite = (t: Test) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  return store;
};

/** The same store without multi-stream transactions: the path the allocator takes on EventStoreDB. */
const withoutTransactions = (store: EventStore): EventStore => {
  const { appendToStreams: _atomic, ...rest } = Object.fromEntries(
    (Object.getOwnPropertyNames(Object.getPrototypeOf(store)) as (keyof EventStore)[])
      .filter((k) => k !== ('constructor' as never))
      .map((k) => [k, typeof store[k] === 'function' ? (store[k] as (...a: unknown[]) => unknown).bind(store) : store[k]]),
  ) as unknown as EventStore;
  return rest as EventStore;
};

/** Every claimed number, whether it is still owned after releases, and the case stream it names. */
async function numbering(store: EventStore) {
  const owners = new Map<number, { caseId: string; streamId: string; caseCode: string }>();
  for (const e of await store.readStream(counter)) {
    const d = e.data as { seq: number; caseId: string; streamId: string; caseCode: string };
    if (e.type === CASE_CODE_CLAIMED) owners.set(d.seq, d);
    if (e.type === CASE_CODE_RELEASED && owners.get(d.seq)?.caseId === d.caseId) owners.delete(d.seq);
  }
  return owners;
}

/** Gap-free and every owned number names its case, registered under that code. */
async function assertSound(t: Test, store: EventStore, expected: number) {
  const owners = await numbering(store);
  t.same(
    [...owners.keys()].sort((a, b) => a - b),
    Array.from({ length: expected }, (_, i) => i + 1),
    `numbers 1..${expected} owned, no gap`,
  );
  for (const [seq, o] of owners) {
    const registered = (await store.readStream(o.streamId)).find((e) => e.type !== REGISTRATION_ABANDONED);
    if ((registered?.metadata as { caseCode?: string } | undefined)?.caseCode !== formatCaseCode(center, 2026, seq)) t.fail(`number ${seq} does not name its case`);
  }
}

t.test('codes are per center and year, in China Standard Time', async (t) => {
  t.equal(formatCaseCode(center, 2026, 42), '230302101-2026-000042');
  t.equal(chinaYear(new Date('2026-12-31T16:30:00Z')), 2027, '00:30 on 1 January in Beijing is the new year');
  t.equal(chinaYear(new Date('2026-12-31T15:59:59Z')), 2026);
});

t.test('on SQLite a claim is small and written in the same transaction as its case', async (t) => {
  const store = sqlite(t);
  const c = newCase();
  const r = await new CaseCodeAllocator(store).register(center, 2026, c);
  t.equal(r.caseCode, '230302101-2026-000001');
  const [claim] = await store.readStream(counter);
  const [registered] = await store.readStream(c.streamId);
  t.same(claim!.data, { seq: 1, caseCode: r.caseCode, caseId: c.caseId, streamId: c.streamId, atomic: true }, 'the claim carries no copy of the case');
  t.equal(registered!.position, claim!.position + 1n, 'claim and case are adjacent: one append');
  t.equal(r.position, registered!.position);
});

t.test('a case whose build refuses takes no number', async (t) => {
  const store = sqlite(t);
  const allocator = new CaseCodeAllocator(store);
  const refused = {
    ...newCase(),
    build: () => {
      throw new Error('refused');
    },
  };
  const [a, b] = await Promise.allSettled([allocator.register(center, 2026, refused), allocator.register(center, 2026, newCase())]);
  t.equal(a.status, 'rejected');
  t.equal(b.status === 'fulfilled' && b.value.caseCode, '230302101-2026-000001');
});

for (const [name, wrap] of [
  ['SQLite (atomic)', (s: EventStore) => s],
  ['a store without transactions (EventStoreDB path)', withoutTransactions],
] as const) {
  t.test(`${name}: the same case submitted twice at once is written once and takes one number`, async (t) => {
    const store = wrap(sqlite(t));
    const allocator = new CaseCodeAllocator(store);
    const c = newCase();
    const [x, y] = await Promise.allSettled([allocator.register(center, 2026, c), allocator.register(center, 2026, c)]);
    const won = [x, y].filter((r) => r.status === 'fulfilled');
    const lost = [x, y].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    t.equal(won.length, 1);
    t.ok(lost[0]?.reason instanceof WrongExpectedRevisionError && lost[0].reason.streamId === c.streamId, 'the other is told its case stream exists');
    t.equal((await store.readStream(c.streamId)).length, 1);
    const next = await allocator.register(center, 2026, newCase());
    t.equal(next.caseCode, '230302101-2026-000002', 'the next case takes the next number: none was lost to the duplicate');
    await assertSound(t, store, 2);
  });

  t.test(`${name}: forty cases each sent twice at once: forty registered, forty duplicates refused, nothing else fails`, async (t) => {
    const store = wrap(sqlite(t));
    const allocator = new CaseCodeAllocator(store);
    const cases = Array.from({ length: 40 }, () => newCase());
    const results = await Promise.allSettled(cases.flatMap((c) => [allocator.register(center, 2026, c), allocator.register(center, 2026, c)]));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    t.equal(results.length - refused.length, 40);
    t.equal(refused.filter((r) => r.reason instanceof WrongExpectedRevisionError).length, 40, 'every refusal says the case exists');
    await assertSound(t, store, 40);
  });

  t.test(`${name}: two allocators (two processes) on one counter never hand out the same number and leave no gap`, async (t) => {
    const store = wrap(sqlite(t));
    const a = new CaseCodeAllocator(store);
    const b = new CaseCodeAllocator(store);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).register(center, 2026, newCase())));
    t.same(
      results.map((r) => Number(r.caseCode.slice(-6))).sort((x, y) => x - y),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    await assertSound(t, store, 40);
  });

  t.test(`${name}: the wedge of issue #12 (a duplicate claim as the counter's newest) is repaired on the next start`, async (t) => {
    const store = wrap(sqlite(t));
    // What earlier versions left: case A registered as 1; a retry claimed 2 for A again and failed on A's stream.
    const a = newCase();
    const legacyClaim = (seq: number, c: Case): EventData => ({
      eventId: randomUUID(),
      type: CASE_CODE_CLAIMED,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      data: { seq, caseCode: formatCaseCode(center, 2026, seq), caseId: c.caseId, streamId: c.streamId, events: c.build(formatCaseCode(center, 2026, seq)) },
      metadata: {},
    });
    await store.append(counter, [legacyClaim(1, a), legacyClaim(2, a)], { expectedRevision: 'no_stream' });
    await store.append(a.streamId, a.build(formatCaseCode(center, 2026, 1)), { expectedRevision: 'no_stream' });

    const fresh = new CaseCodeAllocator(store); // a restarted process
    const results = await Promise.all(Array.from({ length: 5 }, () => fresh.register(center, 2026, newCase())));
    t.same(results.map((r) => r.caseCode.slice(-6)).sort(), ['000002', '000003', '000004', '000005', '000006'], 'registrations succeed and reuse the dead number');
    await assertSound(t, store, 6);
  });
}

t.test('a legacy claim whose case was never written (the process died) is completed with exactly the claimed events', async (t) => {
  const store = sqlite(t);
  const orphan = newCase();
  const written = newCase();
  const claims = [written, orphan].map(
    (c, i): EventData => ({
      eventId: randomUUID(),
      type: CASE_CODE_CLAIMED,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      data: { seq: i + 1, caseCode: formatCaseCode(center, 2026, i + 1), caseId: c.caseId, streamId: c.streamId, events: c.build(formatCaseCode(center, 2026, i + 1)) },
      metadata: {},
    }),
  );
  await store.append(counter, claims, { expectedRevision: 'no_stream' });
  await store.append(written.streamId, (claims[0]!.data as { events: EventData[] }).events, { expectedRevision: 'no_stream' });

  const third = await new CaseCodeAllocator(store).register(center, 2026, newCase());
  t.equal(third.caseCode, '230302101-2026-000003', 'numbering continues after the last claim');
  const recovered = await store.readStream(orphan.streamId);
  t.equal(recovered[0]!.eventId, (claims[1]!.data as { events: EventData[] }).events[0]!.eventId);
  await assertSound(t, store, 3);
});

t.test('without transactions: a writer that died between claim and case loses its number to the next registration, and can never write under it', async (t) => {
  const store = withoutTransactions(sqlite(t));
  const dead = newCase();
  // The dead writer's claim (the way the allocator writes it on EventStoreDB), and nothing else.
  await store.append(
    counter,
    [
      {
        eventId: randomUUID(),
        type: CASE_CODE_CLAIMED,
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        data: { seq: 1, caseCode: formatCaseCode(center, 2026, 1), caseId: dead.caseId, streamId: dead.streamId },
        metadata: {},
      },
    ],
    { expectedRevision: 'no_stream' },
  );

  const next = await new CaseCodeAllocator(store).register(center, 2026, newCase());
  t.equal(next.caseCode, '230302101-2026-000001', 'the abandoned number is taken again: no gap');
  const fence = await store.readStream(dead.streamId);
  t.same(
    fence.map((e) => e.type),
    [REGISTRATION_ABANDONED],
    'the dead case stream is fenced',
  );
  await t.rejects(
    store.append(dead.streamId, dead.build(formatCaseCode(center, 2026, 1)), { expectedRevision: 'no_stream' }),
    WrongExpectedRevisionError,
    'a stalled writer cannot write its case under the lost number',
  );

  // The same case registered again (a client's retry) gets a new number after the fence.
  const again = await new CaseCodeAllocator(store).register(center, 2026, dead);
  t.equal(again.caseCode, '230302101-2026-000002');
  t.same(
    (await store.readStream(dead.streamId)).map((e) => e.type),
    [REGISTRATION_ABANDONED, 'DisputeRegistered'],
  );
  await assertSound(t, store, 2);
});

t.test('without transactions: a case write whose outcome is unknown is settled at once — no hole until a restart', async (t) => {
  const inner = withoutTransactions(sqlite(t));
  let failNext = true;
  // The case write times out once without landing (the server never got it).
  const store: EventStore = {
    ...inner,
    append: async (streamId, events, options) => {
      if (failNext && streamId.startsWith('dispute-')) {
        failNext = false;
        throw new Error('DEADLINE_EXCEEDED');
      }
      return inner.append(streamId, events, options);
    },
  };
  const allocator = new CaseCodeAllocator(store);
  const lost = newCase();
  await t.rejects(allocator.register(center, 2026, lost), /DEADLINE_EXCEEDED/);
  const next = await allocator.register(center, 2026, newCase());
  t.equal(next.caseCode, '230302101-2026-000001', 'the unwritten number went back and the next case took it');
  const retried = await allocator.register(center, 2026, lost);
  t.equal(retried.caseCode, '230302101-2026-000002', 'the client’s retry registers after the fence');
  await assertSound(t, store, 2);
});
