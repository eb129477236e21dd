import t from 'tap';
import { auth, embedded, settle, TestClock } from './harness.js';

// Issue 13 over HTTP against the embedded runtime (every service, the deadline watcher and the views):
// listed supervision charged to the supervised unit, 按期办结 against the extended / paused due date,
// and the words people read (China time, names instead of codes, no 金额 0.00 元).
const township = '230302101';
const county = '230302';
const city = '230300';
const DAY = 86_400_000;

type Rt = Awaited<ReturnType<typeof embedded>>;
const post = async (rt: Rt, url: string, headers: Record<string, string>, payload: object) => {
  const r = await rt.app.inject({ method: 'POST', url, headers, payload });
  if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json();
};
const get = async (rt: Rt, url: string, headers: Record<string, string>) => (await rt.app.inject({ url, headers })).json();

const petitionBody = (matterKey: string) => ({
  areaCode: township,
  channel: 'letter',
  subjectArea: 'land_expropriation',
  title: '反映征地补偿款未足额发放',
  description: '信访人称征地补偿款被截留',
  matterKey,
  petitioners: [{ details: { name: '赵德明' } }],
});

t.test('listed supervision by the city is charged to the supervised township, and its miss too', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const officer = auth('petition_officer', township);
  const p = await post(rt, '/api/petitions', officer, petitionBody('红星村补偿款'));
  await post(rt, `/api/petitions/${p.petitionId}/accept`, officer, {});
  const listed = await post(rt, `/api/petitions/${p.petitionId}/list-supervision`, auth('supervisor', city), {
    dueAt: new Date(clock.at.getTime() + 5 * DAY).toISOString(),
    instructions: '限期五日化解',
  });
  t.ok(await rt.deadlines.reach(BigInt(listed.position), 5000));
  const clocks = await get(rt, `/api/cases/${p.caseCode}/deadlines`, officer);
  const supervision = clocks.items.find((c: { policyId: string }) => c.policyId === 'petition.listed-supervision');
  t.equal(supervision.centerCode, township, 'the clock belongs to the supervised unit, not the supervising city');
  const townshipList = await get(rt, `/api/centers/${township}/deadlines?status=running`, officer);
  t.ok(
    townshipList.items.some((c: { clockId: string }) => c.clockId === supervision.clockId),
    "it is in the township's own list",
  );

  clock.advanceDays(6);
  t.match(await rt.deadlines.tick(), { missed: 1 });
  const missed = (await rt.store.readStream(`deadline-${supervision.clockId}`)).find((e) => e.type === 'DeadlineMissed')!;
  t.equal((missed.data as { centerCode: string }).centerCode, township, 'the miss is charged to the township');
  await settle(rt);
  const timeline = await get(rt, `/api/cases/${p.caseCode}/timeline`, officer);
  const entry = timeline.entries.find((e: { type: string }) => e.type === 'PetitionListedForSupervision');
  t.match(entry.summary.zh, /^挂牌督办：鸡西市，督办对象鸡冠区演示一镇\(演示\)，期限 \d{4}-\d{2}-\d{2}$/, 'the summary names both units');
  const miss = timeline.entries.find((e: { type: string }) => e.type === 'DeadlineMissed');
  t.match(miss.summary.zh, /^超期：挂牌督办期限，到期日/, 'the clock by its name');
});

t.test('按期办结: an answer within an approved +30 extension, or after a pause, is on time; without either it is late', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const officer = auth('petition_officer', township);
  const director = auth('supervisor', township);
  const ids: string[] = [];
  for (const key of ['甲事项', '乙事项', '丙事项']) {
    const p = await post(rt, '/api/petitions', officer, petitionBody(key));
    const accepted = await post(rt, `/api/petitions/${p.petitionId}/accept`, officer, {});
    t.ok(await rt.deadlines.reach(BigInt(accepted.position), 5000));
    ids.push(p.petitionId);
  }
  const [extended, paused, plain] = ids as [string, string, string];
  await post(rt, `/api/deadlines/petition.answer:${extended}/extend`, director, { days: 30, reason: '情况复杂，需协调多个部门' });
  clock.advanceDays(10);
  await post(rt, `/api/deadlines/petition.answer:${paused}/pause`, director, { reason: 'hearing', note: '听证' });
  clock.advanceDays(20);
  await post(rt, `/api/deadlines/petition.answer:${paused}/resume`, director, { note: '听证结束' });
  clock.advanceDays(45); // day 75 after acceptance: past 60, within 60 + 20 paused and within 60 + 30 extended
  let last = 0;
  for (const id of ids) last = (await post(rt, `/api/petitions/${id}/answer`, officer, { text: '书面答复' })).position;
  await settle(rt);
  for (const center of [township, county, city]) {
    const ind = await get(rt, `/api/centers/${center}/indicators`, auth('supervisor', center));
    t.match(ind.onTimeClosure.petitions, { numerator: 2, denominator: 3 }, `${center}: the extended and the paused answers are on time, the plain one late`);
  }
  const clocks = await get(rt, `/api/cases/${(await get(rt, `/api/petitions/${plain}`, officer)).caseCode}/deadlines?minPosition=${last}`, officer);
  t.match(
    clocks.items.find((c: { policyId: string }) => c.policyId === 'petition.answer'),
    { status: 'met_late' },
    'the clock agrees: the plain answer was late',
  );
});

t.test('words people read: China-time days, names instead of codes, no amount line without an amount', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const clerk = auth('intake_clerk', township);
  const reg = await post(rt, '/api/disputes', clerk, {
    areaCode: `${township}001`,
    category: 'labour',
    source: 'party_application',
    title: '拖欠工资纠纷',
    description: '工人反映工资未结清',
    parties: [
      { role: 'applicant', details: { name: '孙建华' } },
      { role: 'respondent', details: { name: '周海燕' } },
    ],
  });
  const caseId: string = reg.caseId;
  await post(rt, `/api/disputes/${caseId}/accept`, clerk, {});
  const refused = await rt.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
  t.match(refused.json().message, /^案件状态为「[^a-z]+」/, 'a status in words inside the Chinese message');
  // 17:00 UTC on 3 March is 01:00 on 4 March in China: every summary says the 4th.
  await post(rt, `/api/disputes/${caseId}/whistle`, clerk, {
    departments: [
      { code: 'hrss', name: '人社局' },
      { code: 'housing', name: '住建局' },
    ],
    reportInDueAt: '2026-03-03T17:00:00Z',
    reason: '拖欠工资需部门报到',
  });
  const view = await get(rt, `/api/disputes/${caseId}`, clerk);
  await post(rt, `/api/disputes/${caseId}/report-in`, auth('department_liaison', county), { whistleId: view.whistles[0].whistleId, departmentCode: 'hrss', note: '已派员' });
  await post(rt, `/api/disputes/${caseId}/route`, clerk, { mode: 'handle_here', dueAt: '2026-03-20T17:00:00Z' });
  clock.advanceDays(3);
  t.match(await rt.deadlines.tick(), { missed: 1 });
  const mediation = await post(rt, '/api/mediations', auth('supervisor', township), { caseId, organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  await post(rt, `/api/mediations/${mediation.mediationId}/assign-mediator`, auth('supervisor', township), { mediatorId: 'med-01' });
  const mediator = auth('mediator', township, 'med-01');
  await post(rt, `/api/mediations/${mediation.mediationId}/record-session`, mediator, { heldAt: clock.now().toISOString(), attendees: [{ kind: 'role', role: 'mediator' }], notes: '双方陈述' });
  await post(rt, `/api/mediations/${mediation.mediationId}/reach-agreement`, mediator, {
    terms: '用人单位当面致歉',
    signedAt: clock.now().toISOString(),
    performanceDeadline: new Date(clock.at.getTime() + 10 * DAY).toISOString(),
  });
  await settle(rt);

  const timeline = await get(rt, `/api/cases/${reg.caseCode}/timeline`, clerk);
  const summary = (type: string) => timeline.entries.find((e: { type: string }) => e.type === type)?.summary.zh as string;
  t.equal(summary('WhistleBlown'), '吹哨：人社局、住建局，报到期限 2026-03-04');
  t.equal(summary('DeadlineMissed'), '超期：吹哨部门报到，到期日 2026-03-04', 'the missed event and the whistle agree on the day');
  t.equal(summary('DepartmentReportedIn'), '部门报到：人社局');
  t.equal(summary('DisputeTakenOn'), '本级办理（鸡冠区演示一镇(演示)），期限 2026-03-21');
  t.equal(summary('MediationAgreementReached'), '达成调解协议', 'no "金额 0.00 元" when no amount was agreed');
  for (const e of timeline.entries as { summary: { zh: string } }[]) t.notMatch(e.summary.zh, /[a-z]+[._-][a-z]+|\d{9}/, `no code inside: ${e.summary.zh}`);
});

t.test('supervision of a dispute from above: 挂牌督办, 约谈 and 通报 are charged to the center holding it', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const clerk = auth('intake_clerk', township);
  const reg = await post(rt, '/api/disputes', clerk, {
    areaCode: `${township}001`,
    category: 'land_expropriation',
    source: 'party_application',
    title: '征地补偿纠纷',
    description: '补偿标准争议',
    parties: [{ role: 'applicant', details: { name: '刘大海' } }],
  });
  await post(rt, `/api/disputes/${reg.caseId}/accept`, clerk, {});
  await post(rt, `/api/disputes/${reg.caseId}/route`, clerk, { mode: 'handle_here', dueAt: new Date(clock.at.getTime() + 30 * DAY).toISOString() });
  const own = await rt.app.inject({
    method: 'POST',
    url: `/api/disputes/${reg.caseId}/list-supervision`,
    headers: auth('supervisor', township),
    payload: { dueAt: new Date(clock.at.getTime() + 5 * DAY).toISOString(), instructions: 'x' },
  });
  t.equal(own.json().error, 'not_a_supervising_center', 'the holding center does not supervise itself');
  const cityDirector = auth('supervisor', city);
  const listed = await post(rt, `/api/disputes/${reg.caseId}/list-supervision`, cityDirector, { dueAt: new Date(clock.at.getTime() + 5 * DAY).toISOString(), instructions: '限期五日化解' });
  await post(rt, `/api/disputes/${reg.caseId}/interview`, auth('supervisor', county), { interviewee: '镇党委书记', heldAt: clock.now().toISOString(), minutes: '督促落实包案责任' });
  await post(rt, `/api/disputes/${reg.caseId}/circulate-notice`, cityDirector, { scope: '全市', summary: '化解进度滞后' });
  t.ok(await rt.deadlines.reach(BigInt(listed.position), 5000));
  const clocks = await get(rt, `/api/cases/${reg.caseCode}/deadlines`, clerk);
  t.match(
    clocks.items.find((c: { policyId: string }) => c.policyId === 'intake.listed-supervision'),
    { centerCode: township },
    'the clock is the township’s',
  );
  const view = await get(rt, `/api/disputes/${reg.caseId}`, clerk);
  t.match(view.supervisions, [{ supervisingCenter: city, supervisedCenter: township, lifted: false }]);
  await settle(rt);
  const timeline = await get(rt, `/api/cases/${reg.caseCode}/timeline`, clerk);
  const summary = (type: string) => timeline.entries.find((e: { type: string }) => e.type === type)?.summary.zh;
  t.equal(summary('DisputeInterviewHeld'), '约谈：鸡冠区约谈鸡冠区演示一镇(演示)镇党委书记（2026-03-02）');
  t.equal(summary('DisputeNoticeCirculated'), '通报：鸡冠区演示一镇(演示)（全市）');
});
