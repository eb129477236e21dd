import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DomainError, type Actor, type DomainEvent } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { handleCommand, type CommandEnvelope, type EventCodec } from './command-service.js';
import type { Decider } from './decider.js';
import { IdempotencyKeyReusedError, PreconditionFailedError, StreamNotFoundError } from './errors.js';
import { commandHash, nameBasedUuid } from './ids.js';

// A tiny aggregate — a tally that refuses to go negative — so the pipeline is tested on its own.
type Ev = DomainEvent<'Opened', { by: string }> | DomainEvent<'Added', { n: number }>;
type Cmd = { type: 'Add'; n: number };
const tally: Decider<Cmd, Ev, { total: number }, { limit: number }> = {
  initialState: { total: 0 },
  evolve: (s, e) => (e.type === 'Added' ? { total: s.total + e.data.n } : s),
  decide: (c, s, ctx) => (s.total + c.n < 0 || s.total + c.n > ctx.limit ? new DomainError('out_of_range', 'out of range') : c.n === 0 ? [] : [{ type: 'Added', data: { n: c.n } }]),
};
const codec: EventCodec<Ev> = { decode: (r) => ({ type: r.type, data: r.data }) as Ev, schemaVersion: () => 1 };
const actor: Actor = { userId: 'u1', role: 'intake_clerk', centerCode: '230302101' };
const envelope = (body: unknown, extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({ actor, correlationId: 'c1', commandType: 'Add', commandHash: commandHash('Add', body), ...extra });

async function setup(t: Test) {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  await store.append('tally-1', [{ eventId: nameBasedUuid('t', 'open'), type: 'Opened', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { by: 'u1' }, metadata: {} }], {
    expectedRevision: 'no_stream',
  });
  const run = (c: Cmd, env: CommandEnvelope, authorize?: (s: { total: number }) => void, s: EventStore = store) =>
    handleCommand({ store: s, codec, now: () => new Date('2026-03-01T00:00:00Z') }, tally, 'tally-1', c, env, { limit: 100 }, () => 'CODE-1', authorize);
  return { store, run };
}

t.test('decides on the current state and appends with the metadata that joins flows', async (t) => {
  const { store, run } = await setup(t);
  const r = await run({ type: 'Add', n: 5 }, envelope({ n: 5 }));
  t.equal(r.revision, 1n);
  const [, added] = await store.readStream('tally-1');
  t.match(added, { type: 'Added', data: { n: 5 }, occurredAt: '2026-03-01T00:00:00.000Z', metadata: { caseCode: 'CODE-1', correlationId: 'c1', commandType: 'Add', actor } });
  t.ok((added!.metadata as { causationId?: string }).causationId, 'a causation id names the command');
  await t.rejects(run({ type: 'Add', n: -10 }, envelope({ n: -10 })), DomainError, 'a refusal is the domain error, not an exception from deep inside');
  t.equal((await store.readStream('tally-1')).length, 2, 'and appends nothing');
  const none = await run({ type: 'Add', n: 0 }, envelope({ n: 0 }));
  t.equal(none.revision, 1n, 'deciding nothing appends nothing');
});

t.test('unknown stream → StreamNotFoundError; authorize runs before anything is decided', async (t) => {
  const { store, run } = await setup(t);
  await t.rejects(
    handleCommand({ store, codec, now: () => new Date() }, tally, 'tally-404', { type: 'Add', n: 1 }, envelope({ n: 1 }), { limit: 100 }, () => 'x'),
    StreamNotFoundError,
  );
  await t.rejects(
    run({ type: 'Add', n: 1 }, envelope({ n: 1 }), () => {
      throw new Error('forbidden');
    }),
    /forbidden/,
  );
  t.equal((await store.readStream('tally-1')).length, 1);
});

t.test('If-Match: a stale revision is refused; without it a concurrent writer just means decide again', async (t) => {
  const { store, run } = await setup(t);
  await t.rejects(run({ type: 'Add', n: 1 }, envelope({ n: 1 }, { expectedRevision: 5n })), PreconditionFailedError);
  t.equal((await store.readStream('tally-1')).length, 1, 'nothing appended');
  // Twenty concurrent commands without If-Match: every one lands exactly once, none is lost to a conflict.
  const results = await Promise.all(Array.from({ length: 20 }, () => run({ type: 'Add', n: 1 }, envelope({ n: 1 }))));
  t.same(
    results.map((r) => r.revision).sort((a, b) => Number(a - b)),
    Array.from({ length: 20 }, (_, i) => BigInt(i + 1)),
  );
  const total = (await store.readStream('tally-1')).filter((e) => e.type === 'Added').length;
  t.equal(total, 20);
});

t.test('another process writing between our read and our append: decide again on the fresh state', async (t) => {
  const { store, run } = await setup(t);
  let reads = 0;
  // The real store, with a second writer that slips in right after our first read.
  const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
    async readStream(id: string) {
      const events = await store.readStream(id);
      if (reads++ === 0)
        await store.append(id, [{ eventId: nameBasedUuid('t', 'other'), type: 'Added', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { n: 50 }, metadata: {} }], {
          expectedRevision: 0n,
        });
      return events;
    },
    append: store.append.bind(store),
  });
  const r = await run({ type: 'Add', n: 40 }, envelope({ n: 40 }), undefined, racing);
  t.equal(reads, 2, 'the command read the stream again after the conflict');
  t.equal(r.revision, 2n, 'and landed after the other writer');
  await t.rejects(run({ type: 'Add', n: 20 }, envelope({ n: 20 })), DomainError, 'decided on the fresh total (90 + 20 > 100), not the stale one');
  await t.rejects(run({ type: 'Add', n: 1 }, envelope({ n: 1 }, { expectedRevision: 1n })), PreconditionFailedError, 'with If-Match the stale client gets 412 instead');
});

t.test('Idempotency-Key: a retry answers the first result, another body with the same key is refused', async (t) => {
  const { store, run } = await setup(t);
  const first = await run({ type: 'Add', n: 3 }, envelope({ n: 3 }, { idempotencyKey: 'k1' }));
  await run({ type: 'Add', n: 1 }, envelope({ n: 1 }));
  const again = await run({ type: 'Add', n: 3 }, envelope({ n: 3 }, { idempotencyKey: 'k1' }));
  t.equal(again.replayed, true);
  t.equal(again.revision, first.revision);
  t.equal(again.position, first.position);
  t.equal((await store.readStream('tally-1')).length, 3, 'the retry appended nothing');
  await t.rejects(run({ type: 'Add', n: 4 }, envelope({ n: 4 }, { idempotencyKey: 'k1' })), IdempotencyKeyReusedError);
  const otherUser = await run({ type: 'Add', n: 3 }, { ...envelope({ n: 3 }, { idempotencyKey: 'k1' }), actor: { ...actor, userId: 'u2' } });
  t.equal(otherUser.replayed, false, 'keys are scoped to the user who sent them');
});

t.test('ids', async (t) => {
  t.equal(nameBasedUuid('ns', 'a'), nameBasedUuid('ns', 'a'), 'stable');
  t.not(nameBasedUuid('ns', 'a'), nameBasedUuid('ns', 'b'));
  t.not(nameBasedUuid('ns1', 'a'), nameBasedUuid('ns2', 'a'));
  t.match(nameBasedUuid('ns', 'a'), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a v8 UUID');
  t.equal(commandHash('X', { a: 1, b: [1, { c: 2, d: undefined }] }), commandHash('X', { b: [1, { c: 2 }], a: 1 }), 'key order and undefined fields do not matter');
  t.not(commandHash('X', { a: 1 }), commandHash('Y', { a: 1 }), 'the command type does');
});
