import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DomainError, type Actor, type DomainEvent } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import type { CommandEnvelope, EventCodec } from './command-service.js';
import { creationId, handleCreate } from './create-stream.js';
import type { Decider } from './decider.js';
import { IdempotencyKeyReusedError } from './errors.js';
import { commandHash } from './ids.js';

// A tiny aggregate created by one command, refused when the title is empty.
type Ev = DomainEvent<'Opened', { id: string; title: string }>;
type Cmd = { type: 'Open'; id: string; title: string };
const file: Decider<Cmd, Ev, { open: boolean }, { by: string }> = {
  initialState: { open: false },
  evolve: () => ({ open: true }),
  decide: (c, s) => (s.open ? new DomainError('already_open', 'already open') : c.title === '' ? new DomainError('no_title', 'no title') : [{ type: 'Opened', data: { id: c.id, title: c.title } }]),
};
const codec: EventCodec<Ev> = { decode: (r) => ({ type: r.type, data: r.data }) as Ev, schemaVersion: () => 1 };
const actor: Actor = { userId: 'u1', role: 'mediator', centerCode: '230302101' };
const envelope = (title: string, idempotencyKey?: string, who: Actor = actor): CommandEnvelope => ({
  actor: who,
  correlationId: 'c1',
  commandType: 'Open',
  commandHash: commandHash('Open', { title }),
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

function setup(t: Test) {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  /** One creation as a service does it: the id from the key, the stream named after it. */
  const create = (title: string, env: CommandEnvelope, s: EventStore = store) => {
    const id = creationId('open-file', env);
    const streamId = `file-${id}`;
    return handleCreate({ store: s, codec, now: () => new Date('2026-03-01T00:00:00Z') }, file, {
      streamId,
      command: { type: 'Open', id, title },
      envelope: env,
      context: { by: env.actor.userId },
      caseCode: 'CODE-1',
    }).then((r) => ({ ...r, id, streamId }));
  };
  return { store, create };
}

t.test('the first call creates the stream with the metadata that joins flows', async (t) => {
  const { store, create } = setup(t);
  const r = await create('a', envelope('a', 'k1'));
  t.equal(r.replayed, false);
  t.equal(r.revision, 0n);
  t.equal(r.caseCode, 'CODE-1');
  t.same(r.events, [{ type: 'Opened', data: { id: r.id, title: 'a' } }]);
  const recorded = await store.readStream(r.streamId);
  t.equal(recorded.length, 1);
  t.match(recorded[0], { type: 'Opened', position: r.position, occurredAt: '2026-03-01T00:00:00.000Z', metadata: { caseCode: 'CODE-1', idempotencyKey: 'k1', commandType: 'Open', actor } });
});

t.test('a retry with the same key replays the first answer and appends nothing', async (t) => {
  const { store, create } = setup(t);
  const first = await create('a', envelope('a', 'k1'));
  const again = await create('a', envelope('a', 'k1'));
  t.equal(again.id, first.id, 'the key names the same stream');
  t.equal(again.replayed, true);
  t.equal(again.revision, first.revision);
  t.equal(again.position, first.position);
  t.equal(again.caseCode, 'CODE-1', 'the case code is read back from the stream');
  t.same(again.events, first.events);
  t.equal((await store.readStream(first.streamId)).length, 1);
  const otherUser = await create('a', envelope('a', 'k1', { ...actor, userId: 'u2' }));
  t.equal(otherUser.replayed, false, 'keys are scoped to the user who sent them');
  t.not(otherUser.id, first.id);
});

t.test('a key reused with another body is refused; a refusal or no key creates accordingly', async (t) => {
  const { store, create } = setup(t);
  const first = await create('a', envelope('a', 'k1'));
  await t.rejects(create('b', envelope('b', 'k1')), IdempotencyKeyReusedError);
  t.equal((await store.readStream(first.streamId)).length, 1, 'nothing appended');
  await t.rejects(create('', envelope('', 'k2')), DomainError, 'a refusal is the domain error');
  t.equal((await store.readStream(`file-${creationId('open-file', envelope('', 'k2'))}`)).length, 0, 'and creates nothing');
  const x = await create('c', envelope('c'));
  const y = await create('c', envelope('c'));
  t.not(x.id, y.id, 'without a key every call is a new stream');
  t.equal(y.replayed, false);
});

t.test('two concurrent creations with the same key: one stream, both get the same answer', async (t) => {
  const { store, create } = setup(t);
  // Hold both requests' first reads until both have read the empty stream, so both decide and
  // race on `no_stream`: the loser must answer from the winner's events.
  let reads = 0;
  let release!: () => void;
  const bothRead = new Promise<void>((r) => (release = r));
  const gated: EventStore = Object.assign(Object.create(store) as EventStore, {
    async readStream(id: string) {
      const events = await store.readStream(id);
      if (++reads <= 2) {
        if (reads === 2) release();
        await bothRead;
      }
      return events;
    },
    append: store.append.bind(store),
  });
  const [a, b] = await Promise.all([create('a', envelope('a', 'k1'), gated), create('a', envelope('a', 'k1'), gated)]);
  t.equal(reads, 3, 'both read before appending, and the loser read again after the conflict');
  t.same([a.replayed, b.replayed].sort(), [false, true], 'one created, the other replayed');
  t.equal(a.revision, b.revision);
  t.equal(a.position, b.position);
  t.same(a.events, b.events);
  t.equal((await store.readStream(a.streamId)).length, 1, 'one stream with one creation');
  // The same race with another body under the key: the loser is told the key was reused.
  const [c, d] = await Promise.allSettled([create('x', envelope('x', 'k9'), store), create('y', envelope('y', 'k9'), store)]);
  t.same([c.status, d.status].sort(), ['fulfilled', 'rejected']);
  const failed = [c, d].find((s) => s.status === 'rejected') as PromiseRejectedResult;
  t.type(failed.reason, IdempotencyKeyReusedError);
});

t.test('creationId', async (t) => {
  t.equal(creationId('k', envelope('a', 'key')), creationId('k', envelope('b', 'key')), 'stable for a key and user');
  t.not(creationId('k1', envelope('a', 'key')), creationId('k2', envelope('a', 'key')), 'kinds are kept apart');
  t.not(creationId('k', envelope('a')), creationId('k', envelope('a')), 'random without a key');
});
