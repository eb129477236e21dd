import { createHash } from 'node:crypto';
import t from 'tap';
import { petitionBody, petitionTestApp, TestClock } from '../testing.js';

/** Issue 13 §1: 复查/复核 go up a tier (信访工作条例 arts. 35–36); 诉访分离 (arts. 31–32); dated facts. */

const county = '230302';
const city = '230300';
type App = Awaited<ReturnType<typeof petitionTestApp>>;
const post = (h: App, url: string, headers: Record<string, string>, payload: unknown) => h.app.inject({ method: 'POST', url, headers, payload: payload as object });
const get = (h: App, url: string, headers: Record<string, string>) => h.app.inject({ method: 'GET', url, headers });

t.test('a county answers: the city reviews; the county cannot review itself; a re-review goes above the city, out of the system', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
  const h = await petitionTestApp(t.testdir(), { clock });
  t.teardown(() => h.close());
  const countyOfficer = h.auth('petition_officer', county);
  const countyDirector = h.auth('supervisor', county);
  const cityDirector = h.auth('supervisor', city);
  const { petitionId } = (await post(h, '/api/petitions', countyOfficer, petitionBody())).json();
  t.equal((await post(h, `/api/petitions/${petitionId}/accept`, countyOfficer, {})).statusCode, 200);
  t.equal((await post(h, `/api/petitions/${petitionId}/answer`, countyOfficer, { text: '经核查，答复如下。' })).statusCode, 200);
  clock.advanceDays(5);
  t.equal((await post(h, `/api/petitions/${petitionId}/request-review`, countyOfficer, {})).statusCode, 200);
  let view = (await get(h, `/api/petitions/${petitionId}`, countyOfficer)).json();
  t.equal(view.answer && view.review.reviewingCenter, city, 'the review goes to the city, the level above the county that answered');

  const head = await h.store.headPosition();
  const self = await post(h, `/api/petitions/${petitionId}/decide-review`, countyDirector, { outcome: 'upheld', text: '维持' });
  t.equal(self.statusCode, 409, 'the county that answered may not decide its own review');
  t.equal(self.json().error, 'not_review_office');
  t.match(self.json().message, /鸡西市/, 'the refusal names the office that decides');
  const department = await post(h, `/api/petitions/${petitionId}/decide-review`, h.auth('department_liaison', city), { outcome: 'upheld', text: '维持' });
  t.equal(department.statusCode, 403, 'a department of the city is not its review office');
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  clock.advanceDays(10);
  t.equal((await post(h, `/api/petitions/${petitionId}/decide-review`, cityDirector, { outcome: 'upheld', text: '复查维持。' })).statusCode, 200, 'the city decides the review');
  view = (await get(h, `/api/petitions/${petitionId}`, countyOfficer)).json();
  t.match(view.review, { reviewingCenter: city, decidingCenter: city, outcome: 'upheld' });
  const reReview = await post(h, `/api/petitions/${petitionId}/request-re-review`, countyOfficer, {});
  t.equal(reReview.statusCode, 409, 'the re-review goes above the city: the provincial office, not this system');
  t.equal(reReview.json().error, 'no_higher_office');
});

t.test('a township answers: the county reviews, the city re-reviews, and not the other way round', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
  const h = await petitionTestApp(t.testdir(), { clock });
  t.teardown(() => h.close());
  const officer = h.auth('petition_officer', '230302101');
  const countyDirector = h.auth('supervisor', county);
  const cityDirector = h.auth('supervisor', city);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  await post(h, `/api/petitions/${petitionId}/accept`, officer, {});
  await post(h, `/api/petitions/${petitionId}/answer`, officer, { text: '答复' });
  await post(h, `/api/petitions/${petitionId}/request-review`, officer, {});
  t.equal((await post(h, `/api/petitions/${petitionId}/decide-review`, cityDirector, { outcome: 'upheld', text: '维持' })).json().error, 'not_review_office', 'the city skips no tier');
  t.equal(
    (await post(h, `/api/petitions/${petitionId}/decide-review`, h.auth('supervisor', '230303'), { outcome: 'upheld', text: '维持' })).statusCode,
    403,
    'another county is outside the jurisdiction',
  );
  t.equal((await post(h, `/api/petitions/${petitionId}/decide-review`, countyDirector, { outcome: 'changed', text: '变更' })).statusCode, 200);
  await post(h, `/api/petitions/${petitionId}/request-re-review`, officer, {});
  t.equal((await post(h, `/api/petitions/${petitionId}/decide-re-review`, countyDirector, { outcome: 'upheld', text: '维持' })).json().error, 'not_review_office', 'the reviewer does not re-review');
  t.equal((await post(h, `/api/petitions/${petitionId}/decide-re-review`, cityDirector, { outcome: 'upheld', text: '复核维持' })).statusCode, 200);
  t.match((await get(h, `/api/petitions/${petitionId}`, officer)).json(), { status: 're_reviewed', reReview: { reviewingCenter: city, decidingCenter: city } });
});

t.test('诉访分离: a 涉法涉诉 petition is transferred to the court and leaves the 复查/复核 path', async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(() => h.close());
  const officer = h.auth('petition_officer', '230302101');
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  const head = await h.store.headPosition();
  const noUnit = await post(h, `/api/petitions/${petitionId}/divert-legal`, officer, { legalChannel: 'litigation', mode: 'transferred', explanation: '属诉讼范围' });
  t.equal(noUnit.statusCode, 400);
  t.same(
    noUnit.json().details.map((d: { path: string }) => d.path),
    ['body.unit'],
    'a transfer names the political-legal unit',
  );
  const badChannel = await post(h, `/api/petitions/${petitionId}/divert-legal`, officer, { legalChannel: 'petition', mode: 'guided', explanation: 'x' });
  t.same(
    badChannel.json().details.map((d: { path: string }) => d.path),
    ['body.legalChannel'],
  );
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  const r = await post(h, `/api/petitions/${petitionId}/divert-legal`, officer, {
    legalChannel: 'litigation',
    mode: 'transferred',
    unit: { kind: 'court', name: '鸡西市鸡冠区人民法院' },
    explanation: '属民事诉讼范围，已转交法院并告知信访人',
  });
  t.equal(r.statusCode, 200, r.body);
  const view = (await get(h, `/api/petitions/${petitionId}`, officer)).json();
  t.match(view, { status: 'diverted', statusLabel: { zh: '已导入法定途径（诉访分离）' }, diversion: { legalChannel: 'litigation', mode: 'transferred', unit: { kind: 'court' } } });
  for (const [cmd, body] of [
    ['accept', {}],
    ['answer', { text: '答复' }],
    ['request-review', {}],
  ] as const) {
    const refused = await post(h, `/api/petitions/${petitionId}/${cmd}`, officer, body);
    t.equal(refused.statusCode, 409, `${cmd} is refused after diversion`);
    t.notMatch(refused.json().message.split(' / ')[0], /[a-z_]{4,}/, 'the Chinese half names the status, not its code');
  }
});

t.test('dated facts: a future receivedAt or a review request before the answer is a 400 naming the field', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
  const h = await petitionTestApp(t.testdir(), { clock });
  t.teardown(() => h.close());
  const officer = h.auth('petition_officer', '230302101');
  const future = await post(h, '/api/petitions', officer, petitionBody({ receivedAt: '2026-03-03T02:00:00.000Z' }));
  t.equal(future.statusCode, 400);
  t.same(
    future.json().details.map((d: { path: string }) => d.path),
    ['body.receivedAt'],
  );
  const skew = await post(h, '/api/petitions', officer, petitionBody({ receivedAt: '2026-03-02T02:02:00.000Z' }));
  t.equal(skew.statusCode, 201, 'two minutes of device clock skew is tolerated');
  const { petitionId } = skew.json();
  await post(h, `/api/petitions/${petitionId}/accept`, officer, {});
  await post(h, `/api/petitions/${petitionId}/answer`, officer, { text: '答复' });
  const early = await post(h, `/api/petitions/${petitionId}/request-review`, officer, { requestedAt: '2026-03-01T02:00:00.000Z' });
  t.equal(early.statusCode, 400);
  t.same(
    early.json().details.map((d: { path: string }) => d.path),
    ['body.requestedAt'],
  );
  t.match(early.json().details[0].message, /2026-03-02 10:00/, 'the earlier fact is shown in China time');
});

t.test("the responsible leader's signed statement is kept sealed and shown again, its hash alongside", async (t) => {
  const h = await petitionTestApp(t.testdir());
  t.teardown(() => h.close());
  const officer = h.auth('petition_officer', '230302101');
  const director = h.auth('supervisor', county);
  const { petitionId } = (await post(h, '/api/petitions', officer, petitionBody())).json();
  await post(h, `/api/petitions/${petitionId}/accept`, officer, {});
  await post(h, `/api/petitions/${petitionId}/mark-backlog`, officer, { reason: '久拖未决' });
  await post(h, `/api/petitions/${petitionId}/assign-leader`, director, { leaderUserId: 'leader-7', post: '区委副书记' });
  const statement = '本人承诺包案化解红星村征地补偿信访积案，限期三个月。';
  t.equal((await post(h, `/api/petitions/${petitionId}/sign-responsibility`, h.auth('responsible_leader', county, 'leader-7'), { statementText: statement })).statusCode, 200);
  const view = (await get(h, `/api/petitions/${petitionId}`, officer)).json();
  t.equal(view.leader.statementText, statement, 'the statement as signed');
  t.equal(view.leader.statementSha256, createHash('sha256').update(statement, 'utf8').digest('hex'), 'with the hash of exactly that text');
  const masked = (await get(h, `/api/petitions/${petitionId}`, h.auth('command_viewer', city))).json();
  t.equal(masked.leader.statementText, '[受限 restricted]', 'restricted for roles that do not read texts');
  const stored = JSON.stringify(await h.store.readStream(`petition-${petitionId}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  t.notOk(stored.includes(statement), 'not in the log in clear');
});
