import t from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deadlines, jixiDemoRegions, RegionDirectory, type Actor, type Role } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { loadDeadlinePolicy, loadHolidayCalendar } from '../application/policy-files.js';
import { startDeadlineWatcher } from '../watcher.js';
import { deadlineRoutes } from './routes.js';
import { mayApproveExtensions, mayPauseOrResume } from './permissions.js';

const SECRET = 'deadline-routes-test-secret-0123456789';
const COUNTY = '230302';
const TOWNSHIP = '230302101';
const OTHER_COUNTY = '230303';
const CITY = '230300';

/** A hand-moved clock the watcher reads its time from. */
class TestTime {
  constructor(public at: Date) {}
  now = () => new Date(this.at);
  set = (iso: string) => void (this.at = new Date(iso));
}

/** Real SQLite store and watcher, the HTTP app and the plugin; flow events are appended as their services would. */
async function harness(dir: string, startAt: string) {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const time = new TestTime(new Date(startAt));
  const watcher = startDeadlineWatcher({ store, dataDir: join(dir, 'deadlines'), policy: loadDeadlinePolicy(), calendar: loadHolidayCalendar(), now: time.now });
  const app = await createHttpApp({ jwtSecret: SECRET, logger: false, defaultMetrics: false });
  await app.register(deadlineRoutes, { watcher, regions: new RegionDirectory(jixiDemoRegions()) });
  await app.ready();
  const auth = (role: Role, centerCode: string, userId = `${role}-${centerCode}`) => ({ authorization: `Bearer ${signToken(SECRET, { userId, role, centerCode })}` });
  const append = async (stream: string, type: string, caseCode: string, actorCenter: string, data: Record<string, unknown>, occurredAt: string) => {
    const actor: Actor = { userId: 'staff-1', role: 'petition_officer', centerCode: actorCenter };
    const meta = { correlationId: randomUUID(), causationId: randomUUID(), caseCode, actor };
    await store.append(stream, [{ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date(occurredAt).toISOString(), data: { caseCode, ...data }, metadata: meta }], {
      expectedRevision: 'any',
    });
  };
  /** Waits (bounded) until the watcher's view has every appended event. */
  const settled = async () => {
    if (!(await watcher.reach(await store.headPosition(), 5000))) throw new Error('watcher view did not catch up');
  };
  return {
    store,
    time,
    watcher,
    app,
    auth,
    append,
    settled,
    async close() {
      await app.close();
      await watcher.close();
      await store.close();
    },
  };
}
type Harness = Awaited<ReturnType<typeof harness>>;

const CASE_PETITION = `${COUNTY}-2026-000042`;
const CASE_OTHER = `${OTHER_COUNTY}-2026-000007`;
const CASE_WHISTLE = `${TOWNSHIP}-2026-000003`;

/**
 * A petition accepted at the county (answer due 2026-07-31), one at the neighbouring county, and two
 * whistles at a township of the county: hr was due yesterday, housing is due this afternoon.
 */
async function seed(h: Harness) {
  const p1 = randomUUID();
  const p2 = randomUUID();
  const caseId = randomUUID();
  await h.append(`petition-${p1}`, 'PetitionAccepted', CASE_PETITION, COUNTY, { petitionId: p1, decidedAt: '2026-06-01T10:00:00+08:00', withinWindow: true }, '2026-06-01T10:00:00+08:00');
  await h.append(`petition-${p2}`, 'PetitionAccepted', CASE_OTHER, OTHER_COUNTY, { petitionId: p2, decidedAt: '2026-06-01T11:00:00+08:00', withinWindow: true }, '2026-06-01T11:00:00+08:00');
  const whistle = (whistleId: string, department: { code: string; name: string }, reportInDueAt: string) =>
    h.append(
      `dispute-${caseId}`,
      'WhistleBlown',
      CASE_WHISTLE,
      TOWNSHIP,
      { caseId, whistleId, centerCode: TOWNSHIP, departments: [department], reportInDueAt, reason: '需部门报到' },
      '2026-06-01T10:00:00+08:00',
    );
  await whistle('w1', { code: 'hr', name: '人社局' }, '2026-06-02T17:00:00+08:00');
  await whistle('w2', { code: 'housing', name: '住建局' }, '2026-06-03T17:00:00+08:00');
  await h.settled();
  return {
    caseId,
    answer: `petition.answer:${p1}`,
    otherAnswer: `petition.answer:${p2}`,
    hr: `intake.whistle-report-in:${caseId}:w1:hr`,
    housing: `intake.whistle-report-in:${caseId}:w2:housing`,
  };
}

const ids = (body: { items: { clockId: string; status: string }[] }) => body.items.map((c) => [c.clockId, c.status]);

t.test("GET /api/centers/:code/deadlines: the area's lapsing clocks by default, soonest due first; status filter; 404 outside", async (t) => {
  const h = await harness(t.testdir(), '2026-06-03T10:00:00+08:00');
  t.teardown(h.close);
  const c = await seed(h);
  const supervisor = h.auth('supervisor', COUNTY);

  const lapsing = await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines`, headers: supervisor });
  t.equal(lapsing.statusCode, 200, lapsing.body);
  t.same(
    ids(lapsing.json()),
    [
      [c.hr, 'overdue'],
      [c.housing, 'approaching'],
    ],
    "the township's whistle clocks, lapsed first; the running petition clock is not lapsing",
  );
  t.match(lapsing.json().items[0], { caseCode: CASE_WHISTLE, centerCode: TOWNSHIP, flow: 'intake', dueAt: '2026-06-02T17:00:00.000+08:00' });
  t.ok(Number(lapsing.headers['x-view-position']) > 0);

  const running = await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines?status=running`, headers: supervisor });
  t.same(ids(running.json()), [[c.answer, 'running']], "not the neighbouring county's petition");
  const city = await h.app.inject({ method: 'GET', url: `/api/centers/${CITY}/deadlines?status=running`, headers: h.auth('command_viewer', CITY) });
  t.same(
    ids(city.json())
      .map(([id]) => id)
      .sort(),
    [c.answer, c.otherAnswer].sort(),
    'the city sees both counties',
  );
  const limited = await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines?limit=1`, headers: supervisor });
  t.same(ids(limited.json()), [[c.hr, 'overdue']]);
  const township = await h.app.inject({ method: 'GET', url: `/api/centers/${TOWNSHIP}/deadlines`, headers: h.auth('supervisor', TOWNSHIP) });
  t.same(
    ids(township.json()),
    [
      [c.hr, 'overdue'],
      [c.housing, 'approaching'],
    ],
    'the township itself',
  );

  t.equal((await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines`, headers: h.auth('supervisor', TOWNSHIP) })).statusCode, 404, 'a township cannot look above itself');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines`, headers: h.auth('supervisor', OTHER_COUNTY) })).statusCode, 404, 'nor beside');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/centers/999999/deadlines`, headers: supervisor })).statusCode, 404, 'unknown center');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines?status=met`, headers: supervisor })).statusCode, 400);
  t.equal((await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines` })).statusCode, 401);
});

t.test("GET /api/cases/:caseCode/deadlines: every clock of the case in the caller's area, ended ones too; 404 when none", async (t) => {
  const h = await harness(t.testdir(), '2026-06-03T10:00:00+08:00');
  t.teardown(h.close);
  const c = await seed(h);
  await h.append(`dispute-${c.caseId}`, 'DepartmentReportedIn', CASE_WHISTLE, TOWNSHIP, { caseId: c.caseId, whistleId: 'w1', departmentCode: 'hr' }, '2026-06-03T09:00:00+08:00');
  const head = await h.store.headPosition();

  const r = await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_WHISTLE}/deadlines?minPosition=${head}`, headers: h.auth('intake_clerk', TOWNSHIP) });
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.headers['x-view-stale'], undefined, 'the view reached the report-in');
  t.same(
    ids(r.json()).sort(),
    [
      [c.hr, 'met_late'],
      [c.housing, 'approaching'],
    ].sort(),
    'the department that reported in late is listed as ended',
  );
  t.match(
    r.json().items.find((x: { clockId: string }) => x.clockId === c.hr),
    { stopOutcome: 'met' },
  );

  const county = await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines`, headers: h.auth('petition_officer', COUNTY) });
  t.same(ids(county.json()), [[c.answer, 'running']]);
  t.equal((await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines`, headers: h.auth('supervisor', TOWNSHIP) })).statusCode, 404, "the county's clocks are above the township");
  t.equal((await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines`, headers: h.auth('supervisor', OTHER_COUNTY) })).statusCode, 404, 'and beside the other county');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/cases/${COUNTY}-2026-999999/deadlines`, headers: h.auth('supervisor', CITY) })).statusCode, 404, 'a case without clocks');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines` })).statusCode, 401);
});

t.test('pause and resume: roles per flow, 403 outside the area, 404 unknown, 409 refusals that append nothing', async (t) => {
  const h = await harness(t.testdir(), '2026-06-03T10:00:00+08:00');
  t.teardown(h.close);
  const c = await seed(h);
  const officer = h.auth('petition_officer', COUNTY, 'officer-7');
  const post = (clockId: string, cmd: string, headers: Record<string, string> | undefined, payload: object) =>
    h.app.inject({ method: 'POST', url: `/api/deadlines/${encodeURIComponent(clockId)}/${cmd}`, ...(headers ? { headers } : {}), payload });

  const before = await h.store.headPosition();
  const refusals: [string, number, string | undefined][] = [];
  const refuse = async (label: string, res: Promise<{ statusCode: number; json(): { error?: string } }>) => {
    const r = await res;
    refusals.push([label, r.statusCode, r.json().error]);
  };
  await refuse('no token', post(c.answer, 'pause', undefined, { reason: 'hearing' }));
  await refuse('unknown clock', post('petition.answer:nope', 'pause', officer, { reason: 'hearing' }));
  await refuse('the other county', post(c.otherAnswer, 'pause', officer, { reason: 'hearing' }));
  await refuse("a township on the county's clock", post(c.answer, 'pause', h.auth('supervisor', TOWNSHIP), { reason: 'hearing' }));
  await refuse('a mediator on a petition clock', post(c.answer, 'pause', h.auth('mediator', COUNTY), { reason: 'hearing' }));
  await refuse('a petition officer on a whistle clock', post(c.hr, 'pause', officer, { reason: 'hearing' }));
  await refuse('a reason the policy does not allow', post(c.answer, 'pause', officer, { reason: 'holiday_rush' }));
  await refuse('whistle clocks cannot be paused', post(c.hr, 'pause', h.auth('supervisor', TOWNSHIP), { reason: 'hearing' }));
  await refuse('not paused', post(c.answer, 'resume', officer, {}));
  await refuse('a malformed reason', post(c.answer, 'pause', officer, { reason: 'Hearing!' }));
  t.same(refusals, [
    ['no token', 401, 'unauthorized'],
    ['unknown clock', 404, 'not_found'],
    ['the other county', 403, 'outside_jurisdiction'],
    ["a township on the county's clock", 403, 'outside_jurisdiction'],
    ['a mediator on a petition clock', 403, 'forbidden_role'],
    ['a petition officer on a whistle clock', 403, 'forbidden_role'],
    ['a reason the policy does not allow', 409, 'pause_not_allowed'],
    ['whistle clocks cannot be paused', 409, 'pause_not_allowed'],
    ['not paused', 409, 'not_paused'],
    ['a malformed reason', 400, 'validation_failed'],
  ]);
  t.equal(await h.store.headPosition(), before, 'no refusal appended anything');

  const paused = await post(c.answer, 'pause', officer, { reason: 'hearing', note: '听证会定于6月10日' });
  t.equal(paused.statusCode, 200, paused.body);
  t.equal(paused.json().revision, 0, "first event of the clock's stream");
  t.equal(paused.headers.etag, '"0"');
  t.equal((await post(c.answer, 'pause', officer, { reason: 'expert_appraisal' })).json().error, 'already_paused');
  const seen = await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines?minPosition=${paused.json().position}`, headers: officer });
  t.match(seen.json().items, [{ clockId: c.answer, status: 'paused', pauseReason: 'hearing' }]);
  t.notOk(seen.json().items[0].dueAt, 'no due date while paused');
  const stream = await h.store.readStream(deadlines.deadlineStream(c.answer));
  t.match(
    stream.map((e) => [e.type, e.metadata.actor]),
    [['DeadlineClockPaused', { userId: 'officer-7', role: 'petition_officer', centerCode: COUNTY }]],
  );

  h.time.set('2026-06-05T10:00:00+08:00');
  const resumed = await post(c.answer, 'resume', h.auth('supervisor', CITY), { note: '听证结束' });
  t.equal(resumed.statusCode, 200, 'the city supervisor acts on clocks below it');
  t.equal(resumed.json().revision, 1);
  const after = await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines?minPosition=${resumed.json().position}`, headers: officer });
  t.match(after.json().items, [{ clockId: c.answer, status: 'running', dueDate: '2026-08-03' }], '07-31 + the two days paused = Sunday 08-02, due the next working day');
});

t.test("extend: the caller approves, within the policy's limit and approver roles; the due date moves", async (t) => {
  const h = await harness(t.testdir(), '2026-06-03T10:00:00+08:00');
  t.teardown(h.close);
  const c = await seed(h);
  const post = (clockId: string, headers: Record<string, string>, payload: object) => h.app.inject({ method: 'POST', url: `/api/deadlines/${clockId}/extend`, headers, payload });
  const supervisor = h.auth('supervisor', COUNTY, 'director-3');

  const before = await h.store.headPosition();
  const answers = [
    await post(c.answer, h.auth('petition_officer', COUNTY), { days: 10, reason: '情况复杂' }),
    await post(c.answer, h.auth('court_liaison', COUNTY), { days: 10, reason: '情况复杂' }),
    await post(c.answer, supervisor, { days: 31, reason: '情况复杂' }),
    await post(c.hr, h.auth('supervisor', TOWNSHIP), { days: 3, reason: '部门请求' }),
    await post(c.otherAnswer, supervisor, { days: 10, reason: '情况复杂' }),
    await post(c.answer, supervisor, { days: 0, reason: '情况复杂' }),
    await post(c.answer, supervisor, { days: 10 }),
  ].map((r) => [r.statusCode, r.json().error]);
  t.same(answers, [
    [403, 'forbidden_role'], // petition officers approve nothing
    [409, 'approver_role'], // court liaisons approve court clocks, not petition answers (policy)
    [409, 'extension_exceeds_limit'], // art. 34: at most 30 days
    [409, 'extension_not_allowed'], // whistle report-in times are set by the caller, not extended
    [403, 'outside_jurisdiction'],
    [400, 'validation_failed'],
    [400, 'validation_failed'],
  ]);
  t.equal(await h.store.headPosition(), before, 'no refusal appended anything');

  const r = await post(c.answer, supervisor, { days: 20, reason: '情况复杂，需协调多个部门', notifiedAt: '2026-06-03T11:00:00+08:00', approvedBy: 'someone-else' });
  t.equal(r.statusCode, 200, r.body);
  const got = await h.app.inject({ method: 'GET', url: `/api/cases/${CASE_PETITION}/deadlines?minPosition=${r.json().position}`, headers: supervisor });
  t.match(
    got.json().items,
    [{ clockId: c.answer, status: 'running', dueDate: '2026-08-20', extensions: [{ days: 20, approvedBy: 'director-3', reason: '情况复杂，需协调多个部门' }] }],
    '07-31 + 20 days, approved by the caller (a body approvedBy is ignored)',
  );
  const [extended] = await h.store.readStream(deadlines.deadlineStream(c.answer));
  t.match(extended?.data, { days: 20, approvedBy: 'director-3', notifiedAt: '2026-06-03T11:00:00+08:00' });

  const leader = await post(c.answer, h.auth('responsible_leader', COUNTY), { days: 10, reason: '再延' });
  t.equal(leader.statusCode, 200, 'a responsible leader approves petition answers too (policy)');
  t.equal((await post(c.answer, supervisor, { days: 1, reason: '再延' })).json().error, 'extension_exceeds_limit', '20 + 10 used up the 30 days');
  const last = await h.app.inject({ method: 'GET', url: `/api/centers/${COUNTY}/deadlines?status=running&minPosition=${leader.json().position}`, headers: supervisor });
  t.match(
    last.json().items,
    [{ clockId: c.answer, dueDate: '2026-08-31', extensions: [{ approvedBy: 'director-3' }, { approvedBy: 'responsible_leader-230302' }] }],
    '07-31 + 30 = Sunday 08-30, due the next working day',
  );
});

t.test("role rules: supervisors and admins anywhere, each flow's officer on its own clocks", async (t) => {
  t.ok(mayPauseOrResume('supervisor', 'intake'));
  t.ok(mayPauseOrResume('admin', 'referral'));
  t.ok(mayPauseOrResume('mediator', 'mediation'));
  t.ok(mayPauseOrResume('court_liaison', 'referral'));
  t.ok(mayPauseOrResume('petition_officer', 'petition'));
  t.notOk(mayPauseOrResume('mediator', 'referral'));
  t.notOk(mayPauseOrResume('intake_clerk', 'intake'));
  t.notOk(mayPauseOrResume('command_viewer', 'petition'));
  t.ok(mayApproveExtensions('responsible_leader'));
  t.notOk(mayApproveExtensions('intake_clerk'));
  t.notOk(mayApproveExtensions('command_viewer'));
});
