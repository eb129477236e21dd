import t from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deadlines, type Actor } from '@zz/contracts';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '@zz/eventstore';
import { loadDeadlinePolicy, loadHolidayCalendar } from './application/policy-files.js';
import { startDeadlineWatcher, type DeadlineWatcher } from './watcher.js';

const policy = loadDeadlinePolicy();
const calendar = loadHolidayCalendar();
const CASE = '230302-2026-000042';
const clerk: Actor = { userId: 'clerk-1', role: 'petition_officer', centerCode: '230302' };

/** A flow event appended straight to the store, as the flow's service would have. */
async function appendFlow(store: EventStore, stream: string, type: string, data: Record<string, unknown>, occurredAt: string) {
  return store.append(
    stream,
    [
      {
        eventId: randomUUID(),
        type,
        schemaVersion: 1,
        occurredAt: new Date(occurredAt).toISOString(),
        data: { caseCode: CASE, ...data },
        metadata: { correlationId: 'c', causationId: 'c', caseCode: CASE, actor: clerk },
      },
    ],
    { expectedRevision: 'any' },
  );
}

async function deadlineEvents(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) if (e.streamId.startsWith(deadlines.DEADLINE_STREAM_PREFIX)) out.push(e);
  return out;
}
/** clockId → the alert types on its stream, in order. */
const alertsByClock = (events: RecordedEvent[]) => {
  const m: Record<string, string[]> = {};
  for (const e of events) (m[e.streamId.slice(deadlines.DEADLINE_STREAM_PREFIX.length)] ??= []).push(e.type);
  return m;
};

/** The error a promise rejects with (undefined when it resolves). */
const refused = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

class Clock {
  constructor(public at: Date) {}
  now = () => new Date(this.at);
  set = (iso: string) => void (this.at = new Date(iso));
}

t.test('two watchers ticking at once append exactly one Approaching and one Missed per clock; a restart appends nothing', async (t) => {
  const dir = t.testdir();
  const eventsPath = join(dir, 'events.db');
  // Two store handles on one file, as two processes would have.
  const storeA = openSqliteEventStore({ path: eventsPath });
  const storeB = openSqliteEventStore({ path: eventsPath });
  const time = new Clock(new Date('2026-03-02T08:00:00+08:00'));
  const start = (store: EventStore, name: string) => startDeadlineWatcher({ store, dataDir: join(dir, name), policy, calendar, now: time.now });
  let a: DeadlineWatcher = start(storeA, 'a');
  const b = start(storeB, 'b');
  t.teardown(async () => {
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  });

  const petitionId = randomUUID();
  const caseId = randomUUID();
  await appendFlow(storeA, `petition-${petitionId}`, 'PetitionRegistered', { petitionId, centerCode: '230302', receivedAt: '2026-03-02T09:00:00+08:00' }, '2026-03-02T09:00:00+08:00');
  await appendFlow(
    storeA,
    `dispute-${caseId}`,
    'WhistleBlown',
    {
      caseId,
      whistleId: 'w1',
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
  const accept = `petition.accept:${petitionId}`;
  const hr = `intake.whistle-report-in:${caseId}:w1:hr`;
  const housing = `intake.whistle-report-in:${caseId}:w1:housing`;

  const tickBoth = () => Promise.all([a.tick(), b.tick()]);
  time.set('2026-03-05T12:00:00+08:00');
  await tickBoth();
  t.same(await deadlineEvents(storeA), [], 'nothing is due yet');
  t.same(
    a.clocks({ caseCode: CASE }).map((c) => [c.clockId, c.status]),
    [
      [`petition.return-outside-remit:${petitionId}`, 'running'], // 5 working days: 03-09
      [housing, 'running'], // 03-10 17:00, then by id
      [hr, 'running'],
      [accept, 'running'], // 03-17
    ],
    'the view lists the running clocks, soonest due first',
  );

  // hr reports in on time; both whistle clocks are inside their lead on 03-09 (min(3 days, 20% of 8.3 days)).
  await appendFlow(storeA, `dispute-${caseId}`, 'DepartmentReportedIn', { caseId, whistleId: 'w1', departmentCode: 'hr' }, '2026-03-08T10:00:00+08:00');
  time.set('2026-03-09T12:00:00+08:00');
  const [r1, r2] = await tickBoth();
  t.equal(r1.approaching + r2.approaching, 1, 'one watcher appended it');
  t.same(alertsByClock(await deadlineEvents(storeA)), { [housing]: ['DeadlineApproaching'] });
  t.same(
    b.lapsing(['230302001']).map((c) => [c.clockId, c.status]),
    [[housing, 'approaching']],
    'the about-to-lapse list of the township',
  );

  for (const at of ['2026-03-11T00:00:00+08:00', '2026-03-15T12:00:00+08:00', '2026-03-18T00:00:00+08:00']) {
    time.set(at);
    await tickBoth();
    await tickBoth(); // a second round finds everything done
  }
  const events = await deadlineEvents(storeA);
  t.same(
    alertsByClock(events),
    {
      [housing]: ['DeadlineApproaching', 'DeadlineMissed'],
      [accept]: ['DeadlineApproaching', 'DeadlineMissed'],
    },
    'exactly one of each per clock; none for the department that reported in, none for the outside-remit window',
  );
  const missed = events.find((e) => e.type === 'DeadlineMissed' && e.streamId === deadlines.deadlineStream(accept))!;
  t.match(missed.metadata, { caseCode: CASE, actor: { userId: 'system:deadlines', role: 'admin', centerCode: '230302' } }, 'the case code joins it to the timeline');
  t.match(missed.data, { clockId: accept, dueDate: '2026-03-17', dueAt: '2026-03-17T23:59:59.999+08:00', obligedParty: 'center' });
  t.ok(deadlines.DeadlineMissed.safeParse(missed.data).success);
  t.equal(missed.revision, 1n, 'second event of its stream');

  // Restart A on its own view file, and a third watcher rebuilding from zero: neither appends again.
  await a.close();
  a = start(storeA, 'a');
  const fresh = start(storeA, 'fresh');
  t.teardown(() => fresh.close());
  time.set('2026-03-20T00:00:00+08:00');
  const [ra, rf] = await Promise.all([a.tick(), fresh.tick()]);
  t.same([ra.approaching + ra.missed, rf.approaching + rf.missed], [0, 0]);
  t.equal((await deadlineEvents(storeA)).length, events.length, 'no new deadline events after the restart');
  t.same(fresh.clock(accept)?.alerted, { approaching: true, missed: true }, 'the rebuilt view knows the miss from the log');
});

t.test('pause, resume and extend through the watcher; a paused clock raises nothing', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const time = new Clock(new Date('2026-06-01T10:00:00+08:00'));
  const w = startDeadlineWatcher({ store, dataDir: join(dir, 'w'), policy, calendar, now: time.now });
  t.teardown(async () => {
    await w.close();
    await store.close();
  });
  const petitionId = randomUUID();
  await appendFlow(store, `petition-${petitionId}`, 'PetitionAccepted', { petitionId, decidedAt: '2026-06-01T10:00:00+08:00', withinWindow: true }, '2026-06-01T10:00:00+08:00');
  const id = `petition.answer:${petitionId}`;
  await w.tick();
  t.equal(w.clock(id)?.dueDate, '2026-07-31');

  time.set('2026-06-10T10:00:00+08:00');
  const as = (actor: Actor, extra: { idempotencyKey?: string; expectedRevision?: bigint } = {}) => ({ actor, correlationId: 'test', ...extra });
  await w.pause(id, { reason: 'expert_appraisal' }, as(clerk));
  t.match(await refused(w.pause(id, { reason: 'expert_appraisal' }, as(clerk))), { reason: 'already_paused' });
  t.match(await refused(w.pause('petition.answer:nope', { reason: 'expert_appraisal' }, as(clerk))), { reason: 'clock_not_found' });
  time.set('2026-08-30T10:00:00+08:00');
  t.same(await w.tick(), { approaching: 0, missed: 0, lost: 0, examined: 0 }, 'paused: nothing is due');
  t.match(w.clock(id), { status: 'paused', pauseReason: 'expert_appraisal' });

  time.set('2026-06-20T09:00:00+08:00');
  await t.rejects(w.resume(id, {}, as(clerk, { expectedRevision: 5n })), { name: 'PreconditionFailedError' }, 'a stale If-Match is refused');
  await w.resume(id, {}, as(clerk, { expectedRevision: 0n }));
  const leader: Actor = { userId: 'leader-1', role: 'responsible_leader', centerCode: '230302' };
  t.match(await refused(w.extend(id, { days: 31, approvedBy: 'leader-1', reason: '情况复杂' }, as(leader))), { reason: 'extension_exceeds_limit' });
  const r = await w.extend(id, { days: 30, approvedBy: 'leader-1', reason: '情况复杂' }, as(leader, { idempotencyKey: 'ext-1' }));
  const retried = await w.extend(id, { days: 30, approvedBy: 'leader-1', reason: '情况复杂' }, as(leader, { idempotencyKey: 'ext-1' }));
  t.same(retried, { ...r, replayed: true }, 'a retried extension answers the first and is not granted twice');
  t.ok(await w.reach(r.position));
  t.match(w.clock(id), { status: 'running', dueDate: '2026-09-09', extensions: [{ days: 30, approvedBy: 'leader-1' }] }, '07-31 + 10 paused + 30 approved');
  const stream = await store.readStream(deadlines.deadlineStream(id));
  t.same(
    stream.map((e) => e.type),
    ['DeadlineClockPaused', 'DeadlineClockResumed', 'DeadlineClockExtended'],
  );
});
