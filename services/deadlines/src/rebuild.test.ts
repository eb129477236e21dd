import t from 'tap';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Actor } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { loadDeadlinePolicy, loadHolidayCalendar } from './application/policy-files.js';
import { rebuildDeadlineClocks } from './rebuild.js';
import { startDeadlineWatcher, type DeadlineWatcher } from './watcher.js';

const policy = loadDeadlinePolicy();
const calendar = loadHolidayCalendar();
const clerk: Actor = { userId: 'clerk-1', role: 'petition_officer', centerCode: '230302' };

/** A flow event appended straight to the store, as the flow's service would have. */
function flow(store: EventStore, stream: string, caseCode: string, type: string, data: Record<string, unknown>, occurredAt: string) {
  const metadata = { correlationId: 'c', causationId: 'c', caseCode, actor: clerk };
  return store.append(stream, [{ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date(occurredAt).toISOString(), data: { caseCode, ...data }, metadata }], { expectedRevision: 'any' });
}

/** Every row of the watcher's file in a stable order (the rowid is not part of the view). */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      clocks: db.prepare('SELECT * FROM clocks ORDER BY clock_id').all(),
      checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all(),
    };
  } finally {
    db.close();
  }
}

class Time {
  constructor(public at: Date) {}
  now = () => new Date(this.at);
}

t.test('the offline rebuild of deadlines.db equals the view the live watcher built, one event at a time', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const time = new Time(new Date('2026-03-02T08:00:00+08:00'));
  // Batches of one: the live view takes the per-event path; the rebuild folds 20,000 at a time
  // with each case's clocks kept in hand through the batch — both must come out the same.
  let live: DeadlineWatcher | undefined = startDeadlineWatcher({ store, dataDir: join(dir, 'live'), policy, calendar, now: time.now, batchSize: 1 });
  t.teardown(async () => {
    await live?.close();
    await store.close();
  });

  const cases = Array.from({ length: 6 }, (_, i) => ({ caseId: randomUUID(), petitionId: randomUUID(), caseCode: `230302-2026-${String(i + 1).padStart(6, '0')}` }));
  for (const [i, c] of cases.entries()) {
    // Several events of one case in one append (and so one batch of the rebuild): start, stop, restart.
    await flow(
      store,
      `petition-${c.petitionId}`,
      c.caseCode,
      'PetitionRegistered',
      { petitionId: c.petitionId, centerCode: '230302', receivedAt: '2026-03-02T09:00:00+08:00' },
      '2026-03-02T09:00:00+08:00',
    );
    if (i % 2 === 0)
      await flow(
        store,
        `petition-${c.petitionId}`,
        c.caseCode,
        'PetitionAccepted',
        { petitionId: c.petitionId, decidedAt: '2026-03-03T10:00:00+08:00', withinWindow: true },
        '2026-03-03T10:00:00+08:00',
      );
    await flow(
      store,
      `dispute-${c.caseId}`,
      c.caseCode,
      'WhistleBlown',
      {
        caseId: c.caseId,
        whistleId: `w${i}`,
        centerCode: '230302001',
        departments: [
          { code: 'hr', name: '人社局' },
          { code: 'housing', name: '住建局' },
        ],
        reportInDueAt: '2026-03-10T17:00:00+08:00',
        reason: 'x',
      },
      '2026-03-02T10:00:00+08:00',
    );
    if (i % 3 === 0) await flow(store, `dispute-${c.caseId}`, c.caseCode, 'DepartmentReportedIn', { caseId: c.caseId, whistleId: `w${i}`, departmentCode: 'hr' }, '2026-03-04T10:00:00+08:00');
    await flow(
      store,
      `dispute-${c.caseId}`,
      c.caseCode,
      'DisputeAssignedDown',
      { caseId: c.caseId, toCenter: '230302101', dueAt: '2026-03-20T17:00:00+08:00', supervision: 'none' },
      '2026-03-02T11:00:00+08:00',
    );
    if (i % 2 === 1) await flow(store, `dispute-${c.caseId}`, c.caseCode, 'DisputeClosed', { caseId: c.caseId, outcome: 'resolved', summary: 'x' }, '2026-03-05T11:00:00+08:00');
  }
  // The clocks' own streams: a pause and an extension by people, alerts by the watcher's ticks.
  const accepted = `petition.answer:${cases[0]!.petitionId}`;
  const as = (actor: Actor) => ({ actor, correlationId: 'test' });
  time.at = new Date('2026-03-05T10:00:00+08:00');
  await live.pause(`petition.answer:${cases[2]!.petitionId}`, { reason: 'expert_appraisal' }, as(clerk));
  await live.extend(accepted, { days: 10, approvedBy: 'leader-1', reason: '情况复杂' }, as({ userId: 'leader-1', role: 'responsible_leader', centerCode: '230302' }));
  time.at = new Date('2026-03-12T00:00:00+08:00');
  const ticked = await live.tick();
  t.ok(ticked.approaching + ticked.missed > 0, 'the watcher recorded alerts');
  const head = await store.headPosition();
  t.ok(await live.reach(head));
  await live.close();
  live = undefined;

  const progress: bigint[] = [];
  mkdirSync(join(dir, 'rebuilt'));
  const rebuilt = await rebuildDeadlineClocks({ store, dbPath: join(dir, 'rebuilt', 'deadlines.db'), policy, calendar, onProgress: (p) => progress.push(p.position) });
  t.equal(rebuilt.position, head, 'rebuilt to the head of the log');
  t.equal(progress.at(-1), head, 'progress reported');
  const liveRows = dump(join(dir, 'live', 'deadlines.db'));
  const rebuiltRows = dump(join(dir, 'rebuilt', 'deadlines.db'));
  t.ok(liveRows.clocks.length >= 24, `clocks were built (${liveRows.clocks.length})`);
  t.same(rebuiltRows, liveRows, 'every clock row and the checkpoint are the same');

  // A watcher on the rebuilt file knows every alert already recorded: it appends nothing again.
  const onRebuilt = startDeadlineWatcher({ store, dataDir: join(dir, 'rebuilt'), policy, calendar, now: time.now });
  t.teardown(() => onRebuilt.close());
  t.same(await onRebuilt.tick(), { ...(await onRebuilt.tick()), approaching: 0, missed: 0 }, 'no alert twice');
  t.equal(await store.headPosition(), head, 'nothing appended');
  t.match(onRebuilt.clock(accepted), { extensions: [{ days: 10 }] });
});

t.test('the watcher is not ready until its view has caught up with the log', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const petitionId = randomUUID();
  await flow(store, `petition-${petitionId}`, '230302-2026-000001', 'PetitionRegistered', { petitionId, centerCode: '230302', receivedAt: '2026-03-02T09:00:00+08:00' }, '2026-03-02T09:00:00+08:00');
  const head = await store.headPosition();
  const w = startDeadlineWatcher({ store, dataDir: join(dir, 'w'), policy, calendar, now: () => new Date('2026-03-02T10:00:00+08:00') });
  t.teardown(async () => {
    await w.close();
    await store.close();
  });
  t.same(w.readiness(), { ok: false, detail: 'position 0' }, 'not ready while behind the log');
  await w.caughtUp;
  t.ok(w.position() >= head);
  t.same(w.readiness(), { ok: true, detail: `position ${head}` });
});
