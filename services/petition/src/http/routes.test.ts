import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { petition } from '@zz/contracts';
import { petitionBody, petitionTestApp, SEEDED_PETITIONER, TestClock } from '../testing.js';

const township = '230302101';
const county = '230302';
const city = '230300';
type App = Awaited<ReturnType<typeof petitionTestApp>>;

const post = (h: App, url: string, headers: Record<string, string>, payload: unknown) => h.app.inject({ method: 'POST', url, headers, payload: payload as object });
const get = (h: App, url: string, headers: Record<string, string>) => h.app.inject({ method: 'GET', url, headers });

t.test('a backlog petition walks repeat detection → backlog → leader sign-off → listed supervision → answer → review → re-review → refused re-submission', async (t) => {
  const dir = t.testdir();
  const clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
  let h = await petitionTestApp(dir, { clock });
  t.teardown(() => h.close());
  const officer = h.auth('petition_officer', township);
  const director = h.auth('supervisor', county);
  const cityDirector = h.auth('supervisor', city);
  const leader = h.auth('responsible_leader', county, 'leader-7');

  const first = await post(h, '/api/petitions', officer, petitionBody());
  t.equal(first.statusCode, 201, first.body);
  const a = first.json();
  t.match(a, { status: 'registered', repeatOf: [], revision: 0 });
  t.match(a.caseCode, /^230302101-2026-000001$/, 'a petition of its own gets the next case code of the center');
  t.equal(first.headers.location, `/api/petitions/${a.petitionId}`);
  t.equal((await post(h, `/api/petitions/${a.petitionId}/accept`, { ...officer, 'if-match': '"0"' }, {})).statusCode, 200);

  // The same petitioner on the same matter, worded differently, by phone a month later.
  clock.advanceDays(30);
  const second = await post(h, '/api/petitions', officer, petitionBody({ channel: 'phone', matterKey: ' 红星村 2019年征地补偿款。', title: '再次反映征地补偿' }));
  t.equal(second.statusCode, 201, second.body);
  const b = second.json();
  t.same(b.repeatOf, [a.petitionId], 'linked to the earlier petition');
  t.equal(b.caseCode, a.caseCode, 'a repeat joins the case code of the matter (一案一编码)');
  t.equal(b.status, 'registered', 'a repeat is still decided on by the desk');
  const other = await post(h, '/api/petitions', officer, petitionBody({ matterKey: '宅基地确权', subjectArea: 'land_resources' }));
  t.same(other.json().repeatOf, [], 'another matter of the same person is not a repeat');
  t.not(other.json().caseCode, a.caseCode);

  const steps: [string, Record<string, string>, object][] = [
    ['mark-backlog', officer, { reason: '信访三年未化解' }],
    ['assign-leader', director, { leaderUserId: 'leader-7', post: '区委副书记' }],
    ['sign-responsibility', leader, { statementText: '本人承诺包案化解红星村征地补偿信访积案。' }],
    ['list-supervision', cityDirector, { dueAt: new Date(clock.at.getTime() + 20 * 86_400_000).toISOString(), instructions: '限期二十日化解' }],
    ['admonishing-interview', director, { interviewee: '红星街道办事处主任', heldAt: clock.at.toISOString(), summary: '督促落实补偿' }],
    ['circulate-notice', cityDirector, { scope: '全市', summary: '积案化解进度滞后' }],
    ['answer', officer, { text: `${SEEDED_PETITIONER.name}：经核查，补偿款已于近日补发。` }],
  ];
  let revision = 1;
  for (const [cmd, headers, body] of steps) {
    const r = await post(h, `/api/petitions/${a.petitionId}/${cmd}`, { ...headers, 'if-match': `"${revision}"` }, body);
    t.equal(r.statusCode, 200, `${cmd}: ${r.body}`);
    revision++;
    t.equal(r.json().revision, revision);
  }
  let view = (await get(h, `/api/petitions/${a.petitionId}`, officer)).json();
  t.match(view, { status: 'answered', backlog: { reason: '信访三年未化解' }, leader: { leaderUserId: 'leader-7', post: '区委副书记' } });
  const statementHash = createHash('sha256').update('本人承诺包案化解红星村征地补偿信访积案。').digest('hex');
  t.equal(view.leader.statementSha256, statementHash, 'the hash of exactly the signed text');
  t.equal(view.leader.signedAt, clock.at.toISOString(), 'and when');
  t.match(view.supervisions, [{ supervisingCenter: city, lifted: false }]);
  t.equal(view.interviews.length, 1);
  t.equal(view.notices.length, 1);
  t.equal(view.answer.text, `${SEEDED_PETITIONER.name}：经核查，补偿款已于近日补发。`, 'the officer reads the sealed answer');
  t.equal(view.petitioners[0].name, SEEDED_PETITIONER.name);
  const masked = (await get(h, `/api/petitions/${a.petitionId}`, h.auth('command_viewer', city))).json();
  t.equal(masked.petitioners[0].name, '赵**', 'the command center sees names masked');
  t.equal(masked.answer.text, '[受限 restricted]');

  clock.advanceDays(29);
  t.equal((await post(h, `/api/petitions/${a.petitionId}/request-review`, officer, {})).statusCode, 200, 'review requested on day 29');
  clock.advanceDays(20);
  t.equal((await post(h, `/api/petitions/${a.petitionId}/decide-review`, director, { outcome: 'upheld', text: '复查维持原答复意见。' })).statusCode, 200);
  clock.advanceDays(31);
  const late = await post(h, `/api/petitions/${a.petitionId}/request-re-review`, officer, {});
  t.equal(late.statusCode, 409, 'day 31 after the review decision is too late');
  t.equal(late.json().error, 're_review_window_closed');
  const inTime = await post(h, `/api/petitions/${a.petitionId}/request-re-review`, officer, { requestedAt: new Date(clock.at.getTime() - 2 * 86_400_000).toISOString(), note: '信访人来信申请复核' });
  t.equal(inTime.statusCode, 200, 'a request posted on day 29 is in time though recorded later');
  const final = await post(h, `/api/petitions/${a.petitionId}/decide-re-review`, cityDirector, { outcome: 'upheld', text: '复核维持。' });
  t.equal(final.statusCode, 200, final.body);
  view = (await get(h, `/api/petitions/${a.petitionId}`, officer)).json();
  t.match(view, { status: 're_reviewed', review: { outcome: 'upheld' }, reReview: { outcome: 'upheld' } });

  // Restart, with the index rebuilt from the log: repeat detection does not depend on the index file surviving.
  await h.close();
  rmSync(join(dir, 'petition-index.db'));
  h = await petitionTestApp(dir, { clock });
  clock.advanceDays(3);
  const again = await post(h, '/api/petitions', h.auth('petition_officer', township), petitionBody({ channel: 'visit' }));
  t.equal(again.statusCode, 201, again.body);
  const c = again.json();
  t.equal(c.status, 'declined', 'registered and refused at once');
  t.same([...c.repeatOf].sort(), [a.petitionId, b.petitionId].sort(), 'linked to both earlier petitions');
  const cView = (await get(h, `/api/petitions/${c.petitionId}`, h.auth('petition_officer', township))).json();
  t.match(cView.decision, { accepted: false, reason: 'matter_finally_reviewed', withinWindow: true });
  const events = await h.store.readStream(`petition-${c.petitionId}`);
  t.same(
    events.map((e) => e.type),
    ['PetitionRegistered', 'PetitionRepeatDetected', 'PetitionDeclined'],
    'the refused re-submission is on record',
  );

  const resolved = await post(h, `/api/petitions/${a.petitionId}/resolve`, h.auth('petition_officer', township), { kind: 'ceased', summary: '信访人签署息诉罢访承诺书' });
  t.equal(resolved.statusCode, 200, 'a finally reviewed backlog case can still be resolved');
  t.equal((await get(h, `/api/petitions/${a.petitionId}`, h.auth('petition_officer', township))).json().status, 'resolved');
});

t.test('group visits send at most 5 representatives: 400 naming the field, nothing appended', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = h.auth('petition_officer', township);
  const before = await h.store.headPosition();
  const six = Array.from({ length: 6 }, (_, i) => ({ details: { name: `代表${i + 1}` } }));
  const r = await post(h, '/api/petitions', officer, petitionBody({ channel: 'visit', petitioners: six, groupVisit: { visitorCount: 60 } }));
  t.equal(r.statusCode, 400);
  t.same(
    r.json().details.map((d: { path: string }) => d.path),
    ['body.petitioners'],
  );
  t.match(r.json().details[0].message, /不超过5人.*at most 5 representatives/);
  t.equal(await h.store.headPosition(), before);
  const five = await post(h, '/api/petitions', officer, petitionBody({ channel: 'visit', petitioners: six.slice(0, 5), groupVisit: { visitorCount: 60 } }));
  t.equal(five.statusCode, 201, five.body);
  t.match((await get(h, `/api/petitions/${five.json().petitionId}`, officer)).json(), { channel: 'visit', groupVisit: { visitorCount: 60 } });
});

t.test('bad input, unknown petitions, illegal transitions, stale If-Match: 400/404/409/412/422, nothing appended', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = h.auth('petition_officer', township);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  const head = await h.store.headPosition();

  const bad = await post(h, '/api/petitions', officer, petitionBody({ channel: 'pigeon', subjectArea: 'gossip', matterKey: undefined, petitioners: [{ details: { name: '', idNumber: '123' } }] }));
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .details.map((d: { path: string }) => d.path)
      .sort(),
    ['body.channel', 'body.matterKey', 'body.petitioners.0.details.idNumber', 'body.petitioners.0.details.name', 'body.subjectArea'],
    'every invalid field is listed',
  );
  const malformed = await h.app.inject({ method: 'POST', url: '/api/petitions', headers: { ...officer, 'content-type': 'application/json' }, payload: '{"channel": ' });
  t.equal(malformed.json().error, 'malformed_json');
  const area = await post(h, '/api/petitions', officer, petitionBody({ areaCode: '230302999' }));
  t.same(
    area.json().details.map((d: { path: string }) => d.path),
    ['body.areaCode'],
  );
  const dispute = await post(h, '/api/petitions', officer, petitionBody({ disputeId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11' }));
  t.equal(dispute.statusCode, 400);
  t.same(
    dispute.json().details.map((d: { path: string }) => d.path),
    ['body.disputeId'],
    'an unknown dispute is a bad field',
  );
  const badBody = await post(h, `/api/petitions/${petitionId}/decline`, officer, { reason: 'because' });
  t.same(
    badBody
      .json()
      .details.map((d: { path: string }) => d.path)
      .sort(),
    ['body.explanation', 'body.reason'],
  );

  t.equal((await post(h, '/api/petitions/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11/accept', officer, {})).statusCode, 404);
  t.equal((await post(h, '/api/petitions/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11/answer', officer, { text: '答复' })).statusCode, 404, 'also for commands that seal text');
  t.equal((await get(h, '/api/petitions/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', officer)).statusCode, 404);
  t.equal((await get(h, '/api/petitions/nope', officer)).json().details[0].path, 'params.petitionId');

  const illegal = await post(h, `/api/petitions/${petitionId}/answer`, officer, { text: '答复' });
  t.equal(illegal.statusCode, 409);
  t.equal(illegal.json().error, 'not_awaiting_answer');
  const review = await post(h, `/api/petitions/${petitionId}/request-review`, officer, {});
  t.equal(review.json().error, 'not_answered');

  const stale = await post(h, `/api/petitions/${petitionId}/accept`, { ...officer, 'if-match': '"3"' }, {});
  t.equal(stale.statusCode, 412);
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, { ...officer, 'if-match': 'soon' }, {})).statusCode, 400);
  t.equal(await h.store.headPosition(), head, 'none of them appended anything');

  const keyed = { ...officer, 'idempotency-key': 'accept-once' };
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, keyed, {})).statusCode, 200);
  const reused = await post(h, `/api/petitions/${petitionId}/mark-backlog`, keyed, { reason: 'x' });
  t.equal(reused.statusCode, 422, 'a key reused for another command');
  t.equal(await h.store.headPosition(), head + 1n);
});

t.test('Idempotency-Key: retries return the first answer and append nothing', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = { ...h.auth('petition_officer', township), 'idempotency-key': 'petition-2026-0001' };
  const [r1, r2] = await Promise.all([post(h, '/api/petitions', officer, petitionBody()), post(h, '/api/petitions', officer, petitionBody())]);
  t.equal(r1.statusCode, 201);
  t.same(r2.json(), r1.json(), 'concurrent duplicates give one petition');
  const head = await h.store.headPosition();
  const r3 = await post(h, '/api/petitions', officer, petitionBody());
  t.same(r3.json(), r1.json());
  t.equal(r3.headers['idempotent-replayed'], 'true');
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  t.equal((await post(h, '/api/petitions', officer, petitionBody({ title: '另一件事' }))).statusCode, 422);

  const { petitionId } = r1.json();
  const plain = h.auth('petition_officer', township);
  await post(h, `/api/petitions/${petitionId}/accept`, plain, {});
  const answerKey = { ...plain, 'idempotency-key': 'answer-1' };
  const a1 = await post(h, `/api/petitions/${petitionId}/answer`, answerKey, { text: '书面答复' });
  const a2 = await post(h, `/api/petitions/${petitionId}/answer`, answerKey, { text: '书面答复' });
  t.equal(a2.statusCode, 200, 'a retried answer is not a 409');
  t.same(a2.json(), a1.json());
  t.equal((await h.store.readStream(`petition-${petitionId}`)).length, 3);
  // Another petition repeats the first: registered with its case code, and the case-code counter was not touched.
  const repeat = await post(h, '/api/petitions', plain, petitionBody());
  t.equal(repeat.json().caseCode, r1.json().caseCode);
  t.equal((await h.store.readStream(`casecode-${township}-2026`)).length, 1, 'only the first petition claimed a number');
});

t.test('jurisdiction and roles', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = h.auth('petition_officer', township);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  const head = await h.store.headPosition();
  const neighbour = h.auth('petition_officer', '230302102');
  t.equal((await get(h, `/api/petitions/${petitionId}`, neighbour)).statusCode, 404, 'a neighbouring township cannot read it');
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, neighbour, {})).statusCode, 403, 'nor act on it');
  t.equal((await post(h, `/api/petitions/${petitionId}/answer`, neighbour, { text: '答复' })).statusCode, 403, 'nor answer it');
  t.equal((await get(h, `/api/petitions/${petitionId}`, h.auth('supervisor', '230303'))).statusCode, 404, 'nor another county');
  t.equal((await post(h, '/api/petitions', neighbour, petitionBody())).statusCode, 403, 'nobody registers outside their area');
  t.equal((await post(h, '/api/petitions', h.auth('department_liaison', township), petitionBody())).statusCode, 403, 'a department liaison does not register petitions');
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, h.auth('responsible_leader', township), {})).statusCode, 403, 'a leader does not accept');
  t.equal(
    (await post(h, `/api/petitions/${petitionId}/list-supervision`, officer, { dueAt: new Date(Date.now() + 86_400_000).toISOString(), instructions: 'x' })).statusCode,
    403,
    'an officer does not list for supervision',
  );
  t.equal((await get(h, `/api/petitions/${petitionId}`, {})).statusCode, 401);
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  const countyDirector = h.auth('supervisor', county);
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, countyDirector, {})).statusCode, 200, 'the county above may act');
  await post(h, `/api/petitions/${petitionId}/mark-backlog`, countyDirector, { reason: '久拖未决' });
  await post(h, `/api/petitions/${petitionId}/assign-leader`, countyDirector, { leaderUserId: 'leader-7', post: '副区长' });
  const wrong = await post(h, `/api/petitions/${petitionId}/sign-responsibility`, h.auth('responsible_leader', county, 'leader-8'), { statementText: '本人承诺包案化解此件积案。' });
  t.equal(wrong.statusCode, 409, 'only the assigned leader signs');
  t.equal(wrong.json().error, 'not_the_responsible_leader');
  const officerSigns = await post(h, `/api/petitions/${petitionId}/sign-responsibility`, h.auth('petition_officer', township, 'leader-7'), { statementText: '本人承诺包案化解此件积案。' });
  t.equal(officerSigns.statusCode, 403, 'and in the responsible-leader role');
});

t.test('a petition about an existing dispute joins its case code', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const clerk = h.auth('intake_clerk', township);
  const dispute = await post(h, '/api/disputes', clerk, {
    areaCode: '230302101001',
    category: 'labour',
    source: 'party_application',
    title: '拖欠工资',
    description: '工地拖欠工资',
    parties: [{ role: 'applicant', details: { name: '钱多多', idNumber: '230302198001010011' } }],
  });
  t.equal(dispute.statusCode, 201, dispute.body);
  const { caseId, caseCode } = dispute.json();
  const officer = h.auth('petition_officer', township);
  const body = petitionBody({ subjectArea: 'labour_social_security', disputeId: caseId, matterKey: undefined });
  const p = await post(h, '/api/petitions', officer, body);
  t.equal(p.statusCode, 201, p.body);
  t.equal(p.json().caseCode, caseCode, 'one case code for the dispute and the petition');
  t.match((await get(h, `/api/petitions/${p.json().petitionId}`, officer)).json().matter, { linkedCaseCode: caseCode, linkedDisputeId: caseId });
  const again = await post(h, '/api/petitions', officer, { ...body, subjectArea: 'other' });
  t.same(again.json().repeatOf, [p.json().petitionId], 'the same linked case is the same matter');
  const elsewhere = await post(h, '/api/petitions', h.auth('petition_officer', '230302102'), { ...body, areaCode: '230302102' });
  t.equal(elsewhere.statusCode, 400, 'a dispute the caller cannot see is unknown to them');
});

t.test('nothing can be deleted: no delete route, no erase event', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = h.auth('petition_officer', township);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  const admin = h.auth('admin', city);
  for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
    t.equal((await h.app.inject({ method, url: `/api/petitions/${petitionId}`, headers: admin })).statusCode, 404, `${method} is not a route`);
  }
  for (const path of ['delete', 'erase', 'remove', 'withdraw-record']) {
    t.equal((await post(h, `/api/petitions/${petitionId}/${path}`, admin, {})).statusCode, 404, `POST …/${path} is not a route`);
  }
  const routes = h.app.printRoutes({ commonPrefix: false });
  t.notMatch(routes, /DELETE/, 'no DELETE route at all');
  t.notOk(
    Object.keys(petition.PETITION_EVENT_SCHEMAS).some((type) => /^(Delete|Erase|Remove)|(Deleted|Erased|Removed)$/.test(type)),
    'no event type deletes or erases a petition',
  );
  t.equal((await get(h, `/api/petitions/${petitionId}`, officer)).statusCode, 200, 'still there');
});

t.test('personal data never reaches the logs', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const officer = h.auth('petition_officer', township);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  await post(h, `/api/petitions/${petitionId}/accept`, officer, {});
  await post(h, `/api/petitions/${petitionId}/answer`, officer, { text: `${SEEDED_PETITIONER.name}：答复如下。` });
  await get(h, `/api/petitions/${petitionId}`, officer);
  await post(h, '/api/petitions', officer, petitionBody({ channel: 'bad', petitioners: [{ details: { ...SEEDED_PETITIONER, idNumber: `x${SEEDED_PETITIONER.idNumber}` } }] }));
  await h.app.inject({ method: 'POST', url: '/api/petitions', headers: { ...officer, 'content-type': 'application/json' }, payload: `{"name":"${SEEDED_PETITIONER.name}",` });
  t.ok(h.logLines.length > 5, 'requests were logged');
  const all = h.logLines.join('\n');
  for (const [field, value] of Object.entries(SEEDED_PETITIONER)) t.notOk(all.includes(value), `${field} is not in any log line`);
  const stored = JSON.stringify(await h.store.readStream(`petition-${petitionId}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  for (const [field, value] of Object.entries(SEEDED_PETITIONER)) t.notOk(stored.includes(value), `${field} is not in the events in clear`);
});

t.test('OpenAPI lists the petition routes under their tag', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(h.close);
  const doc = (h.app as unknown as { swagger(): { paths: Record<string, Record<string, { tags?: string[] }>> } }).swagger();
  t.ok(doc.paths['/api/petitions']?.post, 'register');
  t.same(doc.paths['/api/petitions/{petitionId}/resolve']?.post?.tags, ['petition 信访']);
});
