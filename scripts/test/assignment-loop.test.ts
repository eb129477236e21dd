import t from 'tap';
import { auth, embedded, settle, TestClock } from './harness.js';

// Issue 13 §2 over HTTP against the embedded runtime: 交办 → 签收 → 办结报告 → 验收 / 重办, 退回 within the
// window, a card for a missed sign-for (deadline watcher → reactions), and the whistle's release and sign-off.
const township = '230302101';
const county = '230302';
const DAY = 86_400_000;

type Rt = Awaited<ReturnType<typeof embedded>>;
const inject = (rt: Rt, url: string, headers: Record<string, string>, payload: object) => rt.app.inject({ method: 'POST', url, headers, payload });
const post = async (rt: Rt, url: string, headers: Record<string, string>, payload: object) => {
  const r = await inject(rt, url, headers, payload);
  if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json();
};
const get = async (rt: Rt, url: string, headers: Record<string, string>) => (await rt.app.inject({ url, headers })).json();

/** A dispute the county registered and accepted, assigned down to the township. */
async function assigned(rt: Rt, clock: TestClock, extra: object = {}) {
  const countyClerk = auth('intake_clerk', county);
  const reg = await post(rt, '/api/disputes', countyClerk, {
    areaCode: `${township}001`,
    category: 'neighbours',
    source: 'hotline_12345',
    title: '邻里噪音纠纷',
    description: '楼上夜间施工噪音',
    parties: [{ role: 'applicant', details: { name: '李红梅' } }],
  });
  await post(rt, `/api/disputes/${reg.caseId}/accept`, countyClerk, {});
  await post(rt, `/api/disputes/${reg.caseId}/assign-down`, auth('supervisor', county), { toCenter: township, dueAt: new Date(clock.at.getTime() + 10 * DAY).toISOString(), ...extra });
  return reg as { caseId: string; caseCode: string };
}

t.test('交办 → 签收 → 办结报告 → 重办 → 办结报告 → 验收通过', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z')); // a Monday
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const { caseId } = await assigned(rt, clock);
  const clerk = auth('intake_clerk', township);
  const director = auth('supervisor', county);
  const report = { outcome: 'resolved', measures: '约谈施工方，调整施工时间', satisfaction: 'satisfied' };

  const early = await inject(rt, `/api/disputes/${caseId}/report-completion`, clerk, report);
  t.equal(early.json().error, 'not_signed_for', 'no report before signing for it');
  const wrongCenter = await inject(rt, `/api/disputes/${caseId}/sign-for`, auth('intake_clerk', county), {});
  t.equal(wrongCenter.json().error, 'not_assigned_center', 'the assigning county does not sign for its own assignment');
  t.match(wrongCenter.json().message, /鸡冠区演示一镇/, 'the refusal names the receiving center');
  t.equal((await inject(rt, `/api/disputes/${caseId}/sign-for`, auth('intake_clerk', '230302102'), {})).statusCode, 403, 'a neighbouring township cannot');

  await post(rt, `/api/disputes/${caseId}/sign-for`, clerk, { note: '已签收' });
  await post(rt, `/api/disputes/${caseId}/report-completion`, clerk, report);
  t.equal((await inject(rt, `/api/disputes/${caseId}/sign-off`, auth('supervisor', township), {})).json().error, 'not_assigning_center', 'the receiver does not sign off its own report');
  await post(rt, `/api/disputes/${caseId}/rework`, director, { reason: '未回访当事人', dueAt: new Date(clock.at.getTime() + 5 * DAY).toISOString() });
  let view = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.match(view.assignment, { stage: 'handling', reworkRounds: 1, fromCenter: county, toCenter: township });
  await post(rt, `/api/disputes/${caseId}/report-completion`, clerk, report);
  const signedOff = await post(rt, `/api/disputes/${caseId}/sign-off`, director, { note: '验收通过' });
  view = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.match(view, { status: 'closed', assignment: { stage: 'signed_off' } }, 'sign-off closes the case');

  await settle(rt);
  t.ok(await rt.deadlines.reach(BigInt(signedOff.position), 5000));
  const clocks = await get(rt, `/api/cases/${view.caseCode}/deadlines`, clerk);
  const status = (policyId: string) => clocks.items.filter((c: { policyId: string }) => c.policyId === policyId).map((c: { status: string }) => c.status);
  t.same(status('intake.assignment-sign-for'), ['met']);
  t.same(status('intake.assign-down'), ['met'], 'the completion report met the assignment');
  t.same(status('intake.assignment-rework'), ['met']);
  const timeline = await get(rt, `/api/cases/${view.caseCode}/timeline`, clerk);
  const types = timeline.entries.map((e: { type: string }) => e.type);
  t.same(
    types.filter((x: string) => /Assign|Completion|Rework|Closed/.test(x)),
    ['DisputeAssignedDown', 'DisputeAssignmentSignedFor', 'DisputeCompletionReported', 'DisputeReturnedForRework', 'DisputeCompletionReported', 'DisputeAssignmentSignedOff', 'DisputeClosed'],
  );
  t.equal(timeline.entries.find((e: { type: string }) => e.type === 'DisputeAssignmentSignedFor').summary.zh, '签收交办：鸡冠区演示一镇(演示)');
});

t.test('退回 with a reason within the window returns the case to the assigning center’s queue; after it, it is refused', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const clerk = auth('intake_clerk', township);
  const late = await assigned(rt, clock, { sendBackWithinWorkingDays: 2 });
  const inTime = await assigned(rt, clock, { sendBackWithinWorkingDays: 5 });
  const bad = await inject(rt, `/api/disputes/${inTime.caseId}/send-back`, clerk, { reason: 'because', explanation: 'x' });
  t.same(
    bad.json().details.map((d: { path: string }) => d.path),
    ['body.reason'],
    'the reason comes from the list',
  );
  clock.advanceDays(4); // Friday: 4 working days after Monday
  const refused = await inject(rt, `/api/disputes/${late.caseId}/send-back`, clerk, { reason: 'wrong_area', explanation: '不属本辖区' });
  t.equal(refused.json().error, 'send_back_window_closed', 'beyond the 2 working days this assignment allowed');
  const sent = await post(rt, `/api/disputes/${inTime.caseId}/send-back`, clerk, { reason: 'needs_higher_tier', explanation: '涉及跨乡镇，需区级协调' });
  const view = await get(rt, `/api/disputes/${inTime.caseId}`, auth('supervisor', county));
  t.match(view, { status: 'accepted', handlingCenter: county, assignment: { stage: 'sent_back' } }, 'back with the county, awaiting its routing');
  t.equal(
    (await inject(rt, `/api/disputes/${inTime.caseId}/report-completion`, clerk, { outcome: 'resolved', measures: 'x', satisfaction: 'not_asked' })).statusCode,
    403,
    'the township holds it no more',
  );
  const queue = await get(rt, `/api/centers/${county}/cases?status=accepted&minPosition=${sent.position}`, auth('supervisor', county));
  t.ok(JSON.stringify(queue).includes(inTime.caseCode), "it is in the county's queue");
  await settle(rt);
  const timeline = await get(rt, `/api/cases/${inTime.caseCode}/timeline`, clerk);
  t.equal(timeline.entries.find((e: { type: string }) => e.type === 'DisputeAssignmentSentBack').summary.zh, '退回交办：鸡冠区演示一镇(演示) → 鸡冠区（需上级处理）');
});

t.test('a missed sign-for earns the receiving township a yellow card, a second miss a red one', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const { caseId, caseCode } = await assigned(rt, clock);
  clock.advanceDays(2);
  await settle(rt);
  t.match(await rt.deadlines.tick(), { missed: 1 });
  await settle(rt);
  let view = await get(rt, `/api/disputes/${caseId}`, auth('supervisor', county));
  t.match(view.assignment.cards, [{ card: 'yellow', step: 'intake.assignment-sign-for' }]);
  // Signed for late; the completion deadline passes without a report: a second miss, a red card.
  await post(rt, `/api/disputes/${caseId}/sign-for`, auth('intake_clerk', township), {});
  clock.advanceDays(10);
  await settle(rt);
  t.match(await rt.deadlines.tick(), { missed: 1 });
  await settle(rt);
  view = await get(rt, `/api/disputes/${caseId}`, auth('supervisor', county));
  t.match(view.assignment.cards, [{ card: 'yellow' }, { card: 'red', step: 'intake.assign-down' }]);
  const timeline = await get(rt, `/api/cases/${caseCode}/timeline`, auth('supervisor', county));
  const cards = timeline.entries.filter((e: { type: string }) => e.type === 'DisputeCardIssued').map((e: { summary: { zh: string } }) => e.summary.zh);
  t.same(cards, ['黄牌：鸡冠区演示一镇(演示)，交办签收超期', '红牌：鸡冠区演示一镇(演示)，交办期限超期']);
});

t.test('whistle: one department reports in, another asks to be released; the whistling center decides and signs off', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const clerk = auth('intake_clerk', township);
  const reg = await post(rt, '/api/disputes', clerk, {
    areaCode: `${township}001`,
    category: 'labour',
    source: 'party_application',
    title: '欠薪纠纷',
    description: '工资未结清',
    parties: [{ role: 'applicant', details: { name: '王强' } }],
  });
  await post(rt, `/api/disputes/${reg.caseId}/accept`, clerk, {});
  await post(rt, `/api/disputes/${reg.caseId}/whistle`, clerk, {
    departments: [
      { code: 'hrss', name: '人社局' },
      { code: 'housing', name: '住建局' },
    ],
    reportInDueAt: new Date(clock.at.getTime() + 3 * DAY).toISOString(),
    reason: '需部门报到',
  });
  const whistleId = (await get(rt, `/api/disputes/${reg.caseId}`, clerk)).whistles[0].whistleId;
  const liaison = auth('department_liaison', county);
  await post(rt, `/api/disputes/${reg.caseId}/report-in`, liaison, { whistleId, departmentCode: 'hrss' });
  t.equal((await inject(rt, `/api/disputes/${reg.caseId}/sign-off-whistle`, clerk, { whistleId })).json().error, 'departments_pending');
  await post(rt, `/api/disputes/${reg.caseId}/request-release`, liaison, { whistleId, departmentCode: 'housing', reason: '不涉及住建职责' });
  t.equal(
    (await inject(rt, `/api/disputes/${reg.caseId}/decide-release`, auth('supervisor', county), { whistleId, departmentCode: 'housing', approve: true })).json().error,
    'not_whistling_center',
    'the whistling township decides, not the county',
  );
  const decided = await post(rt, `/api/disputes/${reg.caseId}/decide-release`, clerk, { whistleId, departmentCode: 'housing', approve: true, note: '同意退出' });
  await post(rt, `/api/disputes/${reg.caseId}/sign-off-whistle`, clerk, { whistleId, note: '报到完成' });
  t.match((await get(rt, `/api/disputes/${reg.caseId}`, clerk)).whistles[0], { pending: [], released: ['housing'], signedOff: true });
  t.ok(await rt.deadlines.reach(BigInt(decided.position), 5000));
  const clocks = await get(rt, `/api/cases/${reg.caseCode}/deadlines`, clerk);
  t.same(
    clocks.items.map((c: { clockId: string; status: string }) => [c.clockId.split(':').at(-1), c.status]).sort(),
    [
      ['housing', 'cancelled'],
      ['hrss', 'met'],
    ],
    'the released department owes no report-in',
  );
  await settle(rt);
  const timeline = await get(rt, `/api/cases/${reg.caseCode}/timeline`, clerk);
  const summaries = timeline.entries.map((e: { summary: { zh: string } }) => e.summary.zh);
  t.ok(summaries.includes('部门申请退出：住建局') && summaries.includes('准予退出：住建局') && summaries.includes('吹哨验收'));
  const board = await get(rt, `/api/centers/${township}/whistles?all=true`, clerk);
  t.match(JSON.stringify(board), /releasedDepartments/);
});
