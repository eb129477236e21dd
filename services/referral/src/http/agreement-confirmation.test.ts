import t from 'tap';
import { referralTestApp } from '../testing.js';

/**
 * Issue 13 §1: judicial confirmation of a people's mediation agreement (人民调解法 art. 33), the
 * court's acceptance (and refusal) of an application, and dated facts in order (400 naming the field).
 */

const township = '230302101';
const county = '230302';
const court = { code: 'court-230302', name: '鸡西市鸡冠区人民法院' };
const DAY = 86_400_000;
type App = Awaited<ReturnType<typeof referralTestApp>>;

function testClock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (days: number) => void (t += days * DAY), iso: (offsetDays = 0) => new Date(t + offsetDays * DAY).toISOString() };
}
const post = (h: App, url: string, headers: Record<string, string>, payload: unknown) => h.app.inject({ method: 'POST', url, headers, payload: payload as object });

/** A dispute mediated by the township's people's mediation committee to an agreement, and then closed. */
async function agreedAndClosed(h: App, clock: ReturnType<typeof testClock>) {
  const d = await h.acceptedDispute();
  const director = h.auth('supervisor', township);
  const opened = await post(h, '/api/mediations', director, { caseId: d.caseId, organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  if (opened.statusCode !== 201) throw new Error(opened.body);
  const { mediationId } = opened.json() as { mediationId: string };
  await post(h, `/api/mediations/${mediationId}/assign-mediator`, director, { mediatorId: 'med-01' });
  const mediator = h.auth('mediator', township, 'med-01');
  await post(h, `/api/mediations/${mediationId}/record-session`, mediator, { heldAt: clock.iso(), attendees: [{ kind: 'role', role: 'mediator' }], notes: '双方陈述意见' });
  const agreed = await post(h, `/api/mediations/${mediationId}/reach-agreement`, mediator, { terms: '分两期付清货款', signedAt: clock.iso(), performanceDeadline: clock.iso(20) });
  if (agreed.statusCode !== 200) throw new Error(agreed.body);
  const clerk = h.auth('intake_clerk', township);
  await post(h, `/api/disputes/${d.caseId}/route`, clerk, { mode: 'handle_here', dueAt: clock.iso(10) });
  const closed = await post(h, `/api/disputes/${d.caseId}/close`, clerk, { outcome: 'resolved', summary: '达成人民调解协议' });
  if (closed.statusCode !== 200) throw new Error(`close: ${closed.body}`);
  return { ...d, mediationId };
}

t.test("a people's mediation agreement goes for judicial confirmation; the court accepts, then rules", async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const a = await agreedAndClosed(h, clock);
  const mediator = h.auth('mediator', township, 'med-01');
  const consents = [
    { personId: a.applicant, consentedAt: clock.iso() },
    { personId: a.respondent, consentedAt: clock.iso() },
  ];
  const referral = await post(h, '/api/referrals', h.auth('supervisor', township), { caseId: a.caseId, court, consents });
  t.equal(referral.json().error, 'dispute_not_open', 'a pre-filing referral needs an open dispute …');
  t.match(referral.json().message, /已办结/, '… and says so with the status in words');

  clock.advance(10);
  const head = await h.store.headPosition();
  const one = await post(h, '/api/referrals/confirmations', mediator, { mediationId: a.mediationId, court, applicants: [a.applicant], appliedAt: clock.iso() });
  t.equal(one.json().error, 'joint_application_required', 'both parties apply jointly');
  const early = await post(h, '/api/referrals/confirmations', mediator, { mediationId: a.mediationId, court, applicants: [a.applicant, a.respondent], appliedAt: clock.iso(-11) });
  t.equal(early.statusCode, 400, 'an application dated before the agreement');
  t.same(
    early.json().details.map((d: { path: string }) => d.path),
    ['body.appliedAt'],
  );
  const unknown = await post(h, '/api/referrals/confirmations', mediator, {
    mediationId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11',
    court,
    applicants: [a.applicant, a.respondent],
    appliedAt: clock.iso(),
  });
  t.same(
    unknown.json().details.map((d: { path: string }) => d.path),
    ['body.mediationId'],
  );
  t.equal(
    (await post(h, '/api/referrals/confirmations', h.auth('mediator', '230302102'), { mediationId: a.mediationId, court, applicants: [a.applicant, a.respondent], appliedAt: clock.iso() })).statusCode,
    403,
    'a neighbouring township cannot apply for it',
  );
  t.equal(await h.store.headPosition(), head, 'nothing appended');

  const applied = await post(h, '/api/referrals/confirmations', mediator, { mediationId: a.mediationId, court, applicants: [a.applicant, a.respondent], appliedAt: clock.iso() });
  t.equal(applied.statusCode, 201, applied.body);
  const { referralId, caseCode } = applied.json();
  t.equal(caseCode, a.caseCode, 'the application joins the case code (一案一编码)');
  const liaison = h.auth('court_liaison', county);
  let view = (await h.app.inject({ method: 'GET', url: `/api/referrals/${referralId}`, headers: liaison })).json();
  t.match(view, { status: 'confirmation_applied', mediationId: a.mediationId, confirmationApplyBy: '2026-04-01T15:59:59.999Z', application: { applicants: [a.applicant, a.respondent] } });

  const notYet = await post(h, `/api/referrals/${referralId}/rule-confirmation`, liaison, { decision: 'confirmed', ruledAt: clock.iso(), rulingNumber: '(2026)黑0302民特9号' });
  t.equal(notYet.json().error, 'application_not_accepted', 'the court rules only on an application it has accepted');
  const beforeApplication = await post(h, `/api/referrals/${referralId}/accept-confirmation`, liaison, { acceptedAt: clock.iso(-1) });
  t.equal(beforeApplication.statusCode, 400);
  t.same(
    beforeApplication.json().details.map((d: { path: string }) => d.path),
    ['body.acceptedAt'],
    'acceptance cannot precede the application',
  );
  const future = await post(h, `/api/referrals/${referralId}/accept-confirmation`, liaison, { acceptedAt: clock.iso(1) });
  t.same(
    future.json().details.map((d: { path: string }) => d.path),
    ['body.acceptedAt'],
    'nor lie in the future',
  );

  clock.advance(2);
  t.equal((await post(h, `/api/referrals/${referralId}/accept-confirmation`, liaison, { acceptedAt: clock.iso(), caseNumber: '(2026)黑0302民特9号' })).statusCode, 200);
  clock.advance(5);
  const ruled = await post(h, `/api/referrals/${referralId}/rule-confirmation`, liaison, { decision: 'confirmed', ruledAt: clock.iso(), rulingNumber: '(2026)黑0302民特9号' });
  t.equal(ruled.statusCode, 200, ruled.body);
  view = (await h.app.inject({ method: 'GET', url: `/api/referrals/${referralId}`, headers: liaison })).json();
  t.match(view, { status: 'confirmed', applicationDecision: { decision: 'accepted', caseNumber: '(2026)黑0302民特9号' }, ruling: { decision: 'confirmed' } });
});

t.test('the court may refuse to accept an application; then it cannot rule, and filing stays open', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const a = await agreedAndClosed(h, clock);
  const { referralId } = (
    await post(h, '/api/referrals/confirmations', h.auth('mediator', township, 'med-01'), { mediationId: a.mediationId, court, applicants: [a.applicant, a.respondent], appliedAt: clock.iso() })
  ).json();
  const liaison = h.auth('court_liaison', county);
  t.equal((await post(h, `/api/referrals/${referralId}/refuse-confirmation`, liaison, { refusedAt: clock.iso(), reason: '不属于本院管辖' })).statusCode, 200);
  const view = (await h.app.inject({ method: 'GET', url: `/api/referrals/${referralId}`, headers: liaison })).json();
  t.match(view, { status: 'confirmation_refused', statusLabel: { zh: '司法确认不予受理' }, applicationDecision: { decision: 'refused', reason: '不属于本院管辖' } });
  t.equal((await post(h, `/api/referrals/${referralId}/rule-confirmation`, liaison, { decision: 'confirmed', ruledAt: clock.iso(), rulingNumber: 'x' })).json().error, 'no_application');
  t.equal((await post(h, `/api/referrals/${referralId}/file`, liaison, { caseNumber: '(2026)黑0302民初9号', filedAt: clock.iso() })).statusCode, 200);
});

t.test('pre-filing referral dates follow each other: a settlement before the court accepted is a 400 naming effectiveAt', async (t) => {
  const clock = testClock('2026-03-02T02:00:00Z');
  const h = await referralTestApp(t.testdir(), { now: clock.now });
  t.teardown(h.close);
  const d = await h.acceptedDispute();
  const consents = [
    { personId: d.applicant, consentedAt: clock.iso() },
    { personId: d.respondent, consentedAt: clock.iso(1) },
  ];
  const future = await post(h, '/api/referrals', h.auth('supervisor', township), { caseId: d.caseId, court, consents });
  t.same(
    future.json().details.map((x: { path: string }) => x.path),
    ['body.consents.1.consentedAt'],
    'a consent dated tomorrow',
  );
  const { referralId } = (await post(h, '/api/referrals', h.auth('supervisor', township), { caseId: d.caseId, court, consents: [consents[0], { ...consents[1], consentedAt: clock.iso() }] })).json();
  const liaison = h.auth('court_liaison', county);
  clock.advance(40);
  const acceptedEarly = await post(h, `/api/referrals/${referralId}/accept`, liaison, { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso(-41) });
  t.same(
    acceptedEarly.json().details.map((x: { path: string }) => x.path),
    ['body.acceptedAt'],
    'the court cannot accept before the referral',
  );
  t.equal((await post(h, `/api/referrals/${referralId}/accept`, liaison, { preFilingNumber: 'p1', mediatorId: 'med-7', acceptedAt: clock.iso() })).statusCode, 200);
  const head = await h.store.headPosition();
  const settled = await post(h, `/api/referrals/${referralId}/settle`, liaison, { terms: '和解', effectiveAt: clock.iso(-35) });
  t.equal(settled.statusCode, 400);
  t.same(
    settled.json().details.map((x: { path: string }) => x.path),
    ['body.effectiveAt'],
  );
  t.match(settled.json().details[0].message, /法院接收委派时间/);
  const badDeadline = await post(h, `/api/referrals/${referralId}/settle`, liaison, { terms: '和解', effectiveAt: clock.iso(), performanceDeadline: clock.iso(-1) });
  t.same(
    badDeadline.json().details.map((x: { path: string }) => x.path),
    ['body.performanceDeadline'],
  );
  t.equal(await h.store.headPosition(), head, 'nothing appended');
});
