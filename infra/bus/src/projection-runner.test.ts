import path from 'node:path';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import Database from 'better-sqlite3';
import { openSqliteEventStore, type EventData, type EventStore, type RecordedEvent } from '@zz/eventstore';
import { rebuildProjection, startProjection, type ApplyBatch } from './projection-runner.js';
import { readCheckpoint } from './checkpoints.js';

function setup(t: { testdir(): string; teardown(fn: () => unknown): void }) {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  t.teardown(() => store.close());
  const openView = (file = 'view.db') => {
    const db = new Database(path.join(dir, file));
    db.exec(
      'CREATE TABLE IF NOT EXISTS seen (position INTEGER PRIMARY KEY, type TEXT NOT NULL); CREATE TABLE IF NOT EXISTS tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT OR IGNORE INTO tally VALUES (1, 0);',
    );
    t.teardown(() => db.open && db.close());
    return db;
  };
  return { store, openView };
}

const ev = (type: string, n = 0): EventData => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  data: { n },
  metadata: {},
});

/** Records every event once (a duplicate position would violate the primary key) and counts them. */
const recordAll: ApplyBatch = (events, db) => {
  const insert = db.prepare('INSERT INTO seen (position, type) VALUES (?, ?)');
  for (const e of events) insert.run(e.position, e.type);
  db.prepare('UPDATE tally SET n = n + ? WHERE id = 1').run(events.length);
};

const seen = (db: Database.Database) => db.prepare('SELECT position, type FROM seen ORDER BY position').all() as { position: number; type: string }[];
const tally = (db: Database.Database) => (db.prepare('SELECT n FROM tally').get() as { n: number }).n;

async function appendMany(store: EventStore, stream: string, count: number, type = 'Thing'): Promise<bigint> {
  const r = await store.append(
    stream,
    Array.from({ length: count }, (_, i) => ev(type, i)),
    { expectedRevision: 'any' },
  );
  return r.position;
}

t.test('catches up, turns live, and waitFor resolves once a position is committed', async (t) => {
  const { store, openView } = setup(t);
  await appendMany(store, 'a-1', 5);
  const db = openView();
  const p = startProjection({ store, db, name: 'test', apply: recordAll });
  await p.caughtUp;
  t.equal(p.position(), 5n);
  t.equal(seen(db).length, 5);

  const { position } = await store.append('a-2', [ev('Live', 1), ev('Live', 2)], { expectedRevision: 'no_stream' });
  t.equal(await p.waitFor(position, 5000), true);
  t.equal(p.position(), position);
  t.same(
    seen(db)
      .slice(5)
      .map((r) => r.type),
    ['Live', 'Live'],
  );
  t.equal(readCheckpoint(db, 'test'), position, 'checkpoint stored with the rows');
  t.equal(await p.waitFor(3n, 1), true, 'an already reached position answers at once');
  await p.stop();
  await p.stop(); // idempotent
  t.equal(await p.waitFor(position + 1n, 5000), false, 'a stopped projection will not get there');
});

t.test('waitFor returns false when the position is not reached in time', async (t) => {
  const { store, openView } = setup(t);
  const head = await appendMany(store, 'a-1', 2);
  const p = startProjection({ store, db: openView(), name: 'test', apply: recordAll });
  await p.caughtUp;
  t.equal(await p.waitFor(head + 1n, 30), false);
  await p.stop();
});

t.test('an apply that throws mid-batch leaves neither rows nor checkpoint advanced; restart resumes without double counting', async (t) => {
  const { store, openView } = setup(t);
  let db = openView();
  const first = startProjection({ store, db, name: 'test', apply: recordAll });
  const p3 = await appendMany(store, 'a-1', 3);
  t.equal(await first.waitFor(p3, 5000), true);
  await first.stop();

  // One append: the next batch holds all five, and the fourth is poison.
  const head = await store.append('a-2', [ev('Ok'), ev('Ok'), ev('Ok'), ev('Poison'), ev('Ok')], { expectedRevision: 'no_stream' });
  let appliedBeforeThrow = 0;
  const failing: ApplyBatch = (events, db) => {
    const insert = db.prepare('INSERT INTO seen (position, type) VALUES (?, ?)');
    for (const e of events) {
      if (e.type === 'Poison') throw new Error('cannot apply');
      insert.run(e.position, e.type);
      db.prepare('UPDATE tally SET n = n + 1 WHERE id = 1').run();
      appliedBeforeThrow++;
    }
  };
  let reported: unknown;
  const broken = startProjection({ store, db, name: 'test', apply: failing, onError: (e) => (reported = e) });
  await t.rejects(broken.done, /cannot apply/);
  t.ok(appliedBeforeThrow > 0, 'rows were written inside the batch before the throw');
  t.match(reported, /cannot apply/);
  await t.rejects(broken.waitFor(head.position, 1000), /cannot apply/);
  t.equal(broken.position(), p3);
  t.equal(readCheckpoint(db, 'test'), p3, 'checkpoint not advanced');
  t.equal(seen(db).length, 3, 'no rows of the failed batch');
  t.equal(tally(db), 3);

  // Restart on a reopened file (as after a crash) with a working apply.
  db.close();
  db = openView();
  const again = startProjection({ store, db, name: 'test', apply: recordAll });
  await again.caughtUp;
  t.equal(again.position(), head.position);
  t.equal(tally(db), 8, 'each event counted exactly once');
  t.same(
    seen(db).map((r) => r.position),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  await again.stop();
});

t.test('concurrent appends in a burst, cut into batches of 7, are each applied once and in order', async (t) => {
  const { store, openView } = setup(t);
  const db = openView();
  const p = startProjection({ store, db, name: 'test', batchSize: 7, apply: recordAll });
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < 20; i++) appends.push(store.append(`s-${i % 4}`, [ev('Burst', i), ev('Burst', i)], { expectedRevision: 'any' }));
  await Promise.all(appends);
  const head = await store.headPosition();
  t.equal(await p.waitFor(head, 5000), true);
  await p.stop();
  const positions = seen(db).map((r) => r.position);
  t.equal(positions.length, 40);
  t.same(
    positions,
    Array.from({ length: 40 }, (_, i) => i + 1),
  );
});

t.test('rebuildProjection replays from zero with progress and equals the incremental view', async (t) => {
  const { store, openView } = setup(t);
  const live = openView('live.db');
  const p = startProjection({ store, db: live, name: 'test', batchSize: 3, apply: recordAll });
  for (let i = 0; i < 5; i++) await appendMany(store, `s-${i}`, 4, `T${i}`);
  const head = await store.headPosition();
  t.equal(await p.waitFor(head, 5000), true);
  await p.stop();

  const fresh = openView('rebuilt.db');
  const progress: { position: bigint; head: bigint; eventsPerSec: number }[] = [];
  const done = await rebuildProjection({ store, db: fresh, name: 'test', batchSize: 6, apply: recordAll, onProgress: (x) => progress.push(x) });
  t.equal(done.position, head);
  t.equal(done.events, 20);
  t.same(
    progress.map((x) => x.position),
    [0n, 6n, 12n, 18n, 20n],
    'progress after every batch',
  );
  t.ok(progress.every((x) => x.head === head));
  t.ok(done.eventsPerSec > 0);
  t.same(seen(fresh), seen(live));
  t.equal(tally(fresh), tally(live));
  t.equal(readCheckpoint(fresh, 'test'), readCheckpoint(live, 'test'));
  await t.rejects(rebuildProjection({ store, db: fresh, name: 'test', apply: recordAll }), /fresh database/);
});

t.test('rebuildProjection with `types` applies only those and still checkpoints at the head', async (t) => {
  const { store, openView } = setup(t);
  for (let i = 0; i < 4; i++) await appendMany(store, `s-${i}`, 3, i % 2 ? 'Wanted' : 'Other');
  await appendMany(store, 'tail', 2, 'Other'); // the log ends in events the view skips
  const head = await store.headPosition();
  const db = openView();
  const done = await rebuildProjection({ store, db, name: 'test', batchSize: 2, types: ['Wanted'], apply: recordAll });
  t.same(
    seen(db).map((r) => r.position),
    [4, 5, 6, 10, 11, 12],
    'only the wanted events, each once',
  );
  t.equal(done.events, 6);
  t.equal(done.position, head);
  t.equal(readCheckpoint(db, 'test'), head, 'a live projection resumes after the head, not before the skipped tail');
});

t.test('events at or below the checkpoint are never applied again', async (t) => {
  const { store, openView } = setup(t);
  const head = await appendMany(store, 'a-1', 4);
  const db = openView();
  // A checkpoint written by an earlier run (rows 1–2 already applied).
  db.exec("CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO projection_checkpoints VALUES ('test', 2)");
  const applied: RecordedEvent[] = [];
  const p = startProjection({ store, db, name: 'test', apply: (events, db) => (applied.push(...events), recordAll(events, db)) });
  t.equal(await p.waitFor(head, 5000), true);
  await p.stop();
  t.same(
    applied.map((e) => e.position),
    [3n, 4n],
  );
});
