// kill -9 while appends are in flight: every acknowledged append must be on disk afterwards,
// positions gap-free, and no append half-written.
import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from './sqlite.js';
import { collect } from './contract.js';
import { exited, onLines, spawnAppendChild } from './testing/spawn-child.js';

const EVENTS_PER_APPEND = 3;

t.test('every acknowledged append survives SIGKILL of the writer', async (t) => {
  const path = join(t.testdir(), 'killed.db');
  // Far more appends than we wait for: the child is mid-burst when it dies.
  const child = spawnAppendChild([path, '100000', '32', String(EVENTS_PER_APPEND)]);
  const acked: { appendId: string; position: bigint; eventIds: string[] }[] = [];
  let killed = false;
  onLines(child, (line) => {
    const [, appendId, position, ...eventIds] = line.split(' ');
    if (!appendId || !position) return;
    acked.push({ appendId, position: BigInt(position), eventIds });
    if (acked.length >= 300 && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  const { signal } = await exited(child);
  t.equal(signal, 'SIGKILL', 'the child was killed, not finished');
  t.ok(acked.length >= 300, `${acked.length} appends acknowledged before the kill`);

  // Raw SQLite first: the file must be consistent on its own.
  const raw = new Database(path);
  t.equal(raw.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check passes');
  raw.close();

  const store = openSqliteEventStore({ path });
  t.teardown(() => store.close());
  const log = await collect(store.readAll());
  const head = await store.headPosition();
  t.same(
    log.map((e) => e.position),
    Array.from({ length: log.length }, (_, i) => BigInt(i + 1)),
    'positions are 1..head',
  );
  t.equal(head, BigInt(log.length));
  t.ok(log.length >= acked.length * EVENTS_PER_APPEND, 'at least every acknowledged event is there');

  const byId = new Map(log.map((e) => [e.eventId, e]));
  const missing = acked.flatMap((a) => a.eventIds).filter((id) => !byId.has(id));
  t.same(missing, [], 'no acknowledged event is missing');
  const misplaced = acked.filter((a) => byId.get(a.eventIds[a.eventIds.length - 1] as string)?.position !== a.position);
  t.same(misplaced, [], 'each acknowledged append sits at the position it was acknowledged with');

  const partsPerAppend = new Map<string, number>();
  for (const e of log) {
    const { appendId } = e.data as { appendId: string };
    partsPerAppend.set(appendId, (partsPerAppend.get(appendId) ?? 0) + 1);
  }
  const partial = [...partsPerAppend].filter(([, parts]) => parts !== EVENTS_PER_APPEND);
  t.same(partial, [], 'no append is half-written');
  const streams = new Map<string, bigint[]>();
  for (const e of log) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.revision]);
  const broken = [...streams].filter(([, revs]) => revs.some((r, i) => r !== BigInt(i)));
  t.same(broken, [], 'every stream is 0..n without holes');

  // The store keeps working on the recovered file.
  const next = await store.append('dispute-after-crash', [{ eventId: crypto.randomUUID(), type: 'X', schemaVersion: 1, occurredAt: new Date().toISOString(), data: {}, metadata: {} }], {
    expectedRevision: 'no_stream',
  });
  t.equal(next.position, head + 1n, 'appending continues right after the recovered head');
});
