import { checkDated, DomainError, type IntakeEvent } from '@zz/contracts';
import type { IntakeCommand, IntakeContext } from './commands.js';
import type { DisputeState } from './state.js';

/**
 * Supervision of a dispute from above (督办): 挂牌督办 with a deadline, 约谈 with minutes, 通报 — by a
 * center above the one holding the case, and charged to that holding center (the supervised unit). Pure.
 */
type SupervisionCommand = Extract<IntakeCommand, { type: 'ListDisputeForSupervision' | 'LiftDisputeSupervision' | 'RecordDisputeInterview' | 'CirculateDisputeNotice' }>;

export function decideSupervision(command: SupervisionCommand, state: DisputeState, ctx: IntakeContext): IntakeEvent[] | DomainError {
  const base = { caseId: state.caseId, caseCode: state.caseCode };
  const units = { supervisingCenter: ctx.actor.centerCode, supervisedCenter: state.handlingCenter };
  if (command.type === 'LiftDisputeSupervision') {
    const sv = state.supervisions[command.data.supervisionId];
    if (!sv) return refuse('unknown_supervision', '未找到该挂牌督办 / no such listed supervision');
    if (sv.lifted) return refuse('already_lifted', '已摘牌 / this supervision was already lifted');
    if (sv.supervisingCenter !== ctx.actor.centerCode) return refuse('not_supervising_center', '由挂牌单位摘牌 / only the center that listed it lifts it');
    return [{ type: 'DisputeSupervisionLifted', data: { ...base, supervisionId: command.data.supervisionId, reason: command.data.reason } }];
  }
  if (!OPEN.includes(state.status)) return refuse('dispute_not_open', '只能督办未办结的案件 / only an open case is supervised');
  // Supervision comes from above: the holding center itself (or one beside it) does not supervise its own case.
  if (ctx.actor.centerCode === state.handlingCenter || !ctx.regions.isWithin(state.handlingCenter, ctx.actor.centerCode)) {
    return refuse('not_a_supervising_center', '督办由承办中心的上级中心发起 / supervision comes from a center above the one holding the case');
  }
  switch (command.type) {
    case 'ListDisputeForSupervision': {
      if (Object.values(state.supervisions).some((s) => !s.lifted)) return refuse('already_listed', '已在挂牌督办中 / already under listed supervision');
      if (Date.parse(command.data.dueAt) <= ctx.now.getTime()) return refuse('due_date_in_past', '督办期限须晚于当前时间 / the supervision deadline must be in the future');
      const { supervisionId, dueAt, instructions } = command.data;
      return [{ type: 'DisputeListedForSupervision', data: { ...base, ...units, supervisionId, dueAt: new Date(dueAt).toISOString(), instructions } }];
    }
    case 'RecordDisputeInterview': {
      const misdated = checkDated('heldAt', command.data.heldAt, ctx.now);
      if (misdated) return misdated;
      return [{ type: 'DisputeInterviewHeld', data: { ...base, ...units, interviewee: command.data.interviewee, heldAt: new Date(command.data.heldAt).toISOString(), minutes: command.data.minutes } }];
    }
    case 'CirculateDisputeNotice':
      return [{ type: 'DisputeNoticeCirculated', data: { ...base, ...units, scope: command.data.scope, summary: command.data.summary } }];
  }
}

const OPEN: readonly DisputeState['status'][] = ['registered', 'accepted', 'in_progress', 'escalated'];
const refuse = (reason: string, message: string) => new DomainError(reason, message);
