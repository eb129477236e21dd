import t from 'tap';
import { deciderSpecification } from '@zz/commands';
import type { Actor, MediationEvent } from '@zz/contracts';
import type { MediationCommand, MediationContext } from './commands.js';
import { mediationDecider } from './decider.js';

const spec = deciderSpecification(mediationDecider);
const township = '230302101';
const now = new Date('2026-03-10T02:00:00Z');
const mediator: Actor = { userId: 'med-1', role: 'mediator', centerCode: township };
const director: Actor = { userId: 'dir-1', role: 'supervisor', centerCode: township };
const ctx = (actor: Actor = mediator, at = now): MediationContext => ({ now: at, actor });
const base = { mediationId: '5b1f0f7e-0d7a-4a51-9d1e-6a8f3c2b9e01', caseId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', caseCode: `${township}-2026-000001` };
const sealed = (s: string) => ({ keyId: 'p-app', ciphertext: s });
const parties = [
  { personId: 'p-app', role: 'applicant' as const },
  { personId: 'p-res', role: 'respondent' as const },
  { personId: 'p-third', role: 'third_party' as const },
];

const openData = {
  ...base,
  areaCode: '230302101001',
  handlingCenter: township,
  category: 'neighbours' as const,
  organisationKind: 'peoples_mediation_committee' as const,
  organisationName: '红军路街道人民调解委员会',
  plannedEndAt: '2026-04-09T02:00:00.000Z',
  parties,
  narratorId: 'p-app',
};
const opened: MediationEvent = { type: 'MediationOpened', data: openData };
const assigned: MediationEvent = { type: 'MediatorAssigned', data: { ...base, mediatorId: 'med-1' } };
const session: MediationEvent = {
  type: 'MediationSessionRecorded',
  data: {
    ...base,
    sessionNo: 1,
    heldAt: '2026-03-09T06:00:00.000Z',
    attendees: [
      { kind: 'party', personId: 'p-app' },
      { kind: 'role', role: 'mediator' },
    ],
    notes: sealed('n1'),
  },
};
const refusal: MediationEvent = { type: 'MediationRefusedByParty', data: { ...base, personId: 'p-res', statedAt: '2026-03-09T06:00:00.000Z' } };
const agreement: MediationEvent = {
  type: 'MediationAgreementReached',
  data: {
    ...base,
    terms: sealed('t'),
    amounts: [{ label: '维修费', amountFen: 350000, payerPersonId: 'p-res', payeePersonId: 'p-app' }],
    signedAt: '2026-03-10T01:00:00.000Z',
    performanceDeadline: '2026-04-10T00:00:00.000Z',
  },
};
const failed: MediationEvent = { type: 'MediationFailed', data: { ...base, reason: 'no_agreement' } };
const partial: MediationEvent = { type: 'AgreementPerformanceRecorded', data: { ...base, status: 'partial', checkedAt: '2026-03-10T01:30:00.000Z' } };
const full: MediationEvent = { type: 'AgreementPerformanceRecorded', data: { ...base, status: 'full', checkedAt: '2026-03-10T01:30:00.000Z' } };
const closed = (outcome: 'agreement' | 'failed' | 'refused'): MediationEvent => ({ type: 'MediationClosed', data: { ...base, outcome } });

const openCmd = (over: Partial<Extract<MediationCommand, { type: 'OpenMediation' }>['data']> = {}): MediationCommand => ({
  type: 'OpenMediation',
  data: { ...openData, disputeStatus: 'in_progress', ...over },
});
const sessionCmd = (over: Partial<Extract<MediationCommand, { type: 'RecordSession' }>['data']> = {}): MediationCommand => ({
  type: 'RecordSession',
  data: {
    heldAt: '2026-03-09T14:00:00+08:00',
    attendees: [
      { kind: 'party', personId: 'p-app' },
      { kind: 'role', role: 'mediator' },
    ],
    notes: sealed('n1'),
    ...over,
  },
});
const agreeCmd = (over: Partial<Extract<MediationCommand, { type: 'ReachAgreement' }>['data']> = {}): MediationCommand => ({
  type: 'ReachAgreement',
  data: {
    terms: sealed('t'),
    amounts: [{ label: '维修费', amountFen: 350000, payerPersonId: 'p-res', payeePersonId: 'p-app' }],
    signedAt: '2026-03-10T09:00:00+08:00',
    performanceDeadline: '2026-04-10T08:00:00+08:00',
    ...over,
  },
});
const extendCmd = (consents: { personId: string; consentedAt: string }[], newEndAt = '2026-05-09T02:00:00Z'): MediationCommand => ({ type: 'ExtendMediation', data: { consents, newEndAt } });
const bothConsent = [
  { personId: 'p-app', consentedAt: '2026-03-09T02:00:00Z' },
  { personId: 'p-res', consentedAt: '2026-03-09T03:00:00Z' },
];

t.test('open a mediation file for an open dispute', async (t) => {
  spec.given([]).when(openCmd(), ctx(director)).then(t, [opened], 'the file copies the dispute facts it will be judged on');
  spec
    .given([])
    .when(openCmd({ plannedEndAt: '2026-04-09T10:00:00+08:00' }), ctx(director))
    .then(t, [opened], 'times are kept in UTC');
  spec.given([opened]).when(openCmd(), ctx(director)).thenRefused(t, 'already_opened');
  spec
    .given([])
    .when(openCmd({ disputeStatus: 'closed' }), ctx(director))
    .thenRefused(t, 'dispute_not_open', 'a closed dispute cannot go to mediation');
  spec
    .given([])
    .when(openCmd({ disputeStatus: 'declined' }), ctx(director))
    .thenRefused(t, 'dispute_not_open');
  spec
    .given([])
    .when(openCmd({ plannedEndAt: '2026-03-01T00:00:00Z' }), ctx(director))
    .thenRefused(t, 'end_date_not_later');
  const { plannedEndAt: _p, ...noEnd } = openData;
  spec
    .given([])
    .when(openCmd({ plannedEndAt: undefined }), ctx(director))
    .then(t, [{ type: 'MediationOpened', data: noEnd }], 'the planned end is optional');
  spec
    .given([])
    .when({ type: 'AssignMediator', data: { mediatorId: 'med-1' } }, ctx(director))
    .thenRefused(t, 'not_opened', 'nothing but opening on a missing file');
});

t.test('assign and reassign a mediator', async (t) => {
  spec
    .given([opened])
    .when({ type: 'AssignMediator', data: { mediatorId: 'med-1' } }, ctx(director))
    .then(t, [assigned]);
  spec
    .given([opened, assigned])
    .when({ type: 'AssignMediator', data: { mediatorId: 'med-1' } }, ctx(director))
    .thenRefused(t, 'already_assigned');
  spec
    .given([opened, assigned])
    .when({ type: 'AssignMediator', data: { mediatorId: 'med-2' } }, ctx(director))
    .then(t, [{ type: 'MediatorAssigned', data: { ...base, mediatorId: 'med-2', previousMediatorId: 'med-1' } }], 'the previous mediator is recorded');
});

t.test('record sessions: only with a mediator, only parties by person id, not in the future', async (t) => {
  spec.given([opened, assigned]).when(sessionCmd(), ctx()).then(t, [session]);
  spec
    .given([opened, assigned, session])
    .when(sessionCmd(), ctx())
    .then(t, [{ ...session, data: { ...session.data, sessionNo: 2 } }] as MediationEvent[], 'sessions are numbered');
  spec.given([opened]).when(sessionCmd(), ctx()).thenRefused(t, 'no_mediator');
  spec
    .given([opened, assigned])
    .when(sessionCmd({ heldAt: '2026-03-11T00:00:00Z' }), ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([opened, assigned])
    .when(sessionCmd({ attendees: [{ kind: 'party', personId: 'stranger' }] }), ctx())
    .thenRefused(t, 'unknown_person');
  spec
    .given([opened, assigned])
    .when(sessionCmd(), ctx({ ...mediator, userId: 'med-9' }))
    .thenRefused(t, 'not_assigned_mediator', 'another mediator cannot record on this file');
  spec.given([opened, assigned]).when(sessionCmd(), ctx(director)).then(t, [session], 'a director may record for the mediator');
});

t.test('note progress while active', async (t) => {
  const note = { type: 'NoteProgress', data: { note: sealed('p') } } as const;
  spec
    .given([opened])
    .when(note, ctx())
    .then(t, [{ type: 'MediationProgressNoted', data: { ...base, note: sealed('p') } }]);
  spec.given([opened, assigned, failed]).when(note, ctx()).thenRefused(t, 'mediation_ended');
});

t.test('extend only with every applicant and respondent consenting, to a later date', async (t) => {
  spec
    .given([opened, assigned])
    .when(extendCmd(bothConsent), ctx())
    .then(t, [
      {
        type: 'MediationExtended',
        data: {
          ...base,
          consents: [
            { personId: 'p-app', consentedAt: '2026-03-09T02:00:00.000Z' },
            { personId: 'p-res', consentedAt: '2026-03-09T03:00:00.000Z' },
          ],
          previousEndAt: openData.plannedEndAt,
          newEndAt: '2026-05-09T02:00:00.000Z',
        },
      },
    ]);
  spec
    .given([opened, assigned])
    .when(extendCmd([bothConsent[0]!]), ctx())
    .thenRefused(t, 'consent_missing', 'one side alone cannot extend');
  spec
    .given([opened, assigned])
    .when(extendCmd([...bothConsent, { personId: 'stranger', consentedAt: '2026-03-09T02:00:00Z' }]), ctx())
    .thenRefused(t, 'unknown_person');
  spec
    .given([opened, assigned])
    .when(extendCmd([bothConsent[0]!, { personId: 'p-res', consentedAt: '2026-03-12T00:00:00Z' }]), ctx())
    .thenRefused(t, 'time_in_future');
  spec.given([opened, assigned]).when(extendCmd(bothConsent, '2026-04-01T00:00:00Z'), ctx()).thenRefused(t, 'end_date_not_later', 'an "extension" that shortens is refused');
  spec.given([opened, assigned, refusal]).when(extendCmd(bothConsent), ctx()).thenRefused(t, 'mediation_stopped');
});

t.test('a clear refusal stops mediation: only closing is allowed afterwards', async (t) => {
  spec
    .given([opened, assigned])
    .when({ type: 'RecordRefusal', data: { personId: 'p-res', statedAt: '2026-03-09T14:00:00+08:00' } }, ctx())
    .then(t, [refusal]);
  spec
    .given([opened, assigned])
    .when({ type: 'RecordRefusal', data: { personId: 'stranger', statedAt: '2026-03-09T06:00:00Z' } }, ctx())
    .thenRefused(t, 'unknown_person');
  spec
    .given([opened, assigned])
    .when({ type: 'RecordRefusal', data: { personId: 'p-res', statedAt: '2026-03-11T06:00:00Z' } }, ctx())
    .thenRefused(t, 'time_in_future');
  const after = [opened, assigned, refusal];
  const blocked: MediationCommand[] = [
    { type: 'AssignMediator', data: { mediatorId: 'med-2' } },
    sessionCmd(),
    { type: 'NoteProgress', data: { note: sealed('p') } },
    extendCmd(bothConsent),
    { type: 'RecordRefusal', data: { personId: 'p-app', statedAt: '2026-03-09T06:00:00Z' } },
    agreeCmd(),
    { type: 'RecordFailure', data: { reason: 'no_agreement' } },
  ];
  for (const cmd of blocked) spec.given(after).when(cmd, ctx(director)).thenRefused(t, 'mediation_stopped', `${cmd.type} after a refusal`);
  spec
    .given(after)
    .when({ type: 'RecordPerformance', data: { status: 'full', checkedAt: '2026-03-10T00:00:00Z' } }, ctx())
    .thenRefused(t, 'no_agreement');
  spec
    .given(after)
    .when({ type: 'CloseMediation', data: {} }, ctx())
    .then(t, [closed('refused')]);
});

t.test('end with an agreement', async (t) => {
  spec.given([opened, assigned, session]).when(agreeCmd(), ctx()).then(t, [agreement]);
  spec.given([opened, assigned]).when(agreeCmd(), ctx()).thenRefused(t, 'no_session_held');
  spec.given([opened]).when(agreeCmd(), ctx()).thenRefused(t, 'no_mediator');
  spec
    .given([opened, assigned, session])
    .when(agreeCmd({ signedAt: '2026-03-11T00:00:00Z' }), ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([opened, assigned, session])
    .when(agreeCmd({ performanceDeadline: '2026-03-09T00:00:00Z' }), ctx())
    .thenRefused(t, 'deadline_before_signing');
  spec
    .given([opened, assigned, session])
    .when(agreeCmd({ amounts: [{ label: 'x', amountFen: 1, payerPersonId: 'stranger' }] }), ctx())
    .thenRefused(t, 'unknown_person');
  spec
    .given([opened, assigned, session])
    .when(agreeCmd(), ctx({ ...mediator, userId: 'med-9' }))
    .thenRefused(t, 'not_assigned_mediator');
  spec.given([opened, assigned, session, agreement]).when(agreeCmd(), ctx()).thenRefused(t, 'mediation_ended');
});

t.test('end with a failure', async (t) => {
  spec
    .given([opened, assigned])
    .when({ type: 'RecordFailure', data: { reason: 'no_agreement' } }, ctx())
    .then(t, [failed]);
  spec
    .given([opened])
    .when({ type: 'RecordFailure', data: { reason: 'party_absent', note: sealed('f') } }, ctx(director))
    .then(t, [{ type: 'MediationFailed', data: { ...base, reason: 'party_absent', note: sealed('f') } }], 'before a mediator is assigned too');
  spec
    .given([opened, assigned])
    .when({ type: 'RecordFailure', data: { reason: 'no_agreement' } }, ctx({ ...mediator, userId: 'med-9' }))
    .thenRefused(t, 'not_assigned_mediator');
  spec
    .given([opened, assigned, failed])
    .when({ type: 'RecordFailure', data: { reason: 'no_agreement' } }, ctx())
    .thenRefused(t, 'mediation_ended');
  spec
    .given([opened, assigned, failed])
    .when({ type: 'CloseMediation', data: {} }, ctx())
    .then(t, [closed('failed')]);
});

t.test('record performance of the agreement: partial, then full, then no more', async (t) => {
  const given = [opened, assigned, session, agreement];
  spec
    .given(given)
    .when({ type: 'RecordPerformance', data: { status: 'partial', checkedAt: '2026-03-10T09:30:00+08:00' } }, ctx())
    .then(t, [partial]);
  spec
    .given([...given, partial])
    .when({ type: 'RecordPerformance', data: { status: 'full', checkedAt: '2026-03-10T01:30:00Z' } }, ctx())
    .then(t, [full]);
  spec
    .given([...given, full])
    .when({ type: 'RecordPerformance', data: { status: 'full', checkedAt: '2026-03-10T01:30:00Z' } }, ctx())
    .thenRefused(t, 'already_performed');
  spec
    .given(given)
    .when({ type: 'RecordPerformance', data: { status: 'none', checkedAt: '2026-03-11T00:00:00Z' } }, ctx())
    .thenRefused(t, 'time_in_future');
  spec
    .given([opened, assigned, failed])
    .when({ type: 'RecordPerformance', data: { status: 'none', checkedAt: '2026-03-10T00:00:00Z' } }, ctx())
    .thenRefused(t, 'no_agreement');
  spec
    .given([...given, partial])
    .when({ type: 'CloseMediation', data: {} }, ctx())
    .then(t, [closed('agreement')]);
});

t.test('close only once mediation has ended, and nothing after closing', async (t) => {
  spec.given([opened, assigned]).when({ type: 'CloseMediation', data: {} }, ctx()).thenRefused(t, 'mediation_not_ended');
  spec.given([opened]).when({ type: 'CloseMediation', data: {} }, ctx()).thenRefused(t, 'mediation_not_ended');
  const done = [opened, assigned, failed, closed('failed')];
  spec.given(done).when({ type: 'CloseMediation', data: {} }, ctx()).thenRefused(t, 'already_closed');
  spec
    .given(done)
    .when({ type: 'NoteProgress', data: { note: sealed('p') } }, ctx())
    .thenRefused(t, 'mediation_ended');
  spec
    .given([opened, assigned, session, agreement, closed('agreement')])
    .when({ type: 'RecordPerformance', data: { status: 'full', checkedAt: '2026-03-10T01:30:00Z' } }, ctx())
    .thenRefused(t, 'no_agreement', 'a closed file takes no more performance checks');
});
