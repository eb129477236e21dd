import t from 'tap';
import { intakeTestApp, registrationBody } from '../testing.js';

const township = '230302101';

t.test('a dispute answers the actions its caller may take now, derived from authorization and the decider', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
  const allowed = async (role: Parameters<typeof h.auth>[0], center: string) => {
    const r = await h.app.inject({ url: `/api/disputes/${caseId}`, headers: h.auth(role, center) });
    return { actions: r.json().allowedActions as string[], revision: r.json().revision as number };
  };

  const registered = await allowed('intake_clerk', township);
  t.same(registered.actions, ['accept', 'decline', 'assess-risk'], 'a registered case: accept, decline or assess');
  t.equal(registered.revision, 0, 'the dry run appended nothing');
  t.same((await allowed('department_liaison', '230302')).actions, [], 'a liaison has nothing to do before a whistle');
  t.same((await allowed('command_viewer', '230300')).actions, [], 'the command center only watches');

  await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
  const accepted = (await allowed('intake_clerk', township)).actions;
  t.notOk(accepted.includes('accept'), 'accept is gone once accepted');
  for (const a of ['route', 'escalate', 'whistle', 'mediate', 'close']) t.ok(accepted.includes(a), `${a} offered on an accepted case`);
  t.notOk(accepted.includes('assign-down'), 'a township has no center below it to assign down to');
  t.notOk(accepted.includes('report-in'), 'no report-in without a whistle');
  t.notOk(accepted.includes('follow-up'), 'no follow-up before closing');

  await h.app.inject({
    method: 'POST',
    url: `/api/disputes/${caseId}/whistle`,
    headers: clerk,
    payload: { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: new Date(Date.now() + 86_400_000).toISOString(), reason: '需报到' },
  });
  t.same((await allowed('department_liaison', '230302')).actions, ['report-in'], 'a whistled department’s liaison may report in, nothing else');
  const county = (await allowed('supervisor', '230302')).actions;
  t.ok(county.includes('report-in'), 'the director may too');
  t.notOk(county.includes('route'), 'but may not route a case the township holds (the decider says so)');
});

t.test('the assignment loop and supervision from above are offered to whom and when the decider allows', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const director = h.auth('supervisor', '230302');
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
  const post = async (path: string, headers: Record<string, string>, payload: object) => {
    const r = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/${path}`, headers, payload });
    t.ok(r.statusCode < 300, `${path} → ${r.statusCode} ${r.statusCode >= 300 ? r.body : ''}`);
  };
  const allowed = async (headers: Record<string, string>) => (await h.app.inject({ url: `/api/disputes/${caseId}`, headers })).json().allowedActions as string[];
  await post('accept', clerk, {});
  await post('escalate', clerk, { reason: '需区级协调' });
  await post('assign-down', director, { toCenter: township, dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });

  const receiving = await allowed(clerk);
  t.ok(receiving.includes('sign-for') && receiving.includes('send-back'), 'the receiving township may sign for it or send it back');
  t.notOk(receiving.includes('sign-off'), 'but not sign off its own work');
  const above = await allowed(director);
  t.ok(above.includes('list-supervision') && above.includes('circulate-notice'), 'the county above may supervise the case the township holds');
  t.notOk(above.includes('sign-for'), 'the assigning county does not sign for its own assignment');

  await post('sign-for', clerk, {});
  await post('report-completion', clerk, { outcome: 'resolved', measures: '约谈施工方', satisfaction: 'satisfied' });
  const review = await allowed(director);
  t.ok(review.includes('sign-off') && review.includes('rework'), 'once reported, the county may sign off or return it for rework');
  t.notOk((await allowed(clerk)).includes('report-completion'), 'the report is not offered twice');
});
