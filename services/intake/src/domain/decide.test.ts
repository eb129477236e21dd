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
  data: { ...base, centerCode: township, areaCode: grid, category: 'neighbours', source: 'party_application', title: '邻里噪音纠纷', description: sealed, parties: [{ personId: 'p1', role: 'applicant', kind: 'person', details: sealed }] },
};
const accepted: IntakeEvent = { type: 'DisputeAccepted', data: { ...base } };
const takenOn: IntakeEvent = { type: 'DisputeTakenOn', data: { ...base, centerCode: township, dueAt: '2026-04-01T02:00:00.000Z' } };
const closed: IntakeEvent = { type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '双方和解' } };
const whistle: IntakeEvent = {
  type: 'WhistleBlown',
  data: { ...base, whistleId: 'w1', centerCode: township, departments: [{ code: 'hrss', name: '人社局' }, { code: 'housing', name: '住建局' }], reportInDueAt: '2026-03-05T02:00:00.000Z', reason: '欠薪' },
};
const route = (data: Extract<IntakeCommand, { type: 'RouteDispute' }>['data']): IntakeCommand => ({ type: 'RouteDispute', data });

t.test('register', async (t) => {
  const { caseId, caseCode } = base;
  const cmd: IntakeCommand = { type: 'RegisterDispute', data: { ...registered.data, caseId, caseCode } as Extract<IntakeCommand, { type: 'RegisterDispute' }>['data'] };
  spec.given([]).when(cmd, ctx()).then(t, [registered], 'a new case is registered with its code');
  spec.given([registered]).when(cmd, ctx()).thenRefused(t, 'already_registered');

  const withIndicators = { ...cmd, data: { ...cmd.data, indicators: { partyCount: 12, violenceThreat: false, civilToCriminalRisk: false, repeatedPoliceCalls: false, failedMediationOnSensitiveMatter: false, sensitiveMatter: false } } } as IntakeCommand;
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
  spec.given([registered, accepted]).when({ type: 'DeclineDispute', data: { reason: 'x', redirectChannel: 'other' } }, ctx()).thenRefused(t, 'not_awaiting_acceptance');
  spec.given([]).when({ type: 'AcceptDispute', data: {} }, ctx()).thenRefused(t, 'not_registered');
});

t.test('risk assessment follows the default rules, and a supervisor may override them', async (t) => {
  const indicators = { violenceThreat: true, civilToCriminalRisk: false, repeatedPoliceCalls: false, failedMediationOnSensitiveMatter: false, sensitiveMatter: false };
  spec.given([registered, accepted]).when({ type: 'AssessRisk', data: { indicators } }, ctx()).then(t, [
    { type: 'RiskAssessed', data: { ...base, grade: 'red', ruleGrade: 'red', factors: ['violence_threat'], supervision: 'yellow_card', indicators } },
  ]);
  const quiet = { ...indicators, violenceThreat: false };
  spec
    .given([registered, accepted])
    .when({ type: 'AssessRisk', data: { indicators: quiet, override: { grade: 'yellow', reason: '当事人情绪激动' }, supervision: 'red_card' } }, ctx())
    .then(t, [{ type: 'RiskAssessed', data: { ...base, grade: 'yellow', ruleGrade: 'green', factors: [], supervision: 'red_card', indicators: quiet, overrideReason: '当事人情绪激动' } }], 'the rule grade is kept beside the override');
  spec.given([registered, accepted, takenOn, closed]).when({ type: 'AssessRisk', data: { indicators } }, ctx()).thenRefused(t, 'case_not_open');
});

t.test('routing: handle here with a default deadline by risk', async (t) => {
  spec.given([registered, accepted]).when(route({ mode: 'handle_here' }), ctx()).then(t, [
    { type: 'DisputeTakenOn', data: { ...base, centerCode: township, dueAt: '2026-04-01T02:00:00.000Z' } },
  ], 'green/unassessed cases get 30 days');
  spec.given([registered]).when(route({ mode: 'handle_here' }), ctx()).thenRefused(t, 'not_routable', 'a case must be accepted before it is routed');
  spec.given([registered, accepted]).when(route({ mode: 'handle_here', dueAt: '2026-03-01T00:00:00Z' }), ctx()).thenRefused(t, 'due_date_in_past');
  const otherTownship: Actor = { ...clerk, centerCode: '230302102' };
  spec.given([registered, accepted]).when(route({ mode: 'handle_here' }), ctx(otherTownship)).thenRefused(t, 'not_handling_center');
});

t.test('routing: escalate to the county, which assigns it down to another township', async (t) => {
  const escalated: IntakeEvent = { type: 'DisputeEscalated', data: { ...base, fromCenter: township, toCenter: '230302', reason: '涉及多个乡镇' } };
  spec.given([registered, accepted]).when(route({ mode: 'escalate', reason: '涉及多个乡镇' }), ctx()).then(t, [escalated]);
  const county: Actor = { userId: 'dir-1', role: 'supervisor', centerCode: '230302' };
  spec.given([registered, accepted, escalated]).when(route({ mode: 'handle_here' }), ctx()).thenRefused(t, 'not_handling_center', 'the township no longer holds it');
  spec
    .given([registered, accepted, escalated])
    .when(route({ mode: 'assign_down', toCenter: '230302102', dueAt: '2026-03-20T00:00:00+08:00', supervision: 'red_card' }), ctx(county))
    .then(t, [{ type: 'DisputeAssignedDown', data: { ...base, fromCenter: '230302', toCenter: '230302102', dueAt: '2026-03-19T16:00:00.000Z', supervision: 'red_card' } }]);
  spec.given([registered, accepted, escalated]).when(route({ mode: 'assign_down', toCenter: '230303101', dueAt: '2026-03-20T00:00:00Z', supervision: 'ordinary' }), ctx(county)).thenRefused(t, 'not_a_lower_center', 'not into another county');
  spec.given([registered, accepted, escalated]).when(route({ mode: 'assign_down', toCenter: '230302102001', dueAt: '2026-03-20T00:00:00Z', supervision: 'ordinary' }), ctx(county)).thenRefused(t, 'not_a_lower_center', 'a grid has no center');
  const city: Actor = { userId: 'cmd', role: 'supervisor', centerCode: '230300' };
  const atCity: IntakeEvent = { type: 'DisputeEscalated', data: { ...base, fromCenter: '230302', toCenter: '230300', reason: 'x' } };
  spec.given([registered, accepted, escalated, atCity]).when(route({ mode: 'escalate', reason: 'x' }), ctx(city)).thenRefused(t, 'no_upper_center');
});

t.test('whistle and report-in (吹哨报到)', async (t) => {
  spec
    .given([registered, accepted])
    .when(route({ mode: 'whistle', whistleId: 'w1', departments: [{ code: 'hrss', name: '人社局' }, { code: 'housing', name: '住建局' }], reportInDueAt: '2026-03-05T02:00:00Z', reason: '欠薪' }), ctx())
    .then(t, [whistle]);
  spec.given([registered, accepted]).when(route({ mode: 'whistle', whistleId: 'w2', departments: [{ code: 'hrss', name: 'a' }, { code: 'hrss', name: 'b' }], reportInDueAt: '2026-03-05T02:00:00Z', reason: 'x' }), ctx()).thenRefused(t, 'duplicate_department');
  const liaison: Actor = { userId: 'hr-1', role: 'department_liaison', centerCode: '230302' };
  const reported: IntakeEvent = { type: 'DepartmentReportedIn', data: { ...base, whistleId: 'w1', departmentCode: 'hrss' } };
  spec.given([registered, accepted, whistle]).when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'hrss' } }, ctx(liaison)).then(t, [reported]);
  spec.given([registered, accepted, whistle, reported]).when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'hrss' } }, ctx(liaison)).thenRefused(t, 'already_reported_in');
  spec.given([registered, accepted, whistle]).when({ type: 'ReportIn', data: { whistleId: 'w1', departmentCode: 'police' } }, ctx(liaison)).thenRefused(t, 'department_not_summoned');
  spec.given([registered, accepted, whistle]).when({ type: 'ReportIn', data: { whistleId: 'nope', departmentCode: 'hrss' } }, ctx(liaison)).thenRefused(t, 'unknown_whistle');
});

t.test('close, follow up, reopen', async (t) => {
  spec.given([registered, accepted, takenOn]).when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: '双方和解' } }, ctx()).then(t, [closed]);
  spec.given([registered]).when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: 'x' } }, ctx()).thenRefused(t, 'not_in_progress');
  const visited: IntakeEvent = { type: 'FollowUpVisited', data: { ...base, satisfaction: 'satisfied', method: 'phone' } };
  spec.given([registered, accepted, takenOn, closed]).when({ type: 'FollowUp', data: { satisfaction: 'satisfied', method: 'phone' } }, ctx()).then(t, [visited]);
  spec.given([registered, accepted, takenOn]).when({ type: 'FollowUp', data: { satisfaction: 'satisfied', method: 'phone' } }, ctx()).thenRefused(t, 'not_closed');
  spec.given([registered, accepted, takenOn, closed, visited]).when({ type: 'ReopenDispute', data: { reason: '纠纷再起' } }, ctx()).then(t, [{ type: 'DisputeReopened', data: { ...base, reason: '纠纷再起' } }]);
  spec.given([registered, accepted, takenOn]).when({ type: 'ReopenDispute', data: { reason: 'x' } }, ctx()).thenRefused(t, 'not_closed');
  const reopened: IntakeEvent = { type: 'DisputeReopened', data: { ...base, reason: '纠纷再起' } };
  spec.given([registered, accepted, takenOn, closed, reopened]).when({ type: 'CloseDispute', data: { outcome: 'resolved', summary: '再次化解' } }, ctx()).then(t, [{ type: 'DisputeClosed', data: { ...base, outcome: 'resolved', summary: '再次化解' } }], 'a reopened case can close again');
});
