// The PostgreSQL projection runner against a real server: the log in a PostgreSQL event store and the
// view in the same (temporary) database, as in the distributed runtime.
import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import pg from 'pg';
import { createTemporaryDatabase, openPostgresEventStore, type EventData, type EventStore } from '@zz/eventstore';
import { readPgCheckpoint } from './pg-checkpoints.js';
import { startPgProjection, type PgApplyBatch } from './pg-projection-runner.js';

async function setup(t: Test) {
  const db = await createTemporaryDatabase('zz_bus_test');
  t.teardown(() => db.drop());
  const store = await openPostgresEventStore({ connectionString: db.connectionString });
  t.teardown(() => store.close());
  const pool = new pg.Pool({ connectionString: db.connectionString, max: 4 });
  t.teardown(() => pool.end());
  await pool.query('CREATE TABLE seen (position bigint PRIMARY KEY, type text NOT NULL)');
  return { store, pool, connectionString: db.connectionString };
}

const ev = (type: string): EventData => ({ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), data: {}, metadata: {} });

/** Records every event once: a second apply of a position violates the primary key. */
const recordAll: PgApplyBatch = async (events, tx) => {
  await tx.query('INSERT INTO seen (position, type) SELECT * FROM unnest($1::bigint[], $2::text[])', [events.map((e) => e.position.toString()), events.map((e) => e.type)]);
};

const seen = async (pool: pg.Pool) => (await pool.query<{ position: string }>('SELECT position FROM seen ORDER BY position')).rows.map((r) => BigInt(r.position));

async function appendMany(store: EventStore, count: number, type = 'Thing'): Promise<bigint> {
  let last = 0n;
  for (let i = 0; i < count; i++) last = (await store.append(`s-${randomUUID()}`, [ev(type)], { expectedRevision: 'no_stream' })).position;
  return last;
}

t.test('catches up, turns live, and resumes from its checkpoint after a restart without applying anything twice', async (t) => {
  const { store, pool } = await setup(t);
  await appendMany(store, 5);
  const first = await startPgProjection({ store, pool, name: 'seen', apply: recordAll, batchSize: 2 });
  await first.caughtUp;
  t.equal(first.position(), 5n);
  const live = await appendMany(store, 2, 'Live');
  t.equal(await first.waitFor(live, 10_000), true);
  t.equal(await readPgCheckpoint(pool, 'seen'), 7n, 'the checkpoint moved with the rows');
  await first.stop();

  await appendMany(store, 3);
  const second = await startPgProjection({ store, pool, name: 'seen', apply: recordAll });
  t.teardown(() => second.stop());
  await second.caughtUp;
  t.same(
    await seen(pool),
    Array.from({ length: 10 }, (_, i) => BigInt(i + 1)),
    'every event once, none twice',
  );
});

t.test('a failing apply changes neither the rows nor the checkpoint, and stops the projection', async (t) => {
  const { store, pool } = await setup(t);
  await appendMany(store, 3);
  const good = await startPgProjection({ store, pool, name: 'seen', apply: recordAll });
  await good.caughtUp;
  await good.stop();
  await appendMany(store, 2, 'Poison');
  let reported: unknown = null;
  const failing = await startPgProjection({
    store,
    pool,
    name: 'seen',
    apply: async (events, tx) => {
      await recordAll(events, tx); // written inside the transaction …
      throw new Error('boom'); // … and rolled back with it
    },
    onError: (e) => (reported = e),
  });
  await t.rejects(failing.done, /boom/);
  t.match(reported, /boom/);
  t.same(await seen(pool), [1n, 2n, 3n], 'no row of the failed batch');
  t.equal(await readPgCheckpoint(pool, 'seen'), 3n, 'checkpoint unchanged');
  await t.rejects(failing.waitFor(5n, 1000), /boom/);
});

t.test('several instances of one projection (on different nodes) apply every event exactly once', async (t) => {
  const { store, pool, connectionString } = await setup(t);
  await appendMany(store, 20);
  const instances = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const own = new pg.Pool({ connectionString, max: 2 });
      t.teardown(() => own.end());
      const p = await startPgProjection({ store, pool: own, name: 'seen', apply: recordAll, batchSize: 3 });
      t.teardown(() => p.stop());
      return p;
    }),
  );
  const head = await appendMany(store, 20, 'Live'); // while all three run
  const reached = await Promise.all(instances.map((p) => p.waitFor(head, 20_000)));
  t.same(reached, [true, true, true], 'each instance sees the view at the head');
  t.same(
    await seen(pool),
    Array.from({ length: 40 }, (_, i) => BigInt(i + 1)),
    'positions 1..40, each applied once',
  );
  t.equal(await readPgCheckpoint(pool, 'seen'), 40n);
});
