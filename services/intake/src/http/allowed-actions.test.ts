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
