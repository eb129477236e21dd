import t from 'tap';
import { deciderSpecification } from '@zz/commands';
import type { Actor, ReferralEvent } from '@zz/contracts';
import type { ReferralCommand, ReferralContext } from './commands.js';
import { confirmationApplyBy } from './confirmation-window.js';
import { referralDecider } from './decider.js';

const spec = deciderSpecification(referralDecider);
const township = '230302101';
const now = new Date('2026-03-20T02:00:00Z');
const clerk: Actor = { userId: 'clerk-1', role: 'intake_clerk', centerCode: township };
const liaison: Actor = { userId: 'court-1', role: 'court_liaison', centerCode: '230302' };
const mediator: Actor = { userId: 'med-7', role: 'mediator', centerCode: '230302' };
const ctx = (actor: Actor = liaison, at = now): ReferralContext => ({ now: at, actor });
const base = { referralId: '2c7e1a40-8b9d-4f1e-a2b3-c4d5e6f70812', caseId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', caseCode: `${township}-2026-000001` };
const sealed = (s: string) => ({ keyId: 'p-app', ciphertext: s });
const court = { code: 'court-230302', name: '鸡西市鸡冠区人民法院' };
const parties = [
  { personId: 'p-app', role: 'applicant' as const },
  { personId: 'p-res', role: 'respondent' as const },
  { personId: 'p-third', role: 'third_party' as const },
];
const consents = [
  { personId: 'p-app', consentedAt: '2026-03-01T02:00:00.000Z' },
  { personId: 'p-res', consentedAt: '2026-03-01T03:00:00.000Z' },
];
const referData = { ...base, areaCode: '230302101001', handlingCenter: township, category: 'contract' as const, court, consents, parties, narratorId: 'p-app' };

const referred: ReferralEvent = { type: 'ReferredToCourt', data: { ...referData, referredAt: '2026-03-02T02:00:00.000Z' } };
const accepted: ReferralEvent = { type: 'ReferralAccepted', data: { ...base, preFilingNumber: '(2026)黑0302诉前调1号', mediatorId: 'med-7', acceptedAt: '2026-03-03T02:00:00.000Z' } };
const settled: ReferralEvent = {
  type: 'ReferralSettled',
  data: { ...base, terms: sealed('t'), amounts: [], effectiveAt: '2026-03-10T02:00:00.000Z', confirmationApplyBy: '2026-04-09T15:59:59.999Z' },
};
const failed: ReferralEvent = { type: 'ReferralFailed', data: { ...base, reason: 'no_agreement' } };
const applied: ReferralEvent = { type: 'JudicialConfirmationApplied', data: { ...base, applicants: ['p-app', 'p-res'], appliedAt: '2026-03-15T02:00:00.000Z' } };
const appAccepted: ReferralEvent = { type: 'ConfirmationApplicationAccepted', data: { ...base, acceptedAt: '2026-03-16T02:00:00.000Z' } };
const confirmed: ReferralEvent = { type: 'JudicialConfirmationGranted', data: { ...base, ruledAt: '2026-03-18T02:00:00.000Z', rulingNumber: '(2026)黑0302民特1号' } };
const rejected: ReferralEvent = { type: 'JudicialConfirmationRejected', data: { ...base, ruledAt: '2026-03-18T02:00:00.000Z', reason: sealed('r') } };
const filed: ReferralEvent = { type: 'CaseFiled', data: { ...base, caseNumber: '(2026)黑0302民初88号', filedAt: '2026-03-19T02:00:00.000Z' } };

const referCmd = (over: Partial<Extract<ReferralCommand, { type: 'ReferToCourt' }>['data']> = {}): ReferralCommand => ({
  type: 'ReferToCourt',
  data: { ...referData, disputeStatus: 'in_progress', ...over },
});
const settleCmd = (over: Partial<Extract<ReferralCommand, { type: 'RecordSettlement' }>['data']> = {}): ReferralCommand => ({
  type: 'RecordSettlement',
  data: { terms: sealed('t'), amounts: [], effectiveAt: '2026-03-10T10:00:00+08:00', ...over },
});
const applyCmd = (appliedAt: string, applicants = ['p-app', 'p-res']): ReferralCommand => ({ type: 'ApplyForConfirmation', data: { applicants, appliedAt } });
const fileCmd: ReferralCommand = { type: 'FileCase', data: { caseNumber: '(2026)黑0302民初88号', filedAt: '2026-03-19T10:00:00+08:00' } };

t.test('the 30-day window ends at the end of the 30th China-time day after the agreement took effect', async (t) => {
  t.equal(confirmationApplyBy('2026-03-10T02:00:00Z'), '2026-04-09T15:59:59.999Z', '10 March (China) + 30 days = 9 April, 23:59:59.999 +08:00');
  t.equal(confirmationApplyBy('2026-03-09T17:00:00Z'), '2026-04-09T15:59:59.999Z', '01:00 on 10 March China time is still 10 March');
  t.equal(confirmationApplyBy('2026-02-27T12:00:00+08:00'), '2026-03-29T15:59:59.999Z', 'across a short month');
});

t.test('refer with every party’s consent', async (t) => {
  spec
    .given([])
    .when(referCmd(), ctx(clerk))
    .then(t, [{ ...referred, data: { ...referred.data, referredAt: now.toISOString() } } as ReferralEvent], 'dated now');
  spec.given([referred]).when(referCmd(), ctx(clerk)).thenRefused(t, 'already_referred');
  spec
    .given([])
    .when(referCmd({ disputeStatus: 'closed' }), ctx(clerk))
    .thenRefused(t, 'dispute_not_open');
  spec
    .given([])
    .when(referCmd({ consents: [consents[0]!] }), ctx(clerk))
    .thenRefused(t, 'consent_missing', 'one side’s consent is not enough');
  spec
    .given([])
    .when(referCmd({ consents: [...consents, { personId: 'stranger', consentedAt: '2026-03-01T00:00:00Z' }] }), ctx(clerk))
    .thenRefused(t, 'unknown_person');
  spec
    .given([])
    .when(referCmd({ consents: [consents[0]!, { personId: 'p-res', consentedAt: '2026-03-21T00:00:00Z' }] }), ctx(clerk))
    .thenRefused(t, 'time_in_future');
  spec
    .given([])
    .when({ type: 'AcceptReferral', data: { preFilingNumber: 'x', mediatorId: 'm', acceptedAt: '2026-03-03T02:00:00Z' } }, ctx())
    .thenRefused(t, 'not_referred');
});

t.test('the court accepts and designates a mediator', async (t) => {
  spec
    .given([referred])
    .when({ type: 'AcceptReferral', data: { preFilingNumber: '(2026)黑0302诉前调1号', mediatorId: 'med-7', acceptedAt: '2026-03-03T10:00:00+08:00' } }, ctx())
    .then(t, [accepted]);
  spec
    .given([referred])
    .when({ type: 'AcceptReferral', data: { preFilingNumber: 'x', mediatorId: 'med-7', acceptedAt: '2026-03-21T00:00:00Z' } }, ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([referred, accepted])
    .when({ type: 'AcceptReferral', data: { preFilingNumber: 'x', mediatorId: 'med-8', acceptedAt: '2026-03-03T02:00:00Z' } }, ctx())
    .thenRefused(t, 'not_awaiting_court');
});

t.test('settled or failed, by the designated mediator or the court', async (t) => {
  spec.given([referred, accepted]).when(settleCmd(), ctx(mediator)).then(t, [settled], 'the settlement carries the last day to apply for confirmation');
  spec.given([referred]).when(settleCmd(), ctx()).thenRefused(t, 'not_in_mediation', 'not before the court accepts');
  spec
    .given([referred, accepted])
    .when(settleCmd(), ctx({ ...mediator, userId: 'med-9' }))
    .thenRefused(t, 'not_assigned_mediator');
  spec
    .given([referred, accepted])
    .when(settleCmd({ effectiveAt: '2026-03-21T00:00:00Z' }), ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([referred, accepted])
    .when(settleCmd({ performanceDeadline: '2026-03-09T00:00:00Z' }), ctx())
    .thenRefused(t, 'deadline_before_signing');
  spec
    .given([referred, accepted])
    .when(settleCmd({ amounts: [{ label: '货款', amountFen: 100, payerPersonId: 'stranger' }] }), ctx())
    .thenRefused(t, 'unknown_person');
  spec
    .given([referred, accepted])
    .when({ type: 'RecordReferralFailure', data: { reason: 'no_agreement' } }, ctx(mediator))
    .then(t, [failed]);
  spec
    .given([referred, accepted, failed])
    .when({ type: 'RecordReferralFailure', data: { reason: 'no_agreement' } }, ctx())
    .thenRefused(t, 'not_in_mediation');
  spec.given([referred, accepted, settled]).when(settleCmd(), ctx()).thenRefused(t, 'not_in_mediation');
});

t.test('judicial confirmation: joint application within 30 days, then the court rules', async (t) => {
  const s = [referred, accepted, settled];
  spec.given(s).when(applyCmd('2026-03-15T10:00:00+08:00'), ctx()).then(t, [applied]);
  spec
    .given(s)
    .when(applyCmd('2026-03-15T02:00:00Z', ['p-app']), ctx())
    .thenRefused(t, 'joint_application_required');
  spec
    .given(s)
    .when(applyCmd('2026-03-15T02:00:00Z', ['p-app', 'p-res', 'stranger']), ctx())
    .thenRefused(t, 'unknown_person');
  spec.given(s).when(applyCmd('2026-03-21T02:00:00Z'), ctx()).thenRefused(t, 'time_in_future');
  spec.given(s).when(applyCmd('2026-03-09T02:00:00Z'), ctx()).thenRefused(t, 'time_before_dependency');
  const late = new Date('2026-04-20T02:00:00Z');
  spec
    .given(s)
    .when(applyCmd('2026-04-09T23:59:00+08:00'), ctx(liaison, late))
    .then(t, [{ ...applied, data: { ...applied.data, appliedAt: '2026-04-09T15:59:00.000Z' } }] as ReferralEvent[], 'the 30th day itself is still in time');
  const tooLate = spec.given(s).when(applyCmd('2026-04-10T00:00:00+08:00'), ctx(liaison, late));
  tooLate.thenRefused(t, 'confirmation_window_closed', 'the 31st day is too late');
  t.match((tooLate.result() as Error).message, /2026-04-09/, 'the refusal names the last day');
  spec.given([referred, accepted]).when(applyCmd('2026-03-15T02:00:00Z'), ctx()).thenRefused(t, 'not_settled');
  spec
    .given([...s, applied])
    .when(applyCmd('2026-03-15T02:00:00Z'), ctx())
    .thenRefused(t, 'not_settled', 'one application at a time');

  spec
    .given([...s, applied])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: '2026-03-18T10:00:00+08:00', rulingNumber: 'x' } }, ctx())
    .thenRefused(t, 'application_not_accepted');
  spec
    .given([...s, applied])
    .when({ type: 'AcceptConfirmationApplication', data: { acceptedAt: '2026-03-16T10:00:00+08:00' } }, ctx())
    .then(t, [appAccepted], 'the court accepts the application');
  spec
    .given([...s, applied])
    .when({ type: 'AcceptConfirmationApplication', data: { acceptedAt: '2026-03-14T10:00:00+08:00' } }, ctx())
    .thenRefused(t, 'time_before_dependency', 'not before the application');
  spec
    .given([...s, applied])
    .when({ type: 'RefuseConfirmationApplication', data: { refusedAt: '2026-03-16T10:00:00+08:00', reason: sealed('r') } }, ctx())
    .then(t, [{ type: 'ConfirmationApplicationRefused', data: { ...base, refusedAt: '2026-03-16T02:00:00.000Z', reason: sealed('r') } }]);
  spec
    .given([...s, applied, appAccepted])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: '2026-03-18T10:00:00+08:00', rulingNumber: '(2026)黑0302民特1号' } }, ctx())
    .then(t, [confirmed]);
  spec
    .given([...s, applied, appAccepted])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'rejected', ruledAt: '2026-03-18T02:00:00Z', reason: sealed('r') } }, ctx())
    .then(t, [rejected]);
  spec
    .given([...s, applied, appAccepted])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: '2026-03-15T02:00:00Z', rulingNumber: 'x' } }, ctx())
    .thenRefused(t, 'time_before_dependency', 'not before the acceptance');
  spec
    .given([...s, applied, appAccepted])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: '2026-03-21T02:00:00Z', rulingNumber: 'x' } }, ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given(s)
    .when({ type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: '2026-03-18T02:00:00Z', rulingNumber: 'x' } }, ctx())
    .thenRefused(t, 'no_application');
  spec
    .given([...s, applied, confirmed])
    .when({ type: 'RuleOnConfirmation', data: { decision: 'rejected', ruledAt: '2026-03-18T02:00:00Z', reason: sealed('r') } }, ctx())
    .thenRefused(t, 'no_application', 'a ruling is final');
});

t.test('filing the case is always an exit until the referral has ended', async (t) => {
  const open: ReferralEvent[][] = [
    [referred],
    [referred, accepted],
    [referred, accepted, settled],
    [referred, accepted, failed],
    [referred, accepted, settled, applied],
    [referred, accepted, settled, applied, rejected],
  ];
  for (const given of open)
    spec
      .given(given)
      .when(fileCmd, ctx())
      .then(t, [filed], `from ${given.at(-1)!.type}`);
  spec.given([referred, accepted, settled, applied, confirmed]).when(fileCmd, ctx()).thenRefused(t, 'referral_ended', 'not after judicial confirmation');
  spec.given([referred, filed]).when(fileCmd, ctx()).thenRefused(t, 'referral_ended', 'not twice');
  spec
    .given([referred])
    .when({ type: 'FileCase', data: { caseNumber: 'x', filedAt: '2026-03-21T00:00:00Z' } }, ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([referred, filed])
    .when({ type: 'AcceptReferral', data: { preFilingNumber: 'x', mediatorId: 'm', acceptedAt: '2026-03-03T02:00:00Z' } }, ctx())
    .thenRefused(t, 'not_awaiting_court', 'nothing else after filing');
});
