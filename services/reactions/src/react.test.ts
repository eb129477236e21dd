import t from 'tap';
import { react, type ReactableEvent } from './react.js';
import { SYSTEM_ACTOR_ID } from './system-actor.js';

const caseId = '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11';
const caseCode = '230302101-2026-000001';
const mediationId = '3b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const referralId = '4c1f7b4f-2d3e-4f60-9bac-1d2e3f4a5b6c';
const petitionId = '5d2a8c5a-3e4f-4a71-8cbd-2e3f4a5b6c7d';
const sealed = { keyId: 'p1', ciphertext: 'AAAA' };
let n = 0;
const ev = (type: string, data: Record<string, unknown>, correlationId = 'corr-1'): ReactableEvent => ({
  eventId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId, caseCode, actor: { userId: 'clerk-1', role: 'intake_clerk', centerCode: '230302101' } },
});

t.test('routing to mediation opens the mediation file, as the system actor of the handling center', async (t) => {
  const e = ev('DisputeRoutedToMediation', {
    caseId,
    caseCode,
    centerCode: '230302',
    organisationKind: 'peoples_mediation_committee',
    organisationName: '红军路街道人民调解委员会',
    plannedEndAt: '2026-04-01T00:00:00.000Z',
  });
  t.same(react(e), [
    {
      reaction: 'open_mediation_file',
      idempotencyKey: `reaction:open_mediation_file:${e.eventId}`,
      correlationId: 'corr-1',
      actor: { userId: SYSTEM_ACTOR_ID, role: 'admin', centerCode: '230302' },
      causation: { eventId: e.eventId, type: 'DisputeRoutedToMediation' },
      kind: 'open_mediation',
      body: { caseId, organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会', plannedEndAt: '2026-04-01T00:00:00.000Z' },
    },
  ]);
  const again = react(e);
  t.equal(again[0]!.idempotencyKey, react(e)[0]!.idempotencyKey, 'the same event always yields the same key');
  const other = react({ ...e, eventId: 'another-event' });
  t.not(other[0]!.idempotencyKey, again[0]!.idempotencyKey, 'another event, another key');
});

t.test('an opened mediation file is linked to its dispute, so the dispute lists its files', async (t) => {
  const opened = ev('MediationOpened', {
    mediationId,
    caseId,
    caseCode,
    areaCode: '230302101001',
    handlingCenter: '230302101',
    category: 'neighbours',
    organisationKind: 'peoples_mediation_committee',
    organisationName: '演示一镇人民调解委员会',
    parties: [],
    narratorId: 'p1',
    disputeStatus: 'in_progress',
  });
  t.match(react(opened), [
    { reaction: 'mediation_to_dispute', kind: 'report_to_dispute', caseId, command: { type: 'LinkMediation', data: { mediationId, organisationName: '演示一镇人民调解委员会' } } },
  ]);
});

t.test('mediation outcomes report back to the dispute', async (t) => {
  const base = { mediationId, caseId, caseCode };
  const [agreed] = react(ev('MediationAgreementReached', { ...base, terms: sealed, amounts: [], signedAt: '2026-03-02T00:00:00.000Z', performanceDeadline: '2026-04-02T00:00:00.000Z' }));
  t.match(agreed, { kind: 'report_to_dispute', caseId, reaction: 'mediation_outcome_to_dispute', command: { type: 'RecordMediationOutcome', data: { mediationId, outcome: 'agreement' } } });
  t.same(agreed!.actor, { userId: SYSTEM_ACTOR_ID, role: 'admin', centerCode: '230302101' }, 'the center in the case code');
  const [failed] = react(ev('MediationFailed', { ...base, reason: 'no_agreement', note: sealed }));
  t.same(
    failed && failed.kind === 'report_to_dispute' && failed.command,
    { type: 'RecordMediationOutcome', data: { mediationId, outcome: 'failed', failureReason: 'no_agreement' } },
    'the reason code goes; the sealed note stays behind',
  );
  const [refused] = react(ev('MediationRefusedByParty', { ...base, personId: 'p2', statedAt: '2026-03-02T00:00:00.000Z' }));
  t.match(refused, { command: { type: 'RecordMediationOutcome', data: { mediationId, outcome: 'refused' } } });
  for (const type of ['MediatorAssigned', 'MediationSessionRecorded', 'MediationClosed', 'AgreementPerformanceRecorded']) {
    t.same(
      react(
        ev(type, {
          ...base,
          mediatorId: 'm',
          sessionNo: 1,
          heldAt: '2026-03-02T00:00:00.000Z',
          attendees: [],
          notes: sealed,
          outcome: 'failed',
          status: 'full',
          checkedAt: '2026-03-02T00:00:00.000Z',
        }),
      ),
      [],
      `${type} calls for nothing`,
    );
  }
});

t.test('referral events report back to the dispute', async (t) => {
  const base = { referralId, caseId, caseCode };
  const court = { code: 'jgq-court', name: '鸡冠区人民法院' };
  t.match(react(ev('ReferredToCourt', { ...base, areaCode: '230302101001', handlingCenter: '230302101', category: 'neighbours', court, consents: [], parties: [], narratorId: 'p1' })), [
    { reaction: 'referral_to_dispute', caseId, command: { type: 'LinkReferral', data: { referralId, courtCode: 'jgq-court', courtName: '鸡冠区人民法院' } } },
  ]);
  const outcomes: [string, Record<string, unknown>, string][] = [
    ['ReferralSettled', { terms: sealed, amounts: [], effectiveAt: '2026-03-02T00:00:00.000Z', confirmationApplyBy: '2026-04-01T00:00:00.000Z' }, 'settled'],
    ['ReferralFailed', { reason: 'no_agreement' }, 'failed'],
    ['JudicialConfirmationGranted', { ruledAt: '2026-03-05T00:00:00.000Z', rulingNumber: '(2026)黑0302民特1号' }, 'confirmed'],
    ['JudicialConfirmationRejected', { ruledAt: '2026-03-05T00:00:00.000Z', reason: sealed }, 'rejected'],
  ];
  for (const [type, data, outcome] of outcomes) {
    t.match(react(ev(type, { ...base, ...data })), [{ reaction: 'court_outcome_to_dispute', command: { type: 'RecordCourtOutcome', data: { referralId, outcome } } }], `${type} → ${outcome}`);
  }
  t.match(react(ev('CaseFiled', { ...base, caseNumber: '(2026)黑0302民初1号', filedAt: '2026-03-06T00:00:00.000Z', note: sealed })), [
    { reaction: 'filing_to_dispute', command: { type: 'RecordCaseFiled', data: { referralId, caseNumber: '(2026)黑0302民初1号', filedAt: '2026-03-06T00:00:00.000Z' } } },
  ]);
  t.same(react(ev('ReferralAccepted', { ...base, preFilingNumber: 'x', mediatorId: 'm', acceptedAt: '2026-03-02T00:00:00.000Z' })), []);
  t.same(react(ev('JudicialConfirmationApplied', { ...base, applicants: [], appliedAt: '2026-03-02T00:00:00.000Z' })), []);
});

t.test('a petition links to its dispute only when it names one', async (t) => {
  const registered = (matter: Record<string, unknown>) =>
    ev('PetitionRegistered', {
      petitionId,
      caseCode,
      centerCode: '230302101',
      areaCode: '230302101001',
      channel: 'letter',
      title: '征地补偿',
      description: sealed,
      petitioners: [],
      matter,
      receivedAt: '2026-03-02T00:00:00.000Z',
    });
  t.match(react(registered({ subjectArea: 'land_expropriation', linkedDisputeId: caseId, linkedCaseCode: caseCode })), [
    { reaction: 'petition_to_dispute', kind: 'report_to_dispute', caseId, command: { type: 'LinkPetition', data: { petitionId, petitionCaseCode: caseCode } } },
  ]);
  t.same(react(registered({ subjectArea: 'land_expropriation', key: '红星村征地补偿' })), [], 'no dispute named, nothing to link');
  t.same(react(ev('PetitionAccepted', { petitionId, caseCode, decidedAt: '2026-03-02T00:00:00.000Z', withinWindow: true })), []);
});

t.test('reports and unrelated events call for nothing (no loops)', async (t) => {
  t.same(react(ev('MediationOutcomeRecorded', { caseId, caseCode, mediationId, outcome: 'failed' })), []);
  t.same(react(ev('DisputeAwaitingReferral', { caseId, caseCode, mediationId, reason: 'mediation_failed' })), []);
  t.same(react(ev('PetitionLinked', { caseId, caseCode, petitionId, petitionCaseCode: caseCode })), []);
  t.same(react(ev('DisputeAccepted', { caseId, caseCode })), []);
  t.same(react(ev('CaseCodeClaimed', { seq: 1 })), []);
  t.same(react(ev('SomethingElse', {})), []);
});

t.test('the system actor falls back to the city when the case code names no center', async (t) => {
  const e = ev('MediationFailed', { mediationId, caseId, caseCode: 'legacy-code', reason: 'other' });
  t.equal(react(e)[0]!.actor.centerCode, '230300');
  t.equal(react(e, { cityCode: '230400' })[0]!.actor.centerCode, '230400', 'a deployment names its own city');
  const noCorrelation = { ...e, metadata: {} };
  t.equal(react(noCorrelation)[0]!.correlationId, e.eventId, 'without a correlation id the event id stands in');
});

t.test('a missed step of the assignment loop calls for a card on the dispute; other missed clocks call for nothing', async (t) => {
  const missed = (policyId: string, clockId: string) =>
    ev('DeadlineMissed', {
      clockId,
      policyId,
      caseCode,
      centerCode: '230302101',
      obligedParty: 'center',
      startedAt: '2026-03-02T02:00:00.000Z',
      dueAt: '2026-03-03T23:59:59.999+08:00',
      dueDate: '2026-03-03',
      detectedAt: '2026-03-04T02:00:00.000Z',
    });
  const e = missed('intake.assignment-sign-for', `intake.assignment-sign-for:${caseId}:ev-1`);
  t.match(react(e), [
    {
      reaction: 'card_for_missed_step',
      kind: 'report_to_dispute',
      caseId,
      command: { type: 'IssueCard', data: { clockId: `intake.assignment-sign-for:${caseId}:ev-1`, policyId: 'intake.assignment-sign-for', centerCode: '230302101' } },
    },
  ]);
  t.same(react(missed('petition.answer', `petition.answer:${petitionId}`)), []);
});
