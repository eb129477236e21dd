import { DomainError, intake, type IntakeEvent } from '@zz/contracts';
import type { IntakeCommand, IntakeContext } from './commands.js';
import { decideLoop } from './assignment-loop.js';
import { decideSupervision } from './supervision.js';
import { assessRisk } from './risk-policy.js';
import type { DisputeState } from './state.js';

/** "What may happen to this dispute now?" — the intake rules (矛盾纠纷受理与分流), pure. */
export function decide(command: IntakeCommand, state: DisputeState, ctx: IntakeContext): IntakeEvent[] | DomainError {
  if (command.type !== 'RegisterDispute' && state.status === 'none') return refuse('not_registered', '案件不存在 / case not registered');
  const base = { caseId: state.caseId, caseCode: state.caseCode };

  switch (command.type) {
    case 'RegisterDispute': {
      if (state.status !== 'none') return refuse('already_registered', '案件已登记 / case already registered');
      const { indicators, ...d } = command.data;
      const registered: IntakeEvent = { type: 'DisputeRegistered', data: { ...d, ...(indicators ? { indicators } : {}) } };
      if (!indicators) return [registered];
      // Indicators known at the desk are graded at once, so a red case is red from its first minute.
      const verdict = assessRisk(indicators, ctx.riskPolicy);
      return [
        registered,
        {
          type: 'RiskAssessed',
          data: { caseId: d.caseId, caseCode: d.caseCode, grade: verdict.grade, ruleGrade: verdict.grade, factors: verdict.factors, supervision: verdict.supervision, indicators },
        },
      ];
    }

    case 'AcceptDispute':
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `案件状态为「${statusZh(state.status)}」，不能受理 / only a registered case can be accepted`);
      return [{ type: 'DisputeAccepted', data: { ...base, ...(command.data.note ? { note: command.data.note } : {}) } }];

    case 'DeclineDispute':
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `案件状态为「${statusZh(state.status)}」，不能不予受理 / only a registered case can be declined`);
      return [{ type: 'DisputeDeclined', data: { ...base, reason: command.data.reason, redirectChannel: command.data.redirectChannel } }];

    case 'AssessRisk': {
      if (!isOpenStatus(state.status)) return refuse('case_not_open', '案件已结束，不能研判风险 / the case is not open');
      const { indicators, override, supervision } = command.data;
      const verdict = assessRisk(indicators, ctx.riskPolicy);
      const grade = override?.grade ?? verdict.grade;
      return [
        {
          type: 'RiskAssessed',
          data: {
            ...base,
            grade,
            ruleGrade: verdict.grade,
            factors: verdict.factors,
            supervision: supervision ?? ctx.riskPolicy.defaultSupervision[grade],
            indicators,
            ...(override ? { overrideReason: override.reason } : {}),
          },
        },
      ];
    }

    case 'RouteDispute':
      return route(command.data, state, ctx);

    case 'ReportIn': {
      const w = state.whistles[command.data.whistleId];
      if (!w) return refuse('unknown_whistle', '未找到该吹哨 / no such whistle on this case');
      if (!w.departments.includes(command.data.departmentCode)) return refuse('department_not_summoned', '该部门未被吹哨 / this department was not summoned');
      if (!w.pending.includes(command.data.departmentCode)) return refuse('already_reported_in', '该部门已报到 / this department has already reported in');
      const departmentName = w.names?.[command.data.departmentCode];
      return [
        {
          type: 'DepartmentReportedIn',
          data: {
            ...base,
            whistleId: command.data.whistleId,
            departmentCode: command.data.departmentCode,
            ...(departmentName ? { departmentName } : {}),
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    }

    case 'CloseDispute':
      // A dispute settled on the spot (当场化解) may close straight after acceptance.
      if (state.status !== 'in_progress' && state.status !== 'accepted')
        return refuse('not_in_progress', `案件状态为「${statusZh(state.status)}」，不能办结 / only an accepted or in-progress case can be closed`);
      return [{ type: 'DisputeClosed', data: { ...base, outcome: command.data.outcome, summary: command.data.summary } }];

    case 'FollowUp':
      if (state.status !== 'closed') return refuse('not_closed', '只有已办结案件可以回访 / only a closed case can be followed up');
      return [{ type: 'FollowUpVisited', data: { ...base, satisfaction: command.data.satisfaction, method: command.data.method, ...(command.data.note ? { note: command.data.note } : {}) } }];

    case 'ReopenDispute':
      if (state.status !== 'closed' && state.status !== 'followed_up') return refuse('not_closed', '只有已办结案件可以重新启动 / only a closed case can be reopened');
      return [{ type: 'DisputeReopened', data: { ...base, reason: command.data.reason } }];

    case 'SignForAssignment':
    case 'SendBackAssignment':
    case 'ReportCompletion':
    case 'SignOffAssignment':
    case 'ReturnForRework':
    case 'RequestRelease':
    case 'DecideRelease':
    case 'SignOffWhistle':
    case 'IssueCard':
      return decideLoop(command, state, ctx);

    case 'ListDisputeForSupervision':
    case 'LiftDisputeSupervision':
    case 'RecordDisputeInterview':
    case 'CirculateDisputeNotice':
      return decideSupervision(command, state, ctx);

    case 'RecordMediationOutcome':
    case 'LinkMediation':
    case 'LinkReferral':
    case 'RecordCourtOutcome':
    case 'RecordCaseFiled':
    case 'LinkPetition':
      return reportBack(command, state);
  }
}

/**
 * Other flows report back (through the cross-flow reactions). Each report is recorded whatever the
 * dispute's status — the link matters even on a closed case — and moves the status only where that
 * makes sense: an agreement or a settlement closes an open case as resolved, a filing closes it as
 * transferred to court, a rejected confirmation reopens a closed one, a failed or refused mediation
 * puts an open case up for referral. A report already recorded appends nothing.
 */
function reportBack(
  command: Extract<IntakeCommand, { type: 'RecordMediationOutcome' | 'LinkMediation' | 'LinkReferral' | 'RecordCourtOutcome' | 'RecordCaseFiled' | 'LinkPetition' }>,
  state: DisputeState,
): IntakeEvent[] {
  const base = { caseId: state.caseId, caseCode: state.caseCode };
  const open = isOpenStatus(state.status);
  const close = (outcome: 'resolved' | 'transferred_to_court', summary: string): IntakeEvent[] => (open ? [{ type: 'DisputeClosed', data: { ...base, outcome, summary } }] : []);
  const referral = (id: string) => state.referrals.find((r) => r.referralId === id);

  switch (command.type) {
    case 'RecordMediationOutcome': {
      const d = command.data;
      if (state.mediations.some((m) => m.mediationId === d.mediationId && m.outcome !== null)) return [];
      const recorded: IntakeEvent = {
        type: 'MediationOutcomeRecorded',
        data: { ...base, mediationId: d.mediationId, outcome: d.outcome, ...(d.failureReason ? { failureReason: d.failureReason } : {}) },
      };
      if (d.outcome === 'agreement') return [recorded, ...close('resolved', '调解达成协议 / mediation agreement reached')];
      const awaiting: IntakeEvent[] = open
        ? [{ type: 'DisputeAwaitingReferral', data: { ...base, mediationId: d.mediationId, reason: d.outcome === 'failed' ? 'mediation_failed' : 'mediation_refused' } }]
        : [];
      return [recorded, ...awaiting];
    }
    case 'LinkMediation': {
      if (state.mediations.some((m) => m.mediationId === command.data.mediationId)) return [];
      return [{ type: 'MediationLinked', data: { ...base, ...command.data } }];
    }
    case 'LinkReferral': {
      if (referral(command.data.referralId)) return [];
      return [{ type: 'ReferralLinked', data: { ...base, ...command.data } }];
    }
    case 'RecordCourtOutcome': {
      const { referralId, outcome } = command.data;
      if (referral(referralId)?.outcome === outcome) return [];
      const recorded: IntakeEvent = { type: 'CourtOutcomeRecorded', data: { ...base, referralId, outcome } };
      switch (outcome) {
        case 'settled':
          return [recorded, ...close('resolved', '诉前调解达成协议 / settled in pre-filing mediation')];
        case 'confirmed':
          return [recorded, ...close('resolved', '调解协议经司法确认 / settlement judicially confirmed')];
        case 'rejected':
          // The agreement was not confirmed: the dispute is not settled after all (民诉法 art. 206).
          return state.status === 'closed' || state.status === 'followed_up'
            ? [recorded, { type: 'DisputeReopened', data: { ...base, reason: '司法确认申请被驳回 / judicial confirmation rejected' } }]
            : [recorded];
        default:
          // 'failed': filing the case stays open as the exit; the center keeps the case until then.
          return [recorded];
      }
    }
    case 'RecordCaseFiled': {
      const d = command.data;
      if (referral(d.referralId)?.outcome === 'filed') return [];
      return [
        { type: 'CaseFiledInCourt', data: { ...base, referralId: d.referralId, caseNumber: d.caseNumber, filedAt: normalise(d.filedAt) } },
        ...close('transferred_to_court', '已立案，转入诉讼 / filed in court'),
      ];
    }
    case 'LinkPetition': {
      if (state.petitions.some((p) => p.petitionId === command.data.petitionId)) return [];
      return [{ type: 'PetitionLinked', data: { ...base, ...command.data } }];
    }
  }
}

function route(data: Extract<IntakeCommand, { type: 'RouteDispute' }>['data'], state: DisputeState, ctx: IntakeContext): IntakeEvent[] | DomainError {
  const base = { caseId: state.caseId, caseCode: state.caseCode };
  if (state.status !== 'accepted' && state.status !== 'escalated' && state.status !== 'in_progress') {
    return refuse('not_routable', `案件状态为「${statusZh(state.status)}」，不能分流 / only an accepted, escalated or in-progress case can be routed`);
  }
  // Only the center holding the case routes it: a case is handed on, never grabbed.
  if (ctx.actor.centerCode !== state.handlingCenter) return refuse('not_handling_center', '本中心不是案件承办中心 / your center does not hold this case');

  switch (data.mode) {
    case 'handle_here': {
      const dueAt = data.dueAt ?? addDays(ctx.now, ctx.riskPolicy.defaultDueDays[state.risk ?? 'green']);
      if (!isFuture(dueAt, ctx.now)) return refuse('due_date_in_past', '办理期限须晚于当前时间 / the due date must be in the future');
      return [{ type: 'DisputeTakenOn', data: { ...base, centerCode: state.handlingCenter, dueAt: normalise(dueAt) } }];
    }
    case 'assign_down': {
      const target = ctx.regions.get(data.toCenter);
      if (!target || target.tier === 'grid' || data.toCenter === state.handlingCenter || !ctx.regions.isWithin(data.toCenter, state.handlingCenter)) {
        return refuse('not_a_lower_center', '只能交办给下级中心 / a case can only be assigned down to a center below yours');
      }
      if (!isFuture(data.dueAt, ctx.now)) return refuse('due_date_in_past', '办理期限须晚于当前时间 / the due date must be in the future');
      return [
        {
          type: 'DisputeAssignedDown',
          data: {
            ...base,
            fromCenter: state.handlingCenter,
            toCenter: data.toCenter,
            dueAt: normalise(data.dueAt),
            supervision: data.supervision,
            ...(data.instructions ? { instructions: data.instructions } : {}),
            assignedAt: ctx.now.toISOString(),
            sendBackWithinWorkingDays: data.sendBackWithinWorkingDays ?? intake.DEFAULT_SEND_BACK_WORKING_DAYS,
          },
        },
      ];
    }
    case 'escalate': {
      const parent = ctx.regions.get(state.handlingCenter)?.parentCode;
      if (!parent) return refuse('no_upper_center', '市级中心没有上级中心 / the city center has no center above it');
      return [{ type: 'DisputeEscalated', data: { ...base, fromCenter: state.handlingCenter, toCenter: parent, reason: data.reason } }];
    }
    case 'mediate': {
      if (state.inMediation) return refuse('already_in_mediation', '案件已在调解中 / the case is already in mediation');
      if (data.plannedEndAt && !isFuture(data.plannedEndAt, ctx.now)) return refuse('due_date_in_past', '调解期限须晚于当前时间 / the planned end must be in the future');
      return [
        {
          type: 'DisputeRoutedToMediation',
          data: {
            ...base,
            centerCode: state.handlingCenter,
            organisationKind: data.organisationKind,
            organisationName: data.organisationName,
            ...(data.plannedEndAt ? { plannedEndAt: normalise(data.plannedEndAt) } : {}),
          },
        },
      ];
    }
    case 'whistle': {
      if (!data.whistleId) return refuse('missing_whistle_id', 'whistle id missing');
      if (!isFuture(data.reportInDueAt, ctx.now)) return refuse('due_date_in_past', '报到期限须晚于当前时间 / the report-in deadline must be in the future');
      const codes = data.departments.map((d) => d.code);
      if (new Set(codes).size !== codes.length) return refuse('duplicate_department', '部门重复 / a department is named twice');
      return [
        {
          type: 'WhistleBlown',
          data: { ...base, whistleId: data.whistleId, centerCode: state.handlingCenter, departments: data.departments, reportInDueAt: normalise(data.reportInDueAt), reason: data.reason },
        },
      ];
    }
  }
}

const refuse = (reason: string, message: string) => new DomainError(reason, message);
const isOpenStatus = (s: DisputeState['status']) => s === 'registered' || s === 'accepted' || s === 'in_progress' || s === 'escalated';
const isFuture = (iso: string, now: Date) => Date.parse(iso) > now.getTime();
const normalise = (iso: string) => new Date(iso).toISOString();
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000).toISOString();

/** The status as people read it (never its code inside Chinese text). */
const statusZh = (status: DisputeState['status']): string => (status === 'none' ? '未登记' : intake.DISPUTE_STATUS_LABELS[status].zh);
