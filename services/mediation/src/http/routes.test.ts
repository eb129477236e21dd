import t from 'tap';
import { mediationTestApp, SEEDED_PERSON, SESSION_SECRET } from '../testing.js';

const township = '230302101';
const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const openBody = (caseId: string) => ({ caseId, organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会', plannedEndAt: future(30) });

t.test('open a file for a dispute and walk it to an agreement, its performance and closing', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const opened = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody(d.caseId) });
  t.equal(opened.statusCode, 201, opened.body);
  const { mediationId, caseCode, revision, position } = opened.json();
  t.equal(caseCode, d.caseCode, 'the file carries the dispute’s case code');
  t.equal(revision, 0);
  t.ok(position > 0);
  t.equal(opened.headers.location, `/api/mediations/${mediationId}`);

  const first = await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: director });
  t.equal(first.statusCode, 200);
  t.equal(first.headers.etag, '"0"');
  t.match(first.json(), { status: 'opened', caseId: d.caseId, areaCode: '230302101001', handlingCenter: township, category: 'neighbours', organisationKind: 'peoples_mediation_committee' });
  t.same(
    first
      .json()
      .parties.map((p: { personId: string }) => p.personId)
      .sort(),
    [d.applicant, d.respondent].sort(),
    'parties by reference only',
  );

  const mediator = h.auth('mediator', township, 'med-1');
  const steps: [string, Record<string, string>, object][] = [
    ['assign-mediator', director, { mediatorId: 'med-1' }],
    [
      'record-session',
      mediator,
      {
        heldAt: past(60),
        attendees: [
          { kind: 'party', personId: d.applicant },
          { kind: 'party', personId: d.respondent },
          { kind: 'role', role: 'mediator' },
        ],
        notes: SESSION_SECRET,
      },
    ],
    ['note-progress', mediator, { note: '双方同意再次协商' }],
    [
      'extend',
      mediator,
      {
        consents: [
          { personId: d.applicant, consentedAt: past(30) },
          { personId: d.respondent, consentedAt: past(20) },
        ],
        newEndAt: future(45),
        reason: '需等待维修报价',
      },
    ],
    [
      'reach-agreement',
      mediator,
      {
        terms: '孙立军赔偿维修费3500元',
        amounts: [{ label: '维修费', amountFen: 350000, payerPersonId: d.respondent, payeePersonId: d.applicant }],
        signedAt: past(5),
        performanceDeadline: future(10),
      },
    ],
    ['record-performance', mediator, { status: 'partial', checkedAt: past(1) }],
    ['record-performance', mediator, { status: 'full', checkedAt: past(0) }],
    ['close', mediator, {}],
  ];
  let rev = 0;
  let last = position;
  for (const [cmd, headers, body] of steps) {
    const r = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/${cmd}`, headers: { ...headers, 'if-match': `"${rev}"` }, payload: body });
    t.equal(r.statusCode, 200, `${cmd}: ${r.body}`);
    t.equal(r.json().revision, ++rev);
    t.ok(r.json().position > last, 'positions move forward');
    last = r.json().position;
  }
  const end = await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: mediator });
  t.equal(end.headers.etag, `"${rev}"`);
  const v = end.json();
  t.match(v, { status: 'closed', mediatorId: 'med-1', performanceStatus: 'full', closed: { outcome: 'agreement' } });
  t.equal(v.sessions.length, 1);
  t.equal(v.sessions[0].notes, SESSION_SECRET, 'the mediator reads the session notes');
  t.equal(v.agreement.amounts[0].amountFen, 350000);
  t.equal(v.extensions[0].consents.length, 2);

  const raw = JSON.stringify((await h.store.readStream(`mediation-${mediationId}`)).map((e) => e.data));
  t.notOk(raw.includes(SESSION_SECRET), 'free text is sealed in the stored events');
  const viewer = (await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: h.auth('command_viewer', '230300') })).json();
  t.equal(viewer.sessions[0].notes, '[受限 restricted]', 'the command center sees that notes exist, not what they say');
});

t.test('a clear refusal stops mediation: only closing is accepted', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const { mediationId } = (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody(d.caseId) })).json();
  await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: director, payload: { mediatorId: 'med-1' } });
  const mediator = h.auth('mediator', township, 'med-1');
  const refused = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-refusal`,
    headers: mediator,
    payload: { personId: d.respondent, statedAt: past(1), statement: '不同意调解，要求直接起诉' },
  });
  t.equal(refused.statusCode, 200, refused.body);
  const head = await h.store.headPosition();
  const session = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-session`,
    headers: mediator,
    payload: { heldAt: past(1), attendees: [{ kind: 'role', role: 'mediator' }], notes: 'x' },
  });
  t.equal(session.statusCode, 409);
  t.equal(session.json().error, 'mediation_stopped');
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  const close = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/close`, headers: mediator, payload: {} });
  t.equal(close.statusCode, 200);
  t.match((await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: mediator })).json(), {
    status: 'closed',
    closed: { outcome: 'refused' },
    refusal: { personId: d.respondent },
  });
});

t.test('bad input, unknown files and illegal transitions append nothing', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const { mediationId } = (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody(d.caseId) })).json();
  const head = await h.store.headPosition();

  const bad = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: { caseId: 'nope', organisationKind: 'tea_house', organisationName: '' } });
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .details.map((x: { path: string }) => x.path)
      .sort(),
    ['body.caseId', 'body.organisationKind', 'body.organisationName'],
    'every invalid field is listed',
  );
  const badSession = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-session`,
    headers: director,
    payload: { heldAt: 'yesterday', attendees: [{ kind: 'party' }], notes: '' },
  });
  t.equal(badSession.statusCode, 400);
  t.same(
    badSession
      .json()
      .details.map((x: { path: string }) => x.path)
      .sort(),
    ['body.attendees.0.personId', 'body.heldAt', 'body.notes'],
  );
  const malformed = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/note-progress`, headers: { ...director, 'content-type': 'application/json' }, payload: '{"note": ' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().error, 'malformed_json');

  const noDispute = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody('7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11') });
  t.equal(noDispute.statusCode, 404, 'a file for an unknown dispute');
  const noFile = await h.app.inject({ method: 'POST', url: '/api/mediations/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11/note-progress', headers: director, payload: { note: 'x' } });
  t.equal(noFile.statusCode, 404);
  t.equal((await h.app.inject({ method: 'GET', url: '/api/mediations/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', headers: director })).statusCode, 404);
  const badId = await h.app.inject({ method: 'GET', url: '/api/mediations/not-a-uuid', headers: director });
  t.equal(badId.statusCode, 400);
  t.equal(badId.json().details[0].path, 'params.mediationId');

  const early = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/close`, headers: director, payload: {} });
  t.equal(early.statusCode, 409);
  t.equal(early.json().error, 'mediation_not_ended');
  const noMediator = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-session`,
    headers: director,
    payload: { heldAt: past(1), attendees: [{ kind: 'role', role: 'mediator' }], notes: 'x' },
  });
  t.equal(noMediator.json().error, 'no_mediator');
  const stranger = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/extend`,
    headers: director,
    payload: { consents: [{ personId: 'someone-else', consentedAt: past(1) }], newEndAt: future(60) },
  });
  t.equal(stranger.json().error, 'unknown_person');
  t.equal(await h.store.headPosition(), head, 'none of them appended anything');

  await h.app.inject({ method: 'POST', url: `/api/disputes/${d.caseId}/route`, headers: h.auth('intake_clerk', township), payload: { mode: 'handle_here' } });
  await h.app.inject({ method: 'POST', url: `/api/disputes/${d.caseId}/close`, headers: h.auth('intake_clerk', township), payload: { outcome: 'resolved', summary: '已化解' } });
  const closedDispute = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody(d.caseId) });
  t.equal(closedDispute.statusCode, 409);
  t.equal(closedDispute.json().error, 'dispute_not_open', 'a closed dispute cannot go to mediation');
});

t.test('If-Match and Idempotency-Key', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const keyed = { ...director, 'idempotency-key': 'open-med-0001' };
  const body = openBody(d.caseId);
  const first = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: keyed, payload: body });
  t.equal(first.statusCode, 201);
  const head = await h.store.headPosition();
  const again = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: keyed, payload: body });
  t.equal(again.statusCode, 201);
  t.same(again.json(), first.json(), 'the same file, revision and position');
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  const reused = await h.app.inject({ method: 'POST', url: '/api/mediations', headers: keyed, payload: { ...body, organisationKind: 'administrative' } });
  t.equal(reused.statusCode, 422, 'the key reused for another command');

  const { mediationId } = first.json();
  const assign = { ...director, 'idempotency-key': 'assign-1' };
  const a1 = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: assign, payload: { mediatorId: 'med-1' } });
  const a2 = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: assign, payload: { mediatorId: 'med-1' } });
  t.equal(a1.statusCode, 200);
  t.equal(a2.statusCode, 200, 'a retried command is not a 409 already_assigned');
  t.same(a2.json(), a1.json());

  const before = await h.store.headPosition();
  const stale = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/note-progress`, headers: { ...director, 'if-match': '"0"' }, payload: { note: 'x' } });
  t.equal(stale.statusCode, 412);
  t.equal(await h.store.headPosition(), before, 'a stale If-Match appends nothing');
  const garbage = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/note-progress`, headers: { ...director, 'if-match': 'soon' }, payload: { note: 'x' } });
  t.equal(garbage.statusCode, 400);
  const fresh = await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/note-progress`, headers: { ...director, 'if-match': '"1"' }, payload: { note: 'x' } });
  t.equal(fresh.statusCode, 200);
  t.equal((await h.store.readStream(`mediation-${mediationId}`)).length, 3, 'opened, assigned once, one note');
});

t.test('jurisdiction and roles', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const neighbour = h.auth('supervisor', '230302102');
  const head0 = await h.store.headPosition();
  t.equal(
    (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: neighbour, payload: openBody(d.caseId) })).statusCode,
    403,
    'a neighbouring township cannot open a file on this dispute',
  );
  t.equal(
    (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: h.auth('department_liaison', township), payload: openBody(d.caseId) })).statusCode,
    403,
    'a department liaison cannot open one',
  );
  t.equal(await h.store.headPosition(), head0);

  const { mediationId } = (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: h.auth('mediator', township, 'med-1'), payload: openBody(d.caseId) })).json();
  const head = await h.store.headPosition();
  t.equal((await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: neighbour })).statusCode, 404, 'reads elsewhere answer 404');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: h.auth('supervisor', '230303') })).statusCode, 404, 'so does another county');
  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: neighbour, payload: { mediatorId: 'med-2' } })).statusCode,
    403,
    'writes elsewhere answer 403',
  );
  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/note-progress`, headers: h.auth('intake_clerk', township), payload: { note: 'x' } })).statusCode,
    403,
    'a clerk does not record mediation',
  );
  t.equal((await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}` })).statusCode, 401);
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: h.auth('supervisor', '230302'), payload: { mediatorId: 'med-1' } })).statusCode,
    200,
    'the county above may act',
  );
  const other = await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-session`,
    headers: h.auth('mediator', township, 'med-2'),
    payload: { heldAt: past(1), attendees: [{ kind: 'role', role: 'mediator' }], notes: 'x' },
  });
  t.equal(other.statusCode, 409);
  t.equal(other.json().error, 'not_assigned_mediator', 'only the assigned mediator records sessions');
});

t.test('personal data and session notes never reach the logs', async (t) => {
  const h = await mediationTestApp(t.testdir());
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const { mediationId } = (await h.app.inject({ method: 'POST', url: '/api/mediations', headers: director, payload: openBody(d.caseId) })).json();
  await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/assign-mediator`, headers: director, payload: { mediatorId: 'med-1' } });
  await h.app.inject({
    method: 'POST',
    url: `/api/mediations/${mediationId}/record-session`,
    headers: director,
    payload: { heldAt: past(1), attendees: [{ kind: 'role', role: 'mediator' }], notes: SESSION_SECRET },
  });
  await h.app.inject({ method: 'POST', url: `/api/mediations/${mediationId}/record-session`, headers: director, payload: { heldAt: 'bad', attendees: [], notes: SESSION_SECRET } });
  await h.app.inject({ method: 'GET', url: `/api/mediations/${mediationId}`, headers: director });
  t.ok(h.logLines.length > 5, 'requests were logged');
  const all = h.logLines.join('\n');
  for (const [field, value] of Object.entries(SEEDED_PERSON)) t.notOk(all.includes(value), `${field} is not in any log line`);
  t.notOk(all.includes(SESSION_SECRET), 'nor are session notes');
});
