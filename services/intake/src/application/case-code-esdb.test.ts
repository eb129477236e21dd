// Case numbering on EventStoreDB (no multi-stream transaction: claim, then write), two replicas
// registering at once, over the ESDB adapter and its typed fake client (one fake = one server).
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { CASE_CODE_CLAIMED, CASE_CODE_RELEASED } from '@zz/contracts';
import { openEsdbEventStore, type EventData, type EventStore } from '@zz/eventstore';
import { FakeEsdbClient, esdbErrors } from '@zz/eventstore/testing';
import { CaseCodeAllocator, counterStream, formatCaseCode, type RegisteredCase } from './case-code.js';

const center = '230302101';
const year = 2026;
const fast = { resubscribeBackoff: { initialMs: 1, maxMs: 4 }, appendRetry: { attempts: 3, initialMs: 1 } };

const newCase = () => {
  const caseId = randomUUID();
  return {
    caseId,
    streamId: `dispute-${caseId}`,
    build: (caseCode: string): EventData[] => [
      { eventId: randomUUID(), type: 'DisputeRegistered', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { caseId, caseCode }, metadata: { caseCode } },
    ],
  };
};

/** Two processes, each with its own connection (store) and allocator, on one server. */
function twoReplicas(client: FakeEsdbClient): [CaseCodeAllocator, CaseCodeAllocator, EventStore] {
  const a = openEsdbEventStore({ client, ...fast });
  const b = openEsdbEventStore({ client, ...fast });
  return [new CaseCodeAllocator(a), new CaseCodeAllocator(b), a];
}

/** Every case stream written under its code, and the code of every case, one by one. */
async function writtenCodes(store: EventStore, cases: { streamId: string }[]): Promise<string[]> {
  const codes: string[] = [];
  for (const c of cases) {
    const events = await store.readStream(c.streamId);
    const registration = events.find((e) => e.type === 'DisputeRegistered');
    if (registration) codes.push((registration.data as { caseCode: string }).caseCode);
  }
  return codes;
}

const expectedCodes = (n: number) => Array.from({ length: n }, (_, i) => formatCaseCode(center, year, i + 1));

t.test('two replicas registering at once on EventStoreDB: unique, gap-free codes', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  const cases = Array.from({ length: 40 }, newCase);
  const settled = await Promise.allSettled(cases.map((c, i) => (i % 2 ? a : b).register(center, year, c)));
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  t.same(
    failed.map((f) => String(f.reason)),
    [],
    'every registration answered',
  );
  const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.caseCode] : []));
  t.same([...answered].sort(), expectedCodes(40), 'codes 1…40: no gap, no duplicate');
  const written = await writtenCodes(store, cases);
  t.same(written, answered, 'each case stream holds the code its registration answered');
  t.equal(client.openCalls, 0, 'no server call left open');
});

t.test('then more, in waves from both replicas: still gap-free after conflicts and releases', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  const all: { streamId: string }[] = [];
  const codes: string[] = [];
  for (let wave = 0; wave < 5; wave++) {
    const cases = Array.from({ length: 12 }, newCase);
    all.push(...cases);
    const results = await Promise.all(cases.map((c, i) => ((i + wave) % 3 ? a : b).register(center, year, c)));
    codes.push(...results.map((r: RegisteredCase) => r.caseCode));
  }
  t.same([...codes].sort(), expectedCodes(60), 'codes 1…60');
  t.same(await writtenCodes(store, all), codes);
  const counter = await store.readStream(counterStream(center, year));
  const claimed = counter.filter((e) => e.type === CASE_CODE_CLAIMED).length;
  const released = counter.filter((e) => e.type === CASE_CODE_RELEASED).length;
  t.equal(claimed - released, 60, 'claims minus releases = cases');
  t.comment(`counter: ${claimed} claims, ${released} releases for 60 cases`);
});

t.test('an append whose outcome is unknown (written, answer lost) is retried by the adapter: no gap, no duplicate', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  client.failNext('append', esdbErrors.deadline, { landed: true }); // the first claim lands, its answer is lost
  client.failNext('append', esdbErrors.notLeader); // the next append (a case stream or a claim) is refused by a follower
  const cases = Array.from({ length: 10 }, newCase);
  const results = await Promise.all(cases.map((c, i) => (i % 2 ? a : b).register(center, year, c)));
  t.same(results.map((r) => r.caseCode).sort(), expectedCodes(10));
  t.same(
    await writtenCodes(store, cases),
    results.map((r) => r.caseCode),
  );
});

t.test('a replica that dies between claim and case write: the other recovers the number, the sequence stays gap-free', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  const first = await a.register(center, year, newCase());
  t.equal(first.caseCode, formatCaseCode(center, year, 1));
  // Replica a's case-stream append keeps timing out after its claim was written (its process then dies).
  const lost = newCase();
  const realAppend = client.appendToStream.bind(client);
  client.appendToStream = (async (stream: string, events: never, options: never) => {
    if (stream === lost.streamId) throw esdbErrors.unavailable();
    return realAppend(stream, events, options);
  }) as typeof client.appendToStream;
  const dead = await a.register(center, year, lost).catch((e: unknown) => e);
  t.match(String(dead), /outcome unknown/, 'the registration failed with an unknown outcome');
  client.appendToStream = realAppend;
  // Replica b registers next: number 2 is claimed by a case that never came.
  const cases = Array.from({ length: 3 }, newCase);
  const results = [];
  for (const c of cases) results.push(await b.register(center, year, c));
  t.same(
    results.map((r) => r.caseCode),
    [2, 3, 4].map((n) => formatCaseCode(center, year, n)),
    'number 2 reused, then 3, 4',
  );
  t.same(await writtenCodes(store, [lost]), [], 'the lost case was never written');
});

/** Every append waits a little (network latency), so two replicas' claims and case writes interleave. */
function withLatency(client: FakeEsdbClient, maxMs: number): void {
  const realAppend = client.appendToStream.bind(client);
  client.appendToStream = (async (stream: string, events: never, options: never) => {
    await new Promise((r) => setTimeout(r, Math.random() * maxMs));
    return realAppend(stream, events, options);
  }) as typeof client.appendToStream;
}

t.test('with network latency, two replicas under load: unique, gap-free codes', async (t) => {
  const client = new FakeEsdbClient();
  withLatency(client, 4);
  let streamReads = 0;
  const realRead = client.readStream.bind(client);
  client.readStream = ((...args: Parameters<typeof realRead>) => (streamReads++, realRead(...args))) as typeof client.readStream;
  const [a, b, store] = twoReplicas(client);
  const cases = Array.from({ length: 60 }, newCase);
  const settled = await Promise.allSettled(cases.map((c, i) => (i % 2 ? a : b).register(center, year, c)));
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  t.same(
    failed.map((f) => String(f.reason)),
    [],
    'every registration answered',
  );
  const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.caseCode] : []));
  t.same([...answered].sort(), expectedCodes(60), 'codes 1…60: no gap, no duplicate');
  t.same(await writtenCodes(store, cases), answered, 'each case stream holds the code its registration answered');
  const counter = await store.readStream(counterStream(center, year));
  t.comment(
    `counter: ${counter.filter((e) => e.type === CASE_CODE_CLAIMED).length} claims, ${counter.filter((e) => e.type === CASE_CODE_RELEASED).length} releases for 60 cases; ${streamReads} stream reads`,
  );
});

t.test('a case write still in flight on one replica while the other recovers the counter', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  const slow = newCase();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const realAppend = client.appendToStream.bind(client);
  client.appendToStream = (async (stream: string, events: { type: string }[], options: never) => {
    if (stream === slow.streamId && events[0]?.type === 'DisputeRegistered') await gate; // replica a's case write is slow (GC pause, network)
    return realAppend(stream, events as never, options);
  }) as typeof client.appendToStream;
  const pendingA = a.register(center, year, slow);
  while (!client.log.some((e) => e.type === CASE_CODE_CLAIMED)) await new Promise((r) => setImmediate(r));
  const other = newCase();
  const fromB = await b.register(center, year, other);
  release();
  const fromA = await pendingA;
  t.same([fromA.caseCode, fromB.caseCode].sort(), expectedCodes(2), 'both registered, codes 1 and 2');
  const slowStream = await store.readStream(slow.streamId);
  t.comment(`slow case stream: ${slowStream.map((e) => e.type).join(', ')}; a got ${fromA.caseCode}, b got ${fromB.caseCode}`);
});

t.test('one replica alone: a case write with an unknown outcome leaves its number claimed until the next recovery', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client, ...fast });
  const a = new CaseCodeAllocator(store);
  await a.register(center, year, newCase());
  const lost = newCase();
  const realAppend = client.appendToStream.bind(client);
  client.appendToStream = (async (stream: string, events: never, options: never) => {
    if (stream === lost.streamId) throw esdbErrors.deadline();
    return realAppend(stream, events, options);
  }) as typeof client.appendToStream;
  await a.register(center, year, lost).catch(() => undefined);
  client.appendToStream = realAppend;
  const next = await a.register(center, year, newCase());
  t.comment(`next registration on the same replica got ${next.caseCode}`);
  const later = await new CaseCodeAllocator(store).register(center, year, newCase());
  t.comment(`a fresh allocator (restart) then got ${later.caseCode}`);
  t.same(
    [next.caseCode, later.caseCode].sort(),
    [2, 3].map((n) => formatCaseCode(center, year, n)),
    'gap-free once recovery ran',
  );
});

t.test('cost of a counter conflict on a long counter (measured, reported; see README of infra/eventstore)', async (t) => {
  const client = new FakeEsdbClient();
  const [a, b, store] = twoReplicas(client);
  for (let i = 0; i < 10; i++) await Promise.all(Array.from({ length: 30 }, () => a.register(center, year, newCase())));
  let streamReads = 0;
  const realRead = client.readStream.bind(client);
  client.readStream = ((...args: Parameters<typeof realRead>) => (streamReads++, realRead(...args))) as typeof client.readStream;
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).register(center, year, newCase())));
  t.same(
    results.map((r) => r.caseCode).sort(),
    Array.from({ length: 10 }, (_, i) => formatCaseCode(center, year, 301 + i)),
    'codes 301…310',
  );
  t.comment(`10 registrations after 300 claims, two replicas: ${streamReads} stream reads`);
  t.ok(await store.readStream(counterStream(center, year)));
});

t.test('a full batch of large registrations: claims stay small, no append exceeds the server’s 1 MiB limit', async (t) => {
  const client = new FakeEsdbClient();
  const [a, , store] = twoReplicas(client);
  const note = '邻里纠纷，双方就院墙归属各执一词。'.repeat(200); // ~10 KB per case
  const cases = Array.from({ length: 256 }, () => {
    const c = newCase();
    return { ...c, build: (code: string) => c.build(code).map((e) => ({ ...e, data: { ...(e.data as object), note } })) };
  });
  const results = await Promise.all(cases.map((c) => a.register(center, year, c)));
  t.same(results.map((r) => r.caseCode).sort(), expectedCodes(256), '256 cases numbered in one round');
  const claims = client.appendCalls.filter((c) => c.streamName === counterStream(center, year));
  t.ok(claims.length >= 1, `${claims.length} claim append(s)`);
  t.equal((await store.readStream(cases[255]!.streamId)).length, 1);
});
