import t from 'tap';
import { deciderSpecification } from '@zz/commands';
import { RegionDirectory, jixiDemoRegions, type Actor, type IntakeEvent } from '@zz/contracts';
import type { IntakeCommand, IntakeContext } from './commands.js';
import { disputeDecider } from './decider.js';
import { DEFAULT_RISK_POLICY } from './risk-policy.js';

const spec = deciderSpecification(disputeDecider);
const regions = new RegionDirectory(jixiDemoRegions());
const township = '230302101';
const grid = '230302101001';
const now = new Date('2026-03-02T02:00:00Z');
const clerk: Actor = { userId: 'clerk-1', role: 'intake_clerk', centerCode: township };
const ctx = (actor: Actor = clerk, at = now): IntakeContext => ({ now: at, actor, regions, riskPolicy: DEFAULT_RISK_POLICY });
const base = { caseId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', caseCode: `${township}-2026-000001` };
const sealed = { keyId: 'p1', ciphertext: 'AAAA' };

const registered: IntakeEvent = {
  type: 'DisputeRegistered',
  data: {
    ...base,
    centerCode: township,
    areaCode: grid,
    category: 'neighbours',
    source: 'party_application',
    title: '邻里噪音纠纷',
    description: sealed,
    parties: [{ personId: 'p1', role: 'applicant', kind: 'person', details: sealed }],
  },
};
const accepted: IntakeEvent = { type: 'DisputeAccepted', data: { ...base } };
const takenOn: IntakeEvent = { type: 'DisputeTakenOn', data: { ...base, centerCode: township, dueAt: '2026-04-01T02:00:00.000Z' } };
const closed: IntakeEvent = { type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '双方和解' } };
const whistle: IntakeEvent = {
  type: 'WhistleBlown',
  data: {
    ...base,
    whistleId: 'w1',
    centerCode: township,
    departments: [
      { code: 'hrss', name: '人社局' },
      { code: 'housing', name: '住建局' },
    ],
    reportInDueAt: '2026-03-05T02:00:00.000Z',
    reason: '欠薪',
  },
};
const route = (data: Extract<IntakeCommand, { type: 'RouteDispute' }>['data']): IntakeCommand => ({ type: 'RouteDispute', data });

t.test('register', async (t) => {
  const { caseId, caseCode } = base;
  const cmd: IntakeCommand = { type: 'RegisterDispute', data: { ...registered.data, caseId, caseCode } as Extract<IntakeCommand, { type: 'RegisterDispute' }>['data'] };
  spec.given([]).when(cmd, ctx()).then(t, [registered], 'a new case is registered with its code');
  spec.given([registered]).when(cmd, ctx()).thenRefused(t, 'already_registered');

  const withIndicators = {
    ...cmd,
    data: {
      ...cmd.data,
      indicators: { partyCount: 12, violenceThreat: false, civilToCriminalRisk: false, repeatedPoliceCalls: false, failedMediationOnSensitiveMatter: false, sensitiveMatter: false },
    },
  } as IntakeCommand;
  const events = spec.given([]).when(withIndicators, ctx()).result();
  t.ok(Array.isArray(events) && events.length === 2, 'indicators known at the desk grade the case at once');
  if (Array.isArray(events)) {
    t.equal(events[1]!.type, 'RiskAssessed');
    t.match(events[1]!.data, { grade: 'red', supervision: 'yellow_card', factors: ['group_dispute:12'] }, 'twelve people make a red group dispute');
  }
});

t.test('accept and decline only from registered', async (t) => {
  spec.given([registered]).when({ type: 'AcceptDispute', data: {} }, ctx()).then(t, [accepted]);
  spec.given([registered, accepted]).when({ type: 'AcceptDispute', data: {} }, ctx()).thenRefused(t, 'not_awaiting_acceptance');
  spec
    .given([registered])
    .when({ type: 'DeclineDispute', data: { reason: '属劳动仲裁范围', redirectChannel: 'labour_arbitration' } }, ctx())
    .then(t, [{ type: 'DisputeDeclined', data: { ...base, reason: '属劳动仲裁范围', redirectChannel: 'labour_arbitration' } }], 'the decline names the channel to use instead');
  spec
    .given([registered, accepted])
    .when({ type: 'DeclineDispute', data: { reason: 'x', redirectChannel: 'other' } }, ctx())
    .thenRefused(t, 'not_awaiting_acceptance');
  spec.given([]).when({ type: 'AcceptDispute', data: {} }, ctx()).thenRefused(t, 'not_registered');
});

t.test('risk assessment follows the default rules, and a supervisor may override them', async (t) => {
  const indicators = { violenceThreat: true, civilToCriminalRisk: false, repeatedPoliceCalls: false, failedMediationOnSensitiveMatter: false, sensitiveMatter: false };
  spec
    .given([registered, accepted])
    .when({ type: 'AssessRisk', data: { indicators } }, ctx())
    .then(t, [{ type: 'RiskAssessed', data: { ...base, grade: 'red', ruleGrade: 'red', factors: ['violence_threat'], supervision: 'yellow_card', indicators } }]);
  const quiet = { ...indicators, violenceThreat: false };
  spec
    .given([registered, accepted])
    .when({ type: 'AssessRisk', data: { indicators: quiet, override: { grade: 'yellow', reason: '当事人情绪激动' }, supervision: 'red_card' } }, ctx())
    .then(
      t,
      [{ type: 'RiskAssessed', data: { ...base, grade: 'yellow', ruleGrade: 'green', factors: [], supervision: 'red_card', indicators: quiet, overrideReason: '当事人情绪激动' } }],
      'the rule grade is kept beside the override',
    );
  spec.given([registered, accepted, takenOn, closed]).when({ type: 'AssessRisk', data: { indicators } }, ctx()).thenRefused(t, 'case_not_open');
});

t.test('routing: handle here with a default deadline by risk', async (t) => {
  spec
    .given([registered, accepted])
    .when(route({ mode: 'handle_here' }), ctx())
    .then(t, [{ type: 'DisputeTakenOn', data: { ...base, centerCode: township, dueAt: '2026-04-01T02:00:00.000Z' } }], 'green/unassessed cases get 30 days');
  spec
    .given([registered])
    .when(route({ mode: 'handle_here' }), ctx())
    .thenRefused(t, 'not_routable', 'a case must be accepted before it is routed');
  spec
    .given([registered, accepted])
    .when(route({ mode: 'handle_here', dueAt: '2026-03-01T00:00:00Z' }), ctx())
    .thenRefused(t, 'due_date_in_past');
  const otherTownship: Actor = { ...clerk, centerCode: '230302102' };
  spec
    .given([registered, accepted])
    .when(route({ mode: 'handle_here' }), ctx(otherTownship))
    .thenRefused(t, 'not_handling_center');
});

t.test('routing: escalate to the county, which assigns it down to another township', async (t) => {
  const escalated: IntakeEvent = { type: 'DisputeEscalated', data: { ...base, fromCenter: township, toCenter: '230302', reason: '涉及多个乡镇' } };
  spec
    .given([registered, accepted])
    .when(route({ mode: 'escalate', reason: '涉及多个乡镇' }), ctx())
    .then(t, [escalated]);
  const county: Actor = { userId: 'dir-1', role: 'supervisor', centerCode: '230302' };
  spec
    .given([registered, accepted, escalated])
    .when(route({ mode: 'handle_here' }), ctx())
    .thenRefused(t, 'not_handling_center', 'the township no longer holds it');
  spec
    .given([registered, accepted, escalated])
    .when(route({ mode: 'assign_down', toCenter: '230302102', dueAt: '2026-03-20T00:00:00+08:00', supervision: 'red_card' }), ctx(county))
    .then(t, [
      {
        type: 'DisputeAssignedDown',
        data: { ...base, fromCenter: '230302', toCenter: '230302102', dueAt: '2026-03-19T16:00:00.000Z', supervision: 'red_card', assignedAt: now.toISOString(), sendBackWithinWorkingDays: 3 },
      },
    ]);
  spec
    .given([registered, accepted, escalated])
    .when(route({ mode: 'assign_down', toCenter: '230303101', dueAt: '2026-03-20T00:00:00Z', supervision: 'ordinary' }), ctx(county))
    .thenRefused(t, 'not_a_lower_center', 'not into another county');
  spec
    .given([registered, accepted, escalated])
    .when(route({ mode: 'assign_down', toCenter: '230302102001', dueAt: '2026-03-20T00:00:00Z', supervision: 'ordinary' }), ctx(county))
    .thenRefused(t, 'not_a_lower_center', 'a grid has no center');
  const city: Actor = { userId: 'cmd', role: 'supervisor', centerCode: '230300' };
  const atCity: IntakeEvent = { type: 'DisputeEscalated', data: { ...base, fromCenter: '230302', toCenter: '230300', reason: 'x' } };
  spec
    .given([registered, accepted, escalated, atCity])
    .when(route({ mode: 'escalate', reason: 'x' }), ctx(city))
    .thenRefused(t, 'no_upper_center');
});

t.test('whistle and report-in (吹哨报到)', async (t) => {
  spec
    .given([registered, accepted])
    .when(
      route({
        mode: 'whistle',
        whistleId: 'w1',
        departments: [
          { code: 'hrss', name: '人社局' },
          { code: 'housing', name: '住建局' },
        ],
        reportInDueAt: '2026-03-05T02:00:00Z',
        reason: '欠薪',
      }),
      ctx(),
    )
    .then(t, [whistle]);
  spec
    .given([registered, accepted])
    .when(
      route({
        mode: 'whistle',
        whistleId: 'w2',
        departments: [
          { code: 'hrss', name: 'a' },
          { code: 'hrss', name: 'b' },
        ],
        reportInDueAt: '2026-03-05T02:00:00Z',
        reason: 'x',
      }),
      ctx(),
    )
    .thenRefused(t, 'duplicate_department');
  const liaison: Actor = { userId: 'hr-1', role: 'department_liaison', centerCode: '230302' };
  const reported: IntakeEvent = { type: 'DepartmentReportedIn', data: { ...base, whistleId: 'w1', departmentCode: 'hrss', departmentName: '人社局' } };
  spec
    .given([registered, accepted, whistle])
    .when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'hrss' } }, ctx(liaison))
    .then(t, [reported]);
  spec
    .given([registered, accepted, whistle, reported])
    .when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'hrss' } }, ctx(liaison))
    .thenRefused(t, 'already_reported_in');
  spec
    .given([registered, accepted, whistle])
    .when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'police' } }, ctx(liaison))
    .thenRefused(t, 'department_not_summoned');
  spec
    .given([registered, accepted, whistle])
    .when({ type: 'ReportIn', data: { whistleId: 'nope', departmentCode: 'hrss' } }, ctx(liaison))
    .thenRefused(t, 'unknown_whistle');
});

t.test('close, follow up, reopen', async (t) => {
  spec
    .given([registered, accepted, takenOn])
    .when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: '双方和解' } }, ctx())
    .then(t, [closed]);
  spec
    .given([registered])
    .when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: 'x' } }, ctx())
    .thenRefused(t, 'not_in_progress');
  const visited: IntakeEvent = { type: 'FollowUpVisited', data: { ...base, satisfaction: 'satisfied', method: 'phone' } };
  spec
    .given([registered, accepted, takenOn, closed])
    .when({ type: 'FollowUp', data: { satisfaction: 'satisfied', method: 'phone' } }, ctx())
    .then(t, [visited]);
  spec
    .given([registered, accepted, takenOn])
    .when({ type: 'FollowUp', data: { satisfaction: 'satisfied', method: 'phone' } }, ctx())
    .thenRefused(t, 'not_closed');
  spec
    .given([registered, accepted, takenOn, closed, visited])
    .when({ type: 'ReopenDispute', data: { reason: '纠纷再起' } }, ctx())
    .then(t, [{ type: 'DisputeReopened', data: { ...base, reason: '纠纷再起' } }]);
  spec
    .given([registered, accepted, takenOn])
    .when({ type: 'ReopenDispute', data: { reason: 'x' } }, ctx())
    .thenRefused(t, 'not_closed');
  const reopened: IntakeEvent = { type: 'DisputeReopened', data: { ...base, reason: '纠纷再起' } };
  spec
    .given([registered, accepted, takenOn, closed, reopened])
    .when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: '再次化解' } }, ctx())
    .then(t, [{ type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '再次化解' } }], 'a reopened case can close again');
});

const M1 = '3b0f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const R1 = '4c1f7b4f-2d3e-4f60-9bac-1d2e3f4a5b6c';
const P1 = '5d2a8c5a-3e4f-4a71-8cbd-2e3f4a5b6c7d';
const routedToMediation: IntakeEvent = {
  type: 'DisputeRoutedToMediation',
  data: { ...base, centerCode: township, organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会' },
};
const system: Actor = { userId: 'system:reactions', role: 'admin', centerCode: township };

t.test('routing to mediation (引导调解)', async (t) => {
  spec
    .given([registered, accepted])
    .when(route({ mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会' }), ctx())
    .then(t, [routedToMediation], 'the holding center names the organisation');
  spec
    .given([registered, accepted])
    .when(route({ mode: 'mediate', organisationKind: 'court_invited', organisationName: '特邀调解组织', plannedEndAt: '2026-04-01T10:00:00+08:00' }), ctx())
    .then(
      t,
      [{ type: 'DisputeRoutedToMediation', data: { ...base, centerCode: township, organisationKind: 'court_invited', organisationName: '特邀调解组织', plannedEndAt: '2026-04-01T02:00:00.000Z' } }],
      'a planned end is normalised to UTC',
    );
  spec
    .given([registered, accepted, routedToMediation])
    .when(route({ mode: 'mediate', organisationKind: 'administrative', organisationName: '司法所' }), ctx())
    .thenRefused(t, 'already_in_mediation');
  spec
    .given([registered])
    .when(route({ mode: 'mediate', organisationKind: 'administrative', organisationName: '司法所' }), ctx())
    .thenRefused(t, 'not_routable');
  spec
    .given([registered, accepted])
    .when(route({ mode: 'mediate', organisationKind: 'administrative', organisationName: '司法所', plannedEndAt: '2026-03-01T00:00:00Z' }), ctx())
    .thenRefused(t, 'due_date_in_past');
  spec
    .given([registered, accepted])
    .when(route({ mode: 'mediate', organisationKind: 'administrative', organisationName: '司法所' }), ctx({ ...clerk, centerCode: '230302102' }))
    .thenRefused(t, 'not_handling_center');
});

t.test('mediation outcomes reported back', async (t) => {
  const agreed: IntakeEvent = { type: 'MediationOutcomeRecorded', data: { ...base, mediationId: M1, outcome: 'agreement' } };
  spec
    .given([registered, accepted, routedToMediation])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'agreement' } }, ctx(system))
    .then(t, [agreed, { type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '调解达成协议 / mediation agreement reached' } }], 'an agreement closes the dispute as resolved');
  const failed: IntakeEvent = { type: 'MediationOutcomeRecorded', data: { ...base, mediationId: M1, outcome: 'failed', failureReason: 'no_agreement' } };
  spec
    .given([registered, accepted, routedToMediation])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'failed', failureReason: 'no_agreement' } }, ctx(system))
    .then(t, [failed, { type: 'DisputeAwaitingReferral', data: { ...base, mediationId: M1, reason: 'mediation_failed' } }], 'a failure puts the case up for referral');
  spec
    .given([registered, accepted, routedToMediation])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'refused' } }, ctx(system))
    .then(t, [
      { type: 'MediationOutcomeRecorded', data: { ...base, mediationId: M1, outcome: 'refused' } },
      { type: 'DisputeAwaitingReferral', data: { ...base, mediationId: M1, reason: 'mediation_refused' } },
    ]);
  spec
    .given([registered, accepted, routedToMediation, failed])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'failed' } }, ctx(system))
    .then(t, [], 'the same outcome twice appends nothing');
  spec
    .given([registered, accepted, takenOn, closed])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'agreement' } }, ctx(system))
    .then(t, [agreed], 'on a case already closed by hand the outcome is recorded, not closed twice');
  spec
    .given([registered, accepted, routedToMediation, failed])
    .when(route({ mode: 'mediate', organisationKind: 'administrative', organisationName: '司法所' }), ctx())
    .then(
      t,
      [{ type: 'DisputeRoutedToMediation', data: { ...base, centerCode: township, organisationKind: 'administrative', organisationName: '司法所' } }],
      'after an outcome the case may go to mediation again',
    );
  spec
    .given([])
    .when({ type: 'RecordMediationOutcome', data: { mediationId: M1, outcome: 'failed' } }, ctx(system))
    .thenRefused(t, 'not_registered');
});

t.test('court referral outcomes and filing reported back', async (t) => {
  const mediationLinked: IntakeEvent = { type: 'MediationLinked', data: { ...base, mediationId: R1, organisationName: '演示一镇人民调解委员会' } };
  spec
    .given([registered, accepted, takenOn])
    .when({ type: 'LinkMediation', data: { mediationId: R1, organisationName: '演示一镇人民调解委员会' } }, ctx(system))
    .then(t, [mediationLinked], 'the dispute lists its mediation files');
  spec
    .given([registered, accepted, takenOn, mediationLinked])
    .when({ type: 'LinkMediation', data: { mediationId: R1, organisationName: '演示一镇人民调解委员会' } }, ctx(system))
    .then(t, [], 'linked once');
  const linked: IntakeEvent = { type: 'ReferralLinked', data: { ...base, referralId: R1, courtCode: 'jgq-court', courtName: '鸡冠区人民法院' } };
  const awaiting: IntakeEvent = { type: 'DisputeAwaitingReferral', data: { ...base, mediationId: M1, reason: 'mediation_failed' } };
  spec
    .given([registered, accepted, takenOn, awaiting])
    .when({ type: 'LinkReferral', data: { referralId: R1, courtCode: 'jgq-court', courtName: '鸡冠区人民法院' } }, ctx(system))
    .then(t, [linked]);
  spec
    .given([registered, accepted, takenOn, linked])
    .when({ type: 'LinkReferral', data: { referralId: R1, courtCode: 'jgq-court', courtName: '鸡冠区人民法院' } }, ctx(system))
    .then(t, [], 'linked once');

  const settled: IntakeEvent = { type: 'CourtOutcomeRecorded', data: { ...base, referralId: R1, outcome: 'settled' } };
  const settledClose: IntakeEvent = { type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '诉前调解达成协议 / settled in pre-filing mediation' } };
  spec
    .given([registered, accepted, takenOn, linked])
    .when({ type: 'RecordCourtOutcome', data: { referralId: R1, outcome: 'settled' } }, ctx(system))
    .then(t, [settled, settledClose], 'a settlement closes it as resolved');
  spec
    .given([registered, accepted, takenOn, linked, settled, settledClose])
    .when({ type: 'RecordCourtOutcome', data: { referralId: R1, outcome: 'settled' } }, ctx(system))
    .then(t, [], 'the same outcome twice appends nothing');
  spec
    .given([registered, accepted, takenOn, linked, settled, settledClose])
    .when({ type: 'RecordCourtOutcome', data: { referralId: R1, outcome: 'confirmed' } }, ctx(system))
    .then(t, [{ type: 'CourtOutcomeRecorded', data: { ...base, referralId: R1, outcome: 'confirmed' } }], 'confirmation is recorded on the closed case');
  spec
    .given([registered, accepted, takenOn, linked, settled, settledClose])
    .when({ type: 'RecordCourtOutcome', data: { referralId: R1, outcome: 'rejected' } }, ctx(system))
    .then(
      t,
      [
        { type: 'CourtOutcomeRecorded', data: { ...base, referralId: R1, outcome: 'rejected' } },
        { type: 'DisputeReopened', data: { ...base, reason: '司法确认申请被驳回 / judicial confirmation rejected' } },
      ],
      'a rejected confirmation reopens it',
    );
  spec
    .given([registered, accepted, takenOn, linked])
    .when({ type: 'RecordCourtOutcome', data: { referralId: R1, outcome: 'failed' } }, ctx(system))
    .then(t, [{ type: 'CourtOutcomeRecorded', data: { ...base, referralId: R1, outcome: 'failed' } }], 'a failure is recorded; filing stays the exit');

  const filed: IntakeEvent = { type: 'CaseFiledInCourt', data: { ...base, referralId: R1, caseNumber: '(2026)黑0302民初1号', filedAt: '2026-03-01T00:00:00.000Z' } };
  spec
    .given([registered, accepted, takenOn, linked])
    .when({ type: 'RecordCaseFiled', data: { referralId: R1, caseNumber: '(2026)黑0302民初1号', filedAt: '2026-03-01T08:00:00+08:00' } }, ctx(system))
    .then(t, [filed, { type: 'DisputeClosed', data: { ...base, outcome: 'transferred_to_court', summary: '已立案，转入诉讼 / filed in court' } }], 'a filing closes it as transferred to court');
  spec
    .given([registered, accepted, takenOn, linked, filed])
    .when({ type: 'RecordCaseFiled', data: { referralId: R1, caseNumber: 'x', filedAt: '2026-03-01T00:00:00Z' } }, ctx(system))
    .then(t, [], 'filed once');
});

t.test('a petition about the dispute links to it, whatever its status', async (t) => {
  const linked: IntakeEvent = { type: 'PetitionLinked', data: { ...base, petitionId: P1, petitionCaseCode: base.caseCode } };
  spec
    .given([registered, accepted, takenOn, closed])
    .when({ type: 'LinkPetition', data: { petitionId: P1, petitionCaseCode: base.caseCode } }, ctx(system))
    .then(t, [linked]);
  spec
    .given([registered, linked])
    .when({ type: 'LinkPetition', data: { petitionId: P1, petitionCaseCode: base.caseCode } }, ctx(system))
    .then(t, [], 'linked once');
});
