import { DomainError, intake, type IntakeEvent, type RegionDirectory } from '@zz/contracts';
import type { IntakeCommand, IntakeContext } from './commands.js';
import type { DisputeState } from './state.js';
import { workingDaysBetween } from './working-days.js';

/**
 * The assignment loop (交办 → 签收 → 办理 → 办结报告 → 验收 / 重办) and the whistle's release and
 * sign-off, as the receiving and the assigning (or whistling) centers run them. Pure.
 */
type LoopCommand = Extract<
  IntakeCommand,
  { type: 'SignForAssignment' | 'SendBackAssignment' | 'ReportCompletion' | 'SignOffAssignment' | 'ReturnForRework' | 'RequestRelease' | 'DecideRelease' | 'SignOffWhistle' | 'IssueCard' }
>;

export function decideLoop(command: LoopCommand, state: DisputeState, ctx: IntakeContext): IntakeEvent[] | DomainError {
  const base = { caseId: state.caseId, caseCode: state.caseCode };
  const now = ctx.now.toISOString();
  const a = state.assignment;
  const loop = a ? { ...base, fromCenter: a.fromCenter, toCenter: a.toCenter } : undefined;
  const name = (code: string) => centerName(ctx.regions, code);

  switch (command.type) {
    case 'SignForAssignment': {
      if (!a || !loop || a.stage !== 'awaiting_sign_for') return refuse('no_assignment_to_sign', '没有待签收的交办 / there is no assignment awaiting sign-for');
      if (ctx.actor.centerCode !== a.toCenter) return refuse('not_assigned_center', `交办对象为${name(a.toCenter)}，由其签收 / only ${name(a.toCenter)}, the center it was assigned to, signs for it`);
      return [{ type: 'DisputeAssignmentSignedFor', data: { ...loop, signedAt: now, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }
    case 'SendBackAssignment': {
      if (!a || !loop || (a.stage !== 'awaiting_sign_for' && a.stage !== 'handling')) return refuse('nothing_to_send_back', '没有可退回的交办 / there is no assignment to send back');
      if (ctx.actor.centerCode !== a.toCenter) return refuse('not_assigned_center', `只有交办对象${name(a.toCenter)}可以退回 / only ${name(a.toCenter)} may send it back`);
      const days = a.sendBackWithinWorkingDays;
      if (a.assignedAt && days !== null && workingDaysBetween(a.assignedAt, ctx.now) > days) {
        return refuse('send_back_window_closed', `交办后${days}个工作日内方可退回，已逾期 / an assignment may be sent back within ${days} working days; that window has closed`);
      }
      return [{ type: 'DisputeAssignmentSentBack', data: { ...loop, reason: command.data.reason, explanation: command.data.explanation, sentBackAt: now } }];
    }
    case 'ReportCompletion': {
      if (!a || !loop) return refuse('no_assignment', '案件不是交办件 / the case is not an assignment');
      if (a.stage === 'awaiting_sign_for') return refuse('not_signed_for', '请先签收再报送办结报告 / sign for the assignment before reporting completion');
      if (a.stage !== 'handling') return refuse('not_handling', '交办件不在办理中 / the assignment is not being handled');
      if (ctx.actor.centerCode !== a.toCenter) return refuse('not_assigned_center', `办结报告由交办对象${name(a.toCenter)}报送 / the completion report is ${name(a.toCenter)}'s`);
      const d = command.data;
      return [{ type: 'DisputeCompletionReported', data: { ...loop, outcome: d.outcome, measures: d.measures, satisfaction: d.satisfaction, reportedAt: now } }];
    }
    case 'SignOffAssignment': {
      if (!a || !loop || a.stage !== 'reported' || !a.report) return refuse('no_report_to_sign_off', '没有待验收的办结报告 / there is no completion report to sign off');
      if (ctx.actor.centerCode !== a.fromCenter) return refuse('not_assigning_center', `由交办单位${name(a.fromCenter)}验收 / the assigning center ${name(a.fromCenter)} signs it off`);
      // 验收通过 closes the case with the reported outcome (the assign-down clock is met by the report).
      return [
        { type: 'DisputeAssignmentSignedOff', data: { ...loop, signedOffAt: now, ...(command.data.note ? { note: command.data.note } : {}) } },
        { type: 'DisputeClosed', data: { ...base, outcome: a.report.outcome, summary: '交办件验收通过 / assignment signed off' } },
      ];
    }
    case 'ReturnForRework': {
      if (!a || !loop || a.stage !== 'reported') return refuse('no_report_to_sign_off', '没有待验收的办结报告 / there is no completion report to return');
      if (ctx.actor.centerCode !== a.fromCenter) return refuse('not_assigning_center', `由交办单位${name(a.fromCenter)}决定重办 / the assigning center ${name(a.fromCenter)} returns it for rework`);
      if (Date.parse(command.data.dueAt) <= ctx.now.getTime()) return refuse('due_date_in_past', '重办期限须晚于当前时间 / the rework due date must be in the future');
      return [{ type: 'DisputeReturnedForRework', data: { ...loop, reason: command.data.reason, dueAt: new Date(command.data.dueAt).toISOString(), round: a.reworkRounds + 1, returnedAt: now } }];
    }
    case 'RequestRelease': {
      const w = state.whistles[command.data.whistleId];
      if (!w) return refuse('unknown_whistle', '未找到该吹哨 / no such whistle on this case');
      const code = command.data.departmentCode;
      if (!w.departments.includes(code)) return refuse('department_not_summoned', '该部门未被吹哨 / this department was not summoned');
      if (!w.pending.includes(code)) return refuse('not_pending', '该部门已报到或已退出 / this department has already reported in or been released');
      if (w.releaseRequested?.includes(code)) return refuse('release_already_requested', '已申请退出，待吹哨中心决定 / a release request is already waiting');
      const departmentName = w.names?.[code];
      return [
        { type: 'DepartmentReleaseRequested', data: { ...base, whistleId: command.data.whistleId, departmentCode: code, ...(departmentName ? { departmentName } : {}), reason: command.data.reason } },
      ];
    }
    case 'DecideRelease': {
      const w = state.whistles[command.data.whistleId];
      if (!w) return refuse('unknown_whistle', '未找到该吹哨 / no such whistle on this case');
      if (w.centerCode && ctx.actor.centerCode !== w.centerCode) return refuse('not_whistling_center', `由吹哨中心${name(w.centerCode)}决定 / the whistling center ${name(w.centerCode)} decides`);
      const code = command.data.departmentCode;
      if (!w.releaseRequested?.includes(code)) return refuse('no_release_request', '该部门没有待决的退出申请 / this department has no release request waiting');
      const departmentName = w.names?.[code];
      return [
        {
          type: 'DepartmentReleaseDecided',
          data: {
            ...base,
            whistleId: command.data.whistleId,
            departmentCode: code,
            ...(departmentName ? { departmentName } : {}),
            approved: command.data.approve,
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    }
    case 'SignOffWhistle': {
      const w = state.whistles[command.data.whistleId];
      if (!w) return refuse('unknown_whistle', '未找到该吹哨 / no such whistle on this case');
      if (w.centerCode && ctx.actor.centerCode !== w.centerCode) return refuse('not_whistling_center', `由吹哨中心${name(w.centerCode)}验收 / the whistling center ${name(w.centerCode)} signs it off`);
      if (w.signedOff) return refuse('already_signed_off', '该吹哨已验收 / this whistle is already signed off');
      if (w.pending.length > 0) return refuse('departments_pending', `尚有${w.pending.length}个部门未报到或未获准退出 / ${w.pending.length} department(s) have neither reported in nor been released`);
      return [{ type: 'WhistleSignedOff', data: { ...base, whistleId: command.data.whistleId, centerCode: ctx.actor.centerCode, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }
    case 'IssueCard': {
      // A missed step of the loop: the first a yellow card, any further one a red card (黄牌、红牌), charged to the unit that missed it.
      const d = command.data;
      if (!a) return [];
      if (a.cards.some((c) => c.clockId === d.clockId)) return []; // once per missed clock
      const card = a.cards.length === 0 ? 'yellow' : 'red';
      return [{ type: 'DisputeCardIssued', data: { ...base, card, chargedCenter: d.centerCode, step: d.policyId, clockId: d.clockId, dueAt: new Date(d.dueAt).toISOString() } }];
    }
  }
}

const refuse = (reason: string, message: string) => new DomainError(reason, message);
const centerName = (regions: RegionDirectory, code: string): string => regions.get(code)?.name ?? '该中心';
/** The send-back reasons as people read them. */
export const sendBackReasonZh = (r: keyof typeof intake.SEND_BACK_REASON_LABELS) => intake.SEND_BACK_REASON_LABELS[r].zh;
