import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import t from 'tap';
import { openSqliteEventStore, type EventData } from '@zz/eventstore';
import { CASE_CODE_CLAIMED, CaseCodeAllocator, chinaYear, counterStream, formatCaseCode } from './case-code.js';

const center = '230302101';
const newCase = () => {
  const caseId = randomUUID();
  return {
    caseId,
    streamId: `dispute-${caseId}`,
    build: (caseCode: string): EventData[] => [{ eventId: randomUUID(), type: 'DisputeRegistered', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { caseId, caseCode }, metadata: { caseCode } }],
  };
};

t.test('codes are per center and year, in China Standard Time', async (t) => {
  t.equal(formatCaseCode(center, 2026, 42), '230302101-2026-000042');
  t.equal(chinaYear(new Date('2026-12-31T16:30:00Z')), 2027, '00:30 on 1 January in Beijing is the new year');
  t.equal(chinaYear(new Date('2026-12-31T15:59:59Z')), 2026);
});

t.test('a claim whose case was never written (the process died) is completed by the next registration', async (t) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  // A dead process's work: numbers 1 and 2 claimed in one batch; only case 1 was written.
  const orphan = newCase();
  const written = newCase();
  const claim = (seq: number, c: ReturnType<typeof newCase>, batch: string): EventData => ({
    eventId: randomUUID(),
    type: CASE_CODE_CLAIMED,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    data: { seq, caseCode: formatCaseCode(center, 2026, seq), caseId: c.caseId, streamId: c.streamId, events: c.build(formatCaseCode(center, 2026, seq)) },
    metadata: { causationId: batch },
  });
  const batch = randomUUID();
  const claims = [claim(1, written, batch), claim(2, orphan, batch)];
  await store.append(counterStream(center, 2026), claims, { expectedRevision: 'no_stream' });
  await store.append(written.streamId, (claims[0]!.data as { events: EventData[] }).events, { expectedRevision: 'no_stream' });
  t.same(await store.readStream(orphan.streamId), [], 'case 2 is missing before recovery');

  const allocator = new CaseCodeAllocator(store);
  const third = await allocator.register(center, 2026, newCase());
  t.equal(third.caseCode, '230302101-2026-000003', 'numbering continues after the last claim');
  const recovered = await store.readStream(orphan.streamId);
  t.equal(recovered.length, 1, 'the orphaned claim was completed');
  t.equal((recovered[0]!.data as { caseCode: string }).caseCode, '230302101-2026-000002');
  t.equal(recovered[0]!.eventId, (claims[1]!.data as { events: EventData[] }).events[0]!.eventId, 'with exactly the events that were claimed');
});

t.test('two allocators (two processes) on one counter never hand out the same number', async (t) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  const a = new CaseCodeAllocator(store);
  const b = new CaseCodeAllocator(store);
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).register(center, 2026, newCase())));
  const seqs = results.map((r) => Number(r.caseCode.slice(-6))).sort((x, y) => x - y);
  t.same(seqs, Array.from({ length: 30 }, (_, i) => i + 1));
});

t.test('the same case submitted twice at once claims one number', async (t) => {
  const store = openSqliteEventStore({ path: join(t.testdir(), 'events.db') });
  t.teardown(() => store.close());
  const allocator = new CaseCodeAllocator(store);
  const c = newCase();
  const [x, y] = await Promise.all([allocator.register(center, 2026, c), allocator.register(center, 2026, c)]);
  t.same(x, y);
  t.equal((await store.readStream(counterStream(center, 2026))).length, 1);
});
