import t from 'tap';
import { intakeTestApp, registrationBody, SEEDED_PERSON } from '../testing.js';

const township = '230302101';
const grid = '230302101001';

t.test('register, read back with an ETag, and walk the flow to a follow-up visit', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const reg = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() });
  t.equal(reg.statusCode, 201, reg.body);
  const { caseId, caseCode, revision, position } = reg.json();
  t.match(caseCode, new RegExp(`^${township}-\\d{4}-000001$`), 'the first case of the year at this center');
  t.equal(revision, 0);
  t.ok(position > 0);
  t.equal(reg.headers.location, `/api/disputes/${caseId}`);

  const got = await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk });
  t.equal(got.statusCode, 200);
  t.equal(got.headers.etag, '"0"');
  const view = got.json();
  t.match(view, { caseCode, status: 'registered', areaCode: grid, handlingCenter: township, category: 'neighbours' });
  t.equal(view.parties[0].name, SEEDED_PERSON.name, 'a clerk sees the full name');
  t.equal(view.parties[0].idNumber, SEEDED_PERSON.idNumber);

  const viewer = await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: h.auth('command_viewer', '230300') });
  t.equal(viewer.statusCode, 200, 'the city sees cases of its townships');
  t.equal(viewer.json().parties[0].name, '王**', 'the command center sees names masked');
  t.equal(viewer.json().parties[0].phone, '139****1234');
  t.notOk(viewer.json().parties[0].address, 'and no address');
  t.equal(viewer.json().description, '[受限 restricted]');

  const steps: [string, object, number][] = [
    ['accept', {}, 1],
    ['assess-risk', { indicators: { partyCount: 2 } }, 2],
    ['route', { mode: 'handle_here' }, 3],
    ['close', { outcome: 'resolved', summary: '双方达成和解' }, 4],
    ['follow-up', { satisfaction: 'satisfied', method: 'phone' }, 5],
  ];
  let lastPosition = position;
  for (const [cmd, body, rev] of steps) {
    const r = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/${cmd}`, headers: { ...clerk, 'if-match': `"${rev - 1}"` }, payload: body });
    t.equal(r.statusCode, 200, `${cmd}: ${r.body}`);
    t.equal(r.json().revision, rev);
    t.ok(r.json().position > lastPosition, 'positions move forward');
    lastPosition = r.json().position;
    t.equal(r.headers.etag, `"${rev}"`);
  }
  const end = await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk });
  t.match(end.json(), { status: 'followed_up', risk: 'green', revision: 5 });
});

t.test('bad input: 400 naming every invalid field, and nothing appended', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const before = await h.store.headPosition();
  const bad = await h.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: clerk,
    payload: registrationBody({ category: 'gossip', title: '', parties: [{ role: 'applicant', details: { name: '', idNumber: '123', phone: 'abc' } }] }),
  });
  t.equal(bad.statusCode, 400);
  const paths = bad
    .json()
    .details.map((d: { path: string }) => d.path)
    .sort();
  t.same(paths, ['body.category', 'body.parties.0.details.idNumber', 'body.parties.0.details.name', 'body.parties.0.details.phone', 'body.title'], 'every invalid field is listed');
  t.notOk(bad.body.includes('123') && bad.body.includes('abc'), 'the answer does not echo the bad values');

  const malformed = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: { ...clerk, 'content-type': 'application/json' }, payload: '{"areaCode": ' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().error, 'malformed_json');

  const unknownArea = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody({ areaCode: '230302999' }) });
  t.equal(unknownArea.statusCode, 400);
  t.same(unknownArea.json().details, [{ path: 'body.areaCode', message: unknownArea.json().details[0].message }]);

  const unknownCase = await h.app.inject({ method: 'POST', url: '/api/disputes/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11/accept', headers: clerk, payload: {} });
  t.equal(unknownCase.statusCode, 404);
  const badId = await h.app.inject({ method: 'GET', url: '/api/disputes/not-a-uuid', headers: clerk });
  t.equal(badId.statusCode, 400);
  t.equal(badId.json().details[0].path, 'params.caseId');
  t.equal(await h.store.headPosition(), before, 'no event was appended by any of them');
});

t.test('illegal transitions answer 409 with the domain reason and append nothing', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
  const head = await h.store.headPosition();
  const r = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/close`, headers: clerk, payload: { outcome: 'resolved', summary: 'x' } });
  t.equal(r.statusCode, 409);
  t.equal(r.json().error, 'not_in_progress');
  t.equal(await h.store.headPosition(), head);
});

t.test('If-Match: a stale revision answers 412 and appends nothing', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
  await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
  const head = await h.store.headPosition();
  const stale = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/route`, headers: { ...clerk, 'if-match': '"0"' }, payload: { mode: 'handle_here' } });
  t.equal(stale.statusCode, 412);
  t.equal(await h.store.headPosition(), head);
  const fresh = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/route`, headers: { ...clerk, 'if-match': '"1"' }, payload: { mode: 'handle_here' } });
  t.equal(fresh.statusCode, 200);
  const garbage = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/close`, headers: { ...clerk, 'if-match': 'yesterday' }, payload: { outcome: 'resolved', summary: 'x' } });
  t.equal(garbage.statusCode, 400);
});

t.test('Idempotency-Key: a retry returns the first answer and appends nothing', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = { ...h.auth('intake_clerk', township), 'idempotency-key': 'reg-2026-0001' };
  const first = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() });
  const head = await h.store.headPosition();
  const again = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() });
  t.equal(again.statusCode, 201);
  t.same(again.json(), first.json(), 'the same case, code, revision and position');
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  const reused = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody({ title: '另一件事' }) });
  t.equal(reused.statusCode, 422, 'the key reused for a different command');

  const { caseId } = first.json();
  const acceptHeaders = { ...h.auth('intake_clerk', township), 'idempotency-key': 'accept-1' };
  const a1 = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: acceptHeaders, payload: {} });
  const a2 = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: acceptHeaders, payload: {} });
  t.equal(a1.statusCode, 200);
  t.equal(a2.statusCode, 200, 'a retried accept is not a 409');
  t.same(a2.json(), a1.json());
  t.equal((await h.store.readStream(`dispute-${caseId}`)).length, 2, 'one registration, one acceptance');
});

t.test('jurisdiction and roles', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: h.auth('intake_clerk', township), payload: registrationBody() })).json();
  const head = await h.store.headPosition();
  const neighbour = h.auth('intake_clerk', '230302102');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: neighbour })).statusCode, 404, 'a neighbouring township cannot read it');
  t.equal((await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: neighbour, payload: {} })).statusCode, 403, 'nor act on it');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: h.auth('supervisor', '230303') })).statusCode, 404, 'nor can another county');
  t.equal((await h.app.inject({ method: 'POST', url: '/api/disputes', headers: neighbour, payload: registrationBody() })).statusCode, 403, 'nobody registers in an area that is not theirs');
  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: h.auth('department_liaison', township), payload: {} })).statusCode,
    403,
    'a department liaison cannot accept',
  );
  t.equal((await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: h.auth('supervisor', '230302'), payload: {} })).statusCode, 200, 'the county above may act');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}` })).statusCode, 401, 'no token → 401');
  t.ok((await h.store.headPosition()) === head + 1n, 'only the county acceptance was appended');
});

t.test('whistle and report-in over HTTP', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody({ category: 'labour' }) })).json();
  await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
  const due = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const w = await h.app.inject({
    method: 'POST',
    url: `/api/disputes/${caseId}/whistle`,
    headers: clerk,
    payload: { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: due, reason: '拖欠农民工工资' },
  });
  t.equal(w.statusCode, 200, w.body);
  const state = (await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.equal(state.whistles.length, 1);
  t.same(state.whistles[0].pending, ['hrss']);
  const liaison = h.auth('department_liaison', '230302');
  const r = await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/report-in`, headers: liaison, payload: { whistleId: state.whistles[0].whistleId, departmentCode: 'hrss' } });
  t.equal(r.statusCode, 200, r.body);
  const after = (await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.same(after.whistles[0].pending, []);
});

t.test('route to mediation over HTTP: the mode and its alias; system-only reports have no route', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const register = async () => {
    const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
    await h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
    return caseId as string;
  };
  const a = await register();
  const viaRoute = await h.app.inject({
    method: 'POST',
    url: `/api/disputes/${a}/route`,
    headers: clerk,
    payload: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会' },
  });
  t.equal(viaRoute.statusCode, 200, viaRoute.body);
  const stored = await h.store.readStream(`dispute-${a}`);
  t.match(stored.at(-1), { type: 'DisputeRoutedToMediation', data: { organisationKind: 'peoples_mediation_committee', centerCode: township } });
  t.match((await h.app.inject({ method: 'GET', url: `/api/disputes/${a}`, headers: clerk })).json(), {
    status: 'in_progress',
    inMediation: true,
    awaitingReferral: false,
    mediations: [],
    petitions: [],
  });
  const again = await h.app.inject({ method: 'POST', url: `/api/disputes/${a}/mediate`, headers: clerk, payload: { organisationKind: 'administrative', organisationName: '司法所' } });
  t.equal(again.statusCode, 409);
  t.equal(again.json().error, 'already_in_mediation');

  const b = await register();
  const viaAlias = await h.app.inject({ method: 'POST', url: `/api/disputes/${b}/mediate`, headers: clerk, payload: { organisationKind: 'court_invited', organisationName: '特邀调解组织' } });
  t.equal(viaAlias.statusCode, 200, viaAlias.body);
  const bad = await h.app.inject({ method: 'POST', url: `/api/disputes/${b}/mediate`, headers: clerk, payload: { organisationKind: 'friends', organisationName: '' } });
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .details.map((d: { path: string }) => d.path)
      .sort(),
    ['body.organisationKind', 'body.organisationName'],
  );
  const report = await h.app.inject({ method: 'POST', url: `/api/disputes/${b}/link-petition`, headers: h.auth('admin', township), payload: {} });
  t.equal(report.statusCode, 404, 'reports from other flows come only from the reactions');
});

t.test('case codes: no gaps and no duplicates under concurrent registration', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const answers = await Promise.all(Array.from({ length: 40 }, () => h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })));
  t.ok(answers.every((a) => a.statusCode === 201));
  const seqs = answers.map((a) => Number(a.json().caseCode.split('-')[2])).sort((a, b) => a - b);
  t.same(
    seqs,
    Array.from({ length: 40 }, (_, i) => i + 1),
    'exactly 1..40',
  );
  const other = await h.app.inject({ method: 'POST', url: '/api/disputes', headers: h.auth('intake_clerk', '230302102'), payload: registrationBody({ areaCode: '230302102' }) });
  t.match(other.json().caseCode, /^230302102-\d{4}-000001$/, 'each center numbers its own cases');
});

t.test('personal data never reaches the logs', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: registrationBody() })).json();
  await h.app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk });
  await h.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: clerk,
    payload: registrationBody({ category: 'bad', parties: [{ role: 'applicant', details: { ...SEEDED_PERSON, idNumber: `x${SEEDED_PERSON.idNumber}` } }] }),
  });
  await h.app.inject({ method: 'POST', url: '/api/disputes', headers: { ...clerk, 'content-type': 'application/json' }, payload: `{"name":"${SEEDED_PERSON.name}",` });
  t.ok(h.logLines.length > 5, 'requests were logged');
  const all = h.logLines.join('\n');
  for (const [field, value] of Object.entries(SEEDED_PERSON)) t.notOk(all.includes(value), `${field} is not in any log line`);
  t.notOk(all.includes('李建国'), 'nor the respondent');
});
