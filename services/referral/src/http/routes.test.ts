import t from 'tap';
import { referralTestApp, SEEDED_PERSON, TERMS_SECRET } from '../testing.js';

const township = '230302101';
const county = '230302';
const court = { code: 'court-230302', name: '鸡西市鸡冠区人民法院' };
const DAY = 86_400_000;

/** A clock the test moves: the 30-day window is checked against it, never against the wall clock. */
function testClock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (days: number) => void (t += days * DAY), iso: (offsetDays = 0) => new Date(t + offsetDays * DAY).toISOString() };
}

async function referred(h: Awaited<ReturnType<typeof referralTestApp>>, clock: ReturnType<typeof testClock>) {
  const d = await h.acceptedDispute();
  const consents = [
    { personId: d.applicant, consentedAt: clock.iso(-1) },
    { personId: d.respondent, consentedAt: clock.iso(-1) },
  ];
  const r = await h.app.inject({ method: 'POST', url: '/api/referrals', headers: h.auth('supervisor', township), payload: { caseId: d.caseId, court, consents } });
  if (r.statusCode !== 201) throw new Error(r.body);
  return { ...d, ...(r.json() as { referralId: string; revision: number; position: number }), consents };
}

t.test('refer → court accepts → settled → joint application in time → confirmed', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const r = await referred(h, clock);
  t.equal(r.revision, 0);
  const first = await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: h.auth('court_liaison', county) });
  t.equal(first.statusCode, 200, 'the court liaison at the county sees the township’s referral');
  t.equal(first.headers.etag, '"0"');
  t.match(first.json(), { status: 'referred', caseCode: r.caseCode, court, handlingCenter: township });

  const liaison = h.auth('court_liaison', county);
  const mediator = h.auth('mediator', county, 'med-7');
  const steps: [string, Record<string, string>, object][] = [
    ['accept', liaison, { preFilingNumber: '(2026)黑0302诉前调1号', mediatorId: 'med-7', acceptedAt: clock.iso() }],
    ['settle', mediator, { terms: TERMS_SECRET, amounts: [{ label: '货款', amountFen: 2000000, payerPersonId: r.respondent, payeePersonId: r.applicant }], effectiveAt: clock.iso() }],
  ];
  let rev = 0;
  for (const [cmd, headers, body] of steps) {
    const res = await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/${cmd}`, headers: { ...headers, 'if-match': `"${rev}"` }, payload: body });
    t.equal(res.statusCode, 200, `${cmd}: ${res.body}`);
    t.equal(res.json().revision, ++rev);
  }
  const settledView = (await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: liaison })).json();
  t.equal(settledView.confirmationApplyBy, '2026-04-01T15:59:59.999Z', '2 March (China) + 30 days');
  t.equal(settledView.settlement.terms, TERMS_SECRET, 'the court reads the terms');

  clock.advance(29);
  const apply = await h.app.inject({
    method: 'POST',
    url: `/api/referrals/${r.referralId}/apply-confirmation`,
    headers: mediator,
    payload: { applicants: [r.applicant, r.respondent], appliedAt: clock.iso() },
  });
  t.equal(apply.statusCode, 200, apply.body);
  const early = await h.app.inject({
    method: 'POST',
    url: `/api/referrals/${r.referralId}/rule-confirmation`,
    headers: liaison,
    payload: { decision: 'confirmed', ruledAt: clock.iso(), rulingNumber: 'x' },
  });
  t.equal(early.json().error, 'application_not_accepted', 'no ruling before the court accepts the application');
  const accepted = await h.app.inject({
    method: 'POST',
    url: `/api/referrals/${r.referralId}/accept-confirmation`,
    headers: liaison,
    payload: { acceptedAt: clock.iso(), caseNumber: '(2026)黑0302民特1号' },
  });
  t.equal(accepted.statusCode, 200, accepted.body);
  const rule = await h.app.inject({
    method: 'POST',
    url: `/api/referrals/${r.referralId}/rule-confirmation`,
    headers: liaison,
    payload: { decision: 'confirmed', ruledAt: clock.iso(), rulingNumber: '(2026)黑0302民特1号' },
  });
  t.equal(rule.statusCode, 200, rule.body);
  const end = (await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: liaison })).json();
  t.match(end, { status: 'confirmed', ruling: { decision: 'confirmed' }, application: { applicants: [r.applicant, r.respondent] } });
  const file = await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/file`, headers: liaison, payload: { caseNumber: 'x', filedAt: clock.iso() } });
  t.equal(file.statusCode, 409, 'nothing after confirmation');
  t.equal(file.json().error, 'referral_ended');
});

t.test('a late application for confirmation is refused with the last day named, and filing stays open', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const r = await referred(h, clock);
  const liaison = h.auth('court_liaison', county);
  await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/accept`, headers: liaison, payload: { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso() } });
  await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/settle`, headers: liaison, payload: { terms: 't', effectiveAt: clock.iso() } });
  clock.advance(31);
  const head = await h.store.headPosition();
  const late = await h.app.inject({
    method: 'POST',
    url: `/api/referrals/${r.referralId}/apply-confirmation`,
    headers: liaison,
    payload: { applicants: [r.applicant, r.respondent], appliedAt: clock.iso() },
  });
  t.equal(late.statusCode, 409);
  t.equal(late.json().error, 'confirmation_window_closed');
  t.match(late.json().message, /2026-04-01/, 'the answer names the last day');
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  const file = await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/file`, headers: liaison, payload: { caseNumber: '(2026)黑0302民初88号', filedAt: clock.iso() } });
  t.equal(file.statusCode, 200, 'filing is always an exit');
  t.match((await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: liaison })).json(), { status: 'filed', filing: { caseNumber: '(2026)黑0302民初88号' } });
});

t.test('consent, bad input, unknown ids, 409 and 412 append nothing; Idempotency-Key replays', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const head = await h.store.headPosition();
  const oneSide = await h.app.inject({
    method: 'POST',
    url: '/api/referrals',
    headers: director,
    payload: { caseId: d.caseId, court, consents: [{ personId: d.applicant, consentedAt: clock.iso(-1) }] },
  });
  t.equal(oneSide.statusCode, 409);
  t.equal(oneSide.json().error, 'consent_missing', 'pre-filing mediation needs every party’s consent');
  const bad = await h.app.inject({ method: 'POST', url: '/api/referrals', headers: director, payload: { caseId: d.caseId, court: { code: '!', name: '' }, consents: [] } });
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .details.map((x: { path: string }) => x.path)
      .sort(),
    ['body.consents', 'body.court.code', 'body.court.name'],
  );
  t.equal(
    (
      await h.app.inject({
        method: 'POST',
        url: '/api/referrals',
        headers: director,
        payload: { caseId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', court, consents: [{ personId: 'x', consentedAt: clock.iso(-1) }] },
      })
    ).statusCode,
    404,
  );
  t.equal(
    (
      await h.app.inject({
        method: 'POST',
        url: '/api/referrals/7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11/file',
        headers: h.auth('court_liaison', county),
        payload: { caseNumber: 'x', filedAt: clock.iso() },
      })
    ).statusCode,
    404,
  );
  t.equal((await h.app.inject({ method: 'GET', url: '/api/referrals/nope', headers: director })).statusCode, 400);
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  const keyed = { ...director, 'idempotency-key': 'refer-0001' };
  const body = {
    caseId: d.caseId,
    court,
    consents: [
      { personId: d.applicant, consentedAt: clock.iso(-1) },
      { personId: d.respondent, consentedAt: clock.iso(-1) },
    ],
  };
  const first = await h.app.inject({ method: 'POST', url: '/api/referrals', headers: keyed, payload: body });
  t.equal(first.statusCode, 201);
  const afterFirst = await h.store.headPosition();
  const again = await h.app.inject({ method: 'POST', url: '/api/referrals', headers: keyed, payload: body });
  t.same(again.json(), first.json(), 'a retried referral returns the first answer');
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(await h.store.headPosition(), afterFirst);

  const { referralId } = first.json();
  const liaison = h.auth('court_liaison', county);
  const early = await h.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/settle`, headers: liaison, payload: { terms: 't', effectiveAt: clock.iso() } });
  t.equal(early.statusCode, 409);
  t.equal(early.json().error, 'not_in_mediation');
  await h.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/accept`, headers: liaison, payload: { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso() } });
  const before = await h.store.headPosition();
  const stale = await h.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/fail`, headers: { ...liaison, 'if-match': '"0"' }, payload: { reason: 'no_agreement' } });
  t.equal(stale.statusCode, 412);
  t.equal(await h.store.headPosition(), before, 'a stale If-Match appends nothing');
  const failKey = { ...liaison, 'idempotency-key': 'fail-1' };
  const f1 = await h.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/fail`, headers: failKey, payload: { reason: 'no_agreement' } });
  const f2 = await h.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/fail`, headers: failKey, payload: { reason: 'no_agreement' } });
  t.equal(f1.statusCode, 200);
  t.equal(f2.statusCode, 200, 'a retried command is not a 409');
  t.same(f2.json(), f1.json());
  t.equal((await h.store.readStream(`referral-${referralId}`)).length, 3);
});

t.test('jurisdiction and roles: the court liaison acts for the court, centers only in their area', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const r = await referred(h, clock);
  const head = await h.store.headPosition();
  const accept = { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso() };
  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/accept`, headers: h.auth('supervisor', township), payload: accept })).statusCode,
    403,
    'a center director cannot act for the court',
  );
  t.equal(
    (await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/accept`, headers: h.auth('court_liaison', '230303'), payload: accept })).statusCode,
    403,
    'another county’s court cannot accept it',
  );
  t.equal((await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: h.auth('court_liaison', '230303') })).statusCode, 404, 'nor read it');
  t.equal((await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: h.auth('intake_clerk', '230302102') })).statusCode, 404, 'nor a neighbouring township');
  t.equal(
    (await h.app.inject({ method: 'POST', url: '/api/referrals', headers: h.auth('supervisor', '230302102'), payload: { caseId: r.caseId, court, consents: r.consents } })).statusCode,
    403,
    'a neighbouring township cannot refer this dispute',
  );
  t.equal(await h.store.headPosition(), head, 'nothing appended');
  t.equal((await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/accept`, headers: h.auth('court_liaison', county), payload: accept })).statusCode, 200);
  const other = await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/settle`, headers: h.auth('mediator', county, 'med-9'), payload: { terms: 't', effectiveAt: clock.iso() } });
  t.equal(other.json().error, 'not_assigned_mediator', 'only the designated mediator records the outcome');
});

t.test('personal data and agreement terms never reach the logs', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const r = await referred(h, clock);
  const liaison = h.auth('court_liaison', county);
  await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/accept`, headers: liaison, payload: { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso() } });
  await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/settle`, headers: liaison, payload: { terms: TERMS_SECRET, effectiveAt: 'bad' } });
  await h.app.inject({ method: 'POST', url: `/api/referrals/${r.referralId}/settle`, headers: liaison, payload: { terms: TERMS_SECRET, effectiveAt: clock.iso() } });
  await h.app.inject({ method: 'GET', url: `/api/referrals/${r.referralId}`, headers: liaison });
  const all = h.logLines.join('\n');
  t.ok(h.logLines.length > 5);
  for (const [field, value] of Object.entries(SEEDED_PERSON)) t.notOk(all.includes(value), `${field} is not in any log line`);
  t.notOk(all.includes(TERMS_SECRET), 'nor the terms');
  const raw = JSON.stringify((await h.store.readStream(`referral-${r.referralId}`)).map((e) => e.data));
  t.notOk(raw.includes(TERMS_SECRET), 'terms are sealed in the stored events');
});
