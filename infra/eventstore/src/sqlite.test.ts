import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { collect, contractEvent, eventStoreContract } from './contract.js';
import { exited, onLines, spawnAppendChild } from './testing/spawn-child.js';
import { openSqliteEventStore } from './sqlite.js';
import { WrongExpectedRevisionError } from './port.js';

let n = 0;
t.test('SQLite adapter (inline writer) passes the EventStore contract', async (t) => {
  const dir = t.testdir();
  eventStoreContract(t, async () => openSqliteEventStore({ path: join(dir, `${n++}.db`) }));
});

t.test('SQLite adapter (worker writer) passes the EventStore contract', async (t) => {
  const dir = t.testdir();
  eventStoreContract(t, async () => openSqliteEventStore({ path: join(dir, `${n++}.db`), writer: 'worker' }));
});

t.test('positions stay gap-free 1..head under concurrent appends to many streams, failures included', async (t) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'gapfree.db') });
  t.teardown(() => store.close());
  const streams = Array.from({ length: 16 }, (_, i) => `dispute-${i}`);
  let rejected = 0;
  await Promise.all(
    streams.map(async (stream) => {
      let expected: bigint | 'no_stream' = 'no_stream';
      for (let i = 0; i < 5; i++) {
        // A stale twin races every append: it must fail and leave no hole in the positions.
        const stale = store.append(stream, [contractEvent('Stale')], { expectedRevision: expected === 'no_stream' ? 99n : expected + 5n });
        const ok = store.append(stream, [contractEvent(), contractEvent()], { expectedRevision: expected });
        await stale.catch(() => rejected++);
        expected = (await ok).nextRevision;
      }
    }),
  );
  t.equal(rejected, 80, 'every stale twin failed');
  const log = await collect(store.readAll());
  t.same(
    log.map((e) => e.position),
    Array.from({ length: 160 }, (_, i) => BigInt(i + 1)),
    'positions 1..160, no gaps',
  );
  t.equal(await store.headPosition(), 160n);
  t.notOk(log.some((e) => e.type === 'Stale'));
});

t.test('group commit: concurrent appends share transactions', async (t) => {
  const path = join(t.testdir(), 'group.db');
  const store = openSqliteEventStore({ path });
  t.teardown(() => store.close());
  // Independent evidence from SQLite itself: frames in the WAL. Each separate commit would
  // write at least the table page and both index pages again (>= 150 frames for 50 commits).
  const raw = new Database(path);
  t.teardown(() => raw.close());
  const walFrames = () => (raw.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? -1;
  walFrames(); // checkpoint everything so the next commit restarts the WAL from frame 0
  const before = store.commitStats();
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`mediation-${i}`, [contractEvent()], { expectedRevision: 'no_stream' })));
  const after = store.commitStats();
  t.equal(after.appends - before.appends, 50);
  t.ok(after.commits - before.commits < 50, `fewer commits than appends (${after.commits - before.commits} for 50)`);
  const frames = walFrames();
  t.ok(frames > 0 && frames < 50, `the WAL grew by ${frames} frames for 50 appends`);
  t.same(
    results.map((r) => r.position).sort((a, b) => (a < b ? -1 : 1)),
    Array.from({ length: 50 }, (_, i) => BigInt(i + 1)),
    'each append got its own position',
  );
  // Appends made while a commit is in flight join the next one.
  const first = store.append('referral-1', [contractEvent()], { expectedRevision: 'no_stream' });
  const more = Array.from({ length: 10 }, (_, i) => store.append(`referral-x${i}`, [contractEvent()], { expectedRevision: 'any' }));
  await Promise.all([first, ...more]);
  t.ok(store.commitStats().commits - after.commits <= 2, 'a same-tick burst takes at most two commits');
});

t.test('a subscription sees appends made by another process on the same file', async (t) => {
  const path = join(t.testdir(), 'shared.db');
  const store = openSqliteEventStore({ path, pollIntervalMs: 20 });
  t.teardown(() => store.close());
  await store.append('petition-local', [contractEvent()], { expectedRevision: 'no_stream' });
  const subscription = store.subscribe({ after: 1n });
  const seen: string[] = [];
  const consumer = (async () => {
    for await (const e of subscription) {
      seen.push(e.eventId);
      if (seen.length === 12) break;
    }
  })();
  const child = spawnAppendChild([path, '6', '2', '2']);
  const acked: string[] = [];
  onLines(child, (line) => acked.push(...line.split(' ').slice(3)));
  const { code } = await exited(child);
  t.equal(code, 0, 'child appended and exited');
  await consumer;
  t.same(new Set(seen), new Set(acked), 'every event the child appended, once');
  t.equal(seen.length, 12);
});

t.test('subscriptions of one store share the events they read: one object (and one JSON.parse) per event', async (t) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'shared.db'), pageSize: 3 });
  t.teardown(() => store.close());
  for (let i = 0; i < 5; i++) await store.append(`s-${i}`, [contractEvent(), contractEvent()], { expectedRevision: 'no_stream' });
  const read = async (sub: ReturnType<typeof store.subscribe>, n: number) => {
    const out = [];
    for await (const e of sub) if (out.push(e) === n) break;
    return out;
  };
  const first = await read(store.subscribe(), 10);
  const second = await read(store.subscribe({ after: 2n }), 8);
  t.same(
    second.map((e) => e.position),
    first.slice(2).map((e) => e.position),
  );
  t.ok(
    second.every((e, i) => e === first[i + 2]),
    'the second subscription got the very objects the first read',
  );
  t.same(
    second.map((e) => e.data),
    first.slice(2).map((e) => e.data),
    'data parsed once, seen by both',
  );
  const scan = await collect(store.readAll());
  t.notOk(
    scan.some((e, i) => e === first[i]),
    'a one-off scan (readAll) does not fill or use the shared cache',
  );
});

for (const writer of ['inline', 'worker'] as const) {
  t.test(`appendToStreams (${writer} writer): several streams in one transaction, all or none`, async (t) => {
    const store = openSqliteEventStore({ path: join(t.testdir(), 'multi.db'), writer });
    t.teardown(() => store.close());
    await store.append('b', [contractEvent()], { expectedRevision: 'no_stream' });

    const [a, b] = await store.appendToStreams!([
      { streamId: 'a', events: [contractEvent(), contractEvent()], expectedRevision: 'no_stream' },
      { streamId: 'b', events: [contractEvent()], expectedRevision: 0n },
    ]);
    t.same([a!.nextRevision, a!.position, b!.nextRevision, b!.position], [1n, 3n, 1n, 4n], 'each stream gets its own revision; positions follow one another');

    // One stale part fails the whole append, naming the stream; nothing of the other part is written.
    const err = await store.appendToStreams!([
      { streamId: 'c', events: [contractEvent('Lost')], expectedRevision: 'no_stream' },
      { streamId: 'b', events: [contractEvent('Lost')], expectedRevision: 0n },
    ]).catch((e: unknown) => e);
    t.ok(err instanceof WrongExpectedRevisionError && err.streamId === 'b', 'the conflict names the stream that failed');
    t.same(await store.readStream('c'), [], 'the part that would have succeeded was not written');
    const log = await collect(store.readAll());
    t.notOk(log.some((e) => e.type === 'Lost'));
    t.same(
      log.map((e) => e.position),
      [1n, 2n, 3n, 4n],
      'no hole in the positions',
    );

    // Concurrent multi-stream appends share the group commit and stay gap-free.
    await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.appendToStreams!([
          { streamId: `x-${i % 5}`, events: [contractEvent()], expectedRevision: 'any' },
          { streamId: `y-${i}`, events: [contractEvent()], expectedRevision: 'no_stream' },
        ]),
      ),
    );
    const after = await collect(store.readAll());
    t.same(
      after.map((e) => e.position),
      Array.from({ length: 44 }, (_, i) => BigInt(i + 1)),
    );
  });
}
