// The PostgreSQL adapter against a real server: each run creates its own database and drops it.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import { collect, contractEvent, eventStoreContract, type TapTest } from './contract.js';
import { InvalidPositionError, WrongExpectedRevisionError, type RecordedEvent } from './port.js';
import { openPostgresEventStore, type PostgresEventStoreOptions } from './postgres.js';
import { createTemporaryDatabase } from './testing/pg-database.js';
import { LOG_LOCK } from './pg-schema.js';

/** Resolves once `condition` holds (checked on every turn of the loop), rejects after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function sqlClient(t: TapTest, connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

const db = await createTemporaryDatabase('zz_es_test');
t.teardown(() => db.drop());

/** A store on a database of its own (one per test that counts positions from 1). */
async function freshStore(t: TapTest, opts: Partial<PostgresEventStoreOptions> = {}) {
  const own = await createTemporaryDatabase('zz_es_test');
  t.teardown(() => own.drop());
  const open = (more: Partial<PostgresEventStoreOptions> = {}) =>
    openPostgresEventStore({ connectionString: own.connectionString, ...opts, ...more }).then((s) => {
      t.teardown(() => s.close());
      return s;
    });
  return { open, store: await open(), connectionString: own.connectionString };
}

t.test('PostgreSQL adapter passes the EventStore contract', async (t) => {
  eventStoreContract(t, () => openPostgresEventStore({ connectionString: db.connectionString }));
});

t.test('appendToStreams: every stream or none, one transaction', async (t) => {
  const { store } = await freshStore(t);
  await store.append('counter-2025', [contractEvent('Claimed')], { expectedRevision: 'no_stream' });
  const results = await store.appendToStreams!([
    { streamId: 'counter-2025', events: [contractEvent('Claimed')], expectedRevision: 0n },
    { streamId: 'dispute-a', events: [contractEvent('Registered'), contractEvent('Accepted')], expectedRevision: 'no_stream' },
  ]);
  t.same(
    results,
    [
      { nextRevision: 1n, position: 2n },
      { nextRevision: 1n, position: 4n },
    ],
    'revisions and positions per stream',
  );

  const stale = await store.appendToStreams!([
    { streamId: 'dispute-b', events: [contractEvent('Registered')], expectedRevision: 'no_stream' },
    { streamId: 'counter-2025', events: [contractEvent('Claimed')], expectedRevision: 0n },
  ]).catch((e: unknown) => e);
  t.type(stale, WrongExpectedRevisionError);
  t.match(stale, { streamId: 'counter-2025', expected: 0n, actual: 1n }, 'names the stream that failed');
  t.same(await store.readStream('dispute-b'), [], 'the other stream was not written');
  t.equal(await store.headPosition(), 4n, 'no position was taken');

  // Two claims of the same number race: exactly one case stream is written.
  const race = await Promise.allSettled(
    ['dispute-c', 'dispute-d'].map((streamId) =>
      store.appendToStreams!([
        { streamId: 'counter-2025', events: [contractEvent('Claimed')], expectedRevision: 1n },
        { streamId, events: [contractEvent('Registered')], expectedRevision: 'no_stream' },
      ]),
    ),
  );
  t.same(race.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const written = (await store.readStream('dispute-c')).length + (await store.readStream('dispute-d')).length;
  t.equal(written, 1, 'only the winner wrote its case');
  const log = await collect(store.readAll());
  t.same(
    log.map((e) => e.position),
    [1n, 2n, 3n, 4n, 5n, 6n],
    'gap-free',
  );
});

t.test('appendToStreams repeated with the same event ids (a retry after an unknown outcome) answers as the first did', async (t) => {
  const { store } = await freshStore(t);
  await store.append('counter-2026', [contractEvent('Claimed')], { expectedRevision: 'no_stream' });
  const claim = [
    { streamId: 'counter-2026', events: [contractEvent('Claimed')], expectedRevision: 0n },
    { streamId: 'dispute-r', events: [contractEvent('Registered'), contractEvent('Accepted')], expectedRevision: 'no_stream' as const },
  ];
  // Two copies in one batch (one group commit), then once more after it committed.
  const [first, twin] = await Promise.all([store.appendToStreams!(claim), store.appendToStreams!(claim)]);
  t.same(first, [
    { nextRevision: 1n, position: 2n },
    { nextRevision: 1n, position: 4n },
  ]);
  t.same(twin, first, 'the copy in the same batch answers from the rows planned before it');
  t.same(await store.appendToStreams!(claim), first, 'a later repeat answers from the stored rows');
  t.equal(await store.headPosition(), 4n, 'written once');

  const otherClaim = await store.appendToStreams!([{ ...claim[0]!, events: [contractEvent('Claimed')] }, claim[1]!]).catch((e: unknown) => e);
  t.match(otherClaim, { streamId: 'counter-2026', actual: 1n }, 'a new claim at the same revision still conflicts');
  t.type(otherClaim, WrongExpectedRevisionError);
  t.equal(await store.headPosition(), 4n);
});

t.test('a subscription refused its start ends, and lets go of its LISTEN connection', async (t) => {
  const { store, connectionString } = await freshStore(t);
  await store.append('s-1', [contractEvent()], { expectedRevision: 'no_stream' });
  const subscription = store.subscribe({ after: 7n });
  const iterator = subscription[Symbol.asyncIterator]();
  await t.rejects(iterator.next(), InvalidPositionError);
  t.same(await iterator.next(), { done: true, value: undefined }, 'the iteration is over');
  const observer = await sqlClient(t, connectionString);
  await until(async () => (await observer.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN zz_events'")).rowCount === 0, 'the LISTEN connection to close');
  t.same(await collect(store.readAll({ after: 1n })), [], 'the head itself is a valid start');
});

t.test('a duplicate event id fails only its own append', async (t) => {
  const { store } = await freshStore(t);
  const event = contractEvent();
  await store.append('s-1', [event], { expectedRevision: 'no_stream' });
  const [dup, ok, sameBatchDup] = await Promise.allSettled([
    store.append('s-2', [event], { expectedRevision: 'any' }),
    store.append('s-3', [contractEvent()], { expectedRevision: 'any' }),
    store.append('s-4', [contractEvent(), { ...event, eventId: 'twice' }, { ...event, eventId: 'twice' }], { expectedRevision: 'any' }),
  ]);
  t.equal(dup.status, 'rejected');
  t.match((dup as PromiseRejectedResult).reason.message, /duplicate event id/);
  t.equal(sameBatchDup.status, 'rejected');
  t.same(ok.status === 'fulfilled' && ok.value, { nextRevision: 0n, position: 2n });
  t.equal(await store.headPosition(), 2n);
});

t.test('a value the database refuses fails only that append, not the others of its batch', async (t) => {
  const { store } = await freshStore(t);
  const bad = { ...contractEvent(), schemaVersion: 1.5 }; // not an integer: PostgreSQL refuses the row
  const [refused, fine] = await Promise.allSettled([store.append('s-bad', [bad], { expectedRevision: 'any' }), store.append('s-good', [contractEvent()], { expectedRevision: 'any' })]);
  t.equal(refused.status, 'rejected');
  t.equal(fine.status, 'fulfilled');
  t.same(
    (await collect(store.readAll())).map((e) => [e.streamId, e.position]),
    [['s-good', 1n]],
  );
});

t.test('concurrent writers in separate pools (as separate processes): positions gap-free 1..N in commit order, seen live without a skip', async (t) => {
  const { open, store: watcher } = await freshStore(t);
  const writers = await Promise.all(Array.from({ length: 4 }, () => open()));
  const streamsPerWriter = 6;
  const roundsPerStream = 5;
  const total = writers.length * streamsPerWriter * roundsPerStream * 2;

  // A live subscriber from before the first append: it must see every position in order, never N+1 before N.
  const seen: bigint[] = [];
  const subscription = watcher.subscribe();
  const consumer = (async () => {
    for await (const e of subscription) if (seen.push(e.position) === total) break;
  })();

  let rejected = 0;
  await Promise.all(
    writers.flatMap((store, w) =>
      Array.from({ length: streamsPerWriter }, async (_, s) => {
        const stream = `dispute-w${w}s${s}`;
        let expected: bigint | 'no_stream' = 'no_stream';
        for (let i = 0; i < roundsPerStream; i++) {
          // A stale twin from ANOTHER writer races every append: it fails and leaves no hole.
          const other = writers[(w + 1) % writers.length]!;
          const stale = other.append(stream, [contractEvent('Stale')], { expectedRevision: expected === 'no_stream' ? 99n : expected + 5n });
          const ok = store.append(stream, [contractEvent(), contractEvent()], { expectedRevision: expected });
          await stale.catch(() => rejected++);
          expected = (await ok).nextRevision;
        }
      }),
    ),
  );
  t.equal(rejected, writers.length * streamsPerWriter * roundsPerStream, 'every stale twin failed');
  const log = await collect(watcher.readAll());
  const expected = Array.from({ length: total }, (_, i) => BigInt(i + 1));
  t.same(
    log.map((e) => e.position),
    expected,
    `positions 1..${total}, no gaps`,
  );
  t.notOk(log.some((e) => e.type === 'Stale'));
  await consumer;
  t.same(seen, expected, 'the live subscriber saw every position once, in order');
  const commits = writers.reduce((n, w) => n + w.commitStats().commits, 0);
  t.ok(commits > 0, `${commits} commits by ${writers.length} writers`);
});

async function firstEvent(subscription: AsyncIterable<RecordedEvent>): Promise<RecordedEvent> {
  for await (const e of subscription) return e;
  throw new Error('subscription ended');
}

t.test('a writer that holds the log lock makes the next append wait: a late commit is never overtaken', async (t) => {
  const { store, connectionString } = await freshStore(t);
  await store.append('s-0', [contractEvent()], { expectedRevision: 'no_stream' });
  const subscription = store.subscribe();
  t.teardown(() => subscription.close());
  const seen: bigint[] = [];
  const consumer = (async () => {
    for await (const e of subscription) if (seen.push(e.position) === 3) break;
  })();
  // Another process's slow transaction: lock taken, its event (position 2) written, not yet committed.
  const slow = await sqlClient(t, connectionString);
  await slow.query('BEGIN');
  await slow.query('SELECT pg_advisory_xact_lock($1)', [LOG_LOCK.toString()]);
  await slow.query(
    `INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata)
    VALUES (2, 's-slow', 0, $1, 'Slow', 1, $2, '{}', '{}')`,
    [randomUUID(), new Date().toISOString()],
  );
  const fast = store.append('s-fast', [contractEvent('Fast')], { expectedRevision: 'no_stream' });
  const observer = await sqlClient(t, connectionString);
  await until(
    async () =>
      (await observer.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).rowCount! > 0,
    'the fast append to wait for the lock',
  );
  await slow.query('COMMIT');
  t.same(await fast, { nextRevision: 0n, position: 3n }, 'the waiting append took the position after the late commit');
  await consumer;
  t.same(seen, [1n, 2n, 3n], 'the subscriber saw the late commit, in order');
});

t.test("another process's commit wakes a subscription through LISTEN/NOTIFY (polling effectively off)", async (t) => {
  const { open, connectionString } = await freshStore(t);
  const reader = await open({ pollIntervalMs: 3_600_000 });
  const writer = await open();
  const subscription = reader.subscribe();
  t.teardown(() => subscription.close());
  const observer = await sqlClient(t, connectionString);
  await until(
    async () => (await observer.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN zz_events' AND state = 'idle'")).rowCount! > 0,
    'the reader to LISTEN',
  );
  const next = firstEvent(subscription);
  const appended = contractEvent('Notified');
  await writer.append('s-1', [appended], { expectedRevision: 'no_stream' });
  t.equal((await next).eventId, appended.eventId);
});

t.test('a subscription survives its connections being killed (as in a database restart) and goes on from where it was', async (t) => {
  const { open, connectionString } = await freshStore(t);
  const reader = await open({ pollIntervalMs: 20 });
  const writer = await open();
  const first = contractEvent('Before');
  await writer.append('s-1', [first], { expectedRevision: 'no_stream' });
  const subscription = reader.subscribe();
  t.teardown(() => subscription.close());
  const iterator = subscription[Symbol.asyncIterator]();
  t.equal((await iterator.next()).value?.eventId, first.eventId);

  // Every other connection to the database goes: the reader's pool, its LISTEN connection, the writer's.
  const admin = await sqlClient(t, connectionString);
  const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  t.ok(killed.rowCount! >= 2, `${killed.rowCount} connections terminated`);
  const second = contractEvent('After');
  // The writer's pool may still hold a killed connection: the append takes another.
  const appended = await writer.append('s-1', [second], { expectedRevision: 0n });
  const next = await iterator.next();
  t.equal(next.value?.eventId, second.eventId, 'the next event, none skipped or repeated');
  t.equal(next.value?.position, appended.position);
});

t.test("without LISTEN, polling the head still delivers other processes' commits", async (t) => {
  const { open } = await freshStore(t);
  const reader = await open({ listen: false, pollIntervalMs: 20 });
  const writer = await open();
  const subscription = reader.subscribe();
  t.teardown(() => subscription.close());
  const next = firstEvent(subscription);
  const appended = contractEvent('Polled');
  await writer.append('s-1', [appended], { expectedRevision: 'no_stream' });
  t.equal((await next).eventId, appended.eventId);
});

t.test('the schema is created once when several processes open the same database at once', async (t) => {
  const { connectionString } = await freshStore(t);
  const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresEventStore({ connectionString })));
  t.teardown(() => Promise.all(stores.map((s) => s.close())));
  t.equal(await stores[0]!.headPosition(), 0n);
  const client = new pg.Client({ connectionString });
  await client.connect();
  t.teardown(() => client.end());
  const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'events'");
  t.equal(rows[0].n, 1);
});
