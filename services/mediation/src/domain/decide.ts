import { DomainError, intake, type MediationEvent } from '@zz/contracts';
import type { MediationCommand, MediationContext } from './commands.js';
import type { MediationState } from './state.js';

/** "What may a mediator do now?" — the mediation rules (调解), pure. */
export function decide(command: MediationCommand, state: MediationState, ctx: MediationContext): MediationEvent[] | DomainError {
  if (command.type === 'OpenMediation') return open(command.data, state, ctx);
  if (state.status === 'none') return refuse('not_opened', '调解卷宗不存在 / mediation file not opened');
  const base = { mediationId: state.mediationId, caseId: state.caseId, caseCode: state.caseCode };

  switch (command.type) {
    case 'AssignMediator': {
      const refused = mustBeActive(state);
      if (refused) return refused;
      if (state.mediatorId === command.data.mediatorId) return refuse('already_assigned', '该调解员已被指派 / this mediator is already assigned');
      return [{ type: 'MediatorAssigned', data: { ...base, mediatorId: command.data.mediatorId, ...(state.mediatorId ? { previousMediatorId: state.mediatorId } : {}) } }];
    }

    case 'RecordSession': {
      const refused = mustBeMediating(state, ctx);
      if (refused) return refused;
      const d = command.data;
      if (isAfter(d.heldAt, ctx.now)) return refuse('time_in_future', '调解时间不能晚于当前时间 / a session cannot be recorded before it is held');
      const unknown = d.attendees.find((a) => a.kind === 'party' && !isParty(state, a.personId));
      if (unknown) return unknownPerson();
      return [{ type: 'MediationSessionRecorded', data: { ...base, sessionNo: state.sessions + 1, heldAt: iso(d.heldAt), attendees: d.attendees, notes: d.notes } }];
    }

    case 'NoteProgress': {
      const refused = mustBeActive(state);
      if (refused) return refused;
      return [{ type: 'MediationProgressNoted', data: { ...base, note: command.data.note } }];
    }

    case 'ExtendMediation': {
      const refused = mustBeActive(state);
      if (refused) return refused;
      const d = command.data;
      if (d.consents.some((c) => !isParty(state, c.personId))) return unknownPerson();
      if (d.consents.some((c) => isAfter(c.consentedAt, ctx.now))) return refuse('time_in_future', '同意时间不能晚于当前时间 / a consent cannot be dated in the future');
      // "Longer if both parties agree": every applicant and respondent, not just one side.
      const consenting = new Set(d.consents.map((c) => c.personId));
      const missing = state.parties.filter((p) => p.role !== 'third_party' && !consenting.has(p.personId));
      if (missing.length > 0) return refuse('consent_missing', `尚有${missing.length}名当事人未同意延长 / ${missing.length} party(ies) have not consented to the extension`);
      if (!isAfter(d.newEndAt, ctx.now) || (state.plannedEndAt && !isAfter(d.newEndAt, new Date(state.plannedEndAt)))) {
        return refuse('end_date_not_later', '延长后的期限须晚于当前期限和当前时间 / the new end date must be later than the current one and than now');
      }
      return [
        {
          type: 'MediationExtended',
          data: {
            ...base,
            consents: d.consents.map((c) => ({ personId: c.personId, consentedAt: iso(c.consentedAt) })),
            ...(state.plannedEndAt ? { previousEndAt: state.plannedEndAt } : {}),
            newEndAt: iso(d.newEndAt),
            ...(d.reason ? { reason: d.reason } : {}),
          },
        },
      ];
    }

    case 'RecordRefusal': {
      const refused = mustBeActive(state);
      if (refused) return refused;
      const d = command.data;
      if (!isParty(state, d.personId)) return unknownPerson();
      if (isAfter(d.statedAt, ctx.now)) return refuse('time_in_future', '拒绝时间不能晚于当前时间 / a refusal cannot be dated in the future');
      return [{ type: 'MediationRefusedByParty', data: { ...base, personId: d.personId, statedAt: iso(d.statedAt), ...(d.statement ? { statement: d.statement } : {}) } }];
    }

    case 'ReachAgreement': {
      const refused = mustBeMediating(state, ctx);
      if (refused) return refused;
      const d = command.data;
      if (state.sessions === 0) return refuse('no_session_held', '尚未记录调解会议，不能达成协议 / record at least one session before an agreement');
      if (isAfter(d.signedAt, ctx.now)) return refuse('time_in_future', '签订时间不能晚于当前时间 / an agreement cannot be signed in the future');
      if (!isAfter(d.performanceDeadline, new Date(d.signedAt))) return refuse('deadline_before_signing', '履行期限须晚于签订时间 / the performance deadline must be after signing');
      if (d.amounts.some((a) => (a.payerPersonId && !isParty(state, a.payerPersonId)) || (a.payeePersonId && !isParty(state, a.payeePersonId)))) return unknownPerson();
      return [{ type: 'MediationAgreementReached', data: { ...base, terms: d.terms, amounts: d.amounts, signedAt: iso(d.signedAt), performanceDeadline: iso(d.performanceDeadline) } }];
    }

    case 'RecordFailure': {
      // Failure needs no mediator: parties may fail to appear before one is assigned.
      const refused = mustBeActive(state) ?? assignedMediatorOnly(state, ctx);
      if (refused) return refused;
      return [{ type: 'MediationFailed', data: { ...base, reason: command.data.reason, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }

    case 'RecordPerformance': {
      if (state.status !== 'agreed') return refuse('no_agreement', '没有可跟踪履行的调解协议 / there is no agreement whose performance could be followed');
      if (state.performance === 'full') return refuse('already_performed', '协议已全部履行 / the agreement has already been fully performed');
      const d = command.data;
      if (isAfter(d.checkedAt, ctx.now)) return refuse('time_in_future', '核查时间不能晚于当前时间 / a check cannot be dated in the future');
      return [{ type: 'AgreementPerformanceRecorded', data: { ...base, status: d.status, checkedAt: iso(d.checkedAt), ...(d.note ? { note: d.note } : {}) } }];
    }

    case 'CloseMediation': {
      const outcome = state.status === 'agreed' ? 'agreement' : state.status === 'failed' ? 'failed' : state.status === 'refused' ? 'refused' : null;
      if (state.status === 'closed') return refuse('already_closed', '调解卷宗已结卷 / the mediation file is already closed');
      if (!outcome) return refuse('mediation_not_ended', '调解尚未结束（未达成协议、未终止），不能结卷 / mediation has not ended: reach an agreement, record a failure or a refusal first');
      return [{ type: 'MediationClosed', data: { ...base, outcome, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }
  }
}

function open(d: Extract<MediationCommand, { type: 'OpenMediation' }>['data'], state: MediationState, ctx: MediationContext): MediationEvent[] | DomainError {
  if (state.status !== 'none') return refuse('already_opened', '调解卷宗已存在 / the mediation file already exists');
  if (!intake.isOpen(d.disputeStatus)) return refuse('dispute_not_open', `纠纷状态为${d.disputeStatus}，不能进入调解 / only an open dispute can go to mediation`);
  if (d.plannedEndAt && !isAfter(d.plannedEndAt, ctx.now)) return refuse('end_date_not_later', '调解期限须晚于当前时间 / the planned end must be in the future');
  const { disputeStatus: _s, plannedEndAt, ...rest } = d;
  return [{ type: 'MediationOpened', data: { ...rest, ...(plannedEndAt ? { plannedEndAt: iso(plannedEndAt) } : {}) } }];
}

/** Open for work: opened or being mediated. A refusal stops everything but closing (当事人明确拒绝的，应当终止调解). */
function mustBeActive(state: MediationState): DomainError | undefined {
  if (state.status === 'opened' || state.status === 'in_mediation') return undefined;
  if (state.status === 'refused') return refuse('mediation_stopped', '当事人已明确拒绝调解，调解已终止，只能结卷 / a party refused mediation: it has stopped and can only be closed');
  return refuse('mediation_ended', `调解已结束（${state.status}） / mediation has ended (${state.status})`);
}

/** Sessions and outcomes need an assigned mediator, and a mediator may record only on their own files. */
function mustBeMediating(state: MediationState, ctx: MediationContext): DomainError | undefined {
  const inactive = mustBeActive(state);
  if (inactive) return inactive;
  if (state.status === 'opened') return refuse('no_mediator', '尚未指派调解员 / no mediator has been assigned yet');
  return assignedMediatorOnly(state, ctx);
}

function assignedMediatorOnly(state: MediationState, ctx: MediationContext): DomainError | undefined {
  if (ctx.actor.role === 'mediator' && state.mediatorId !== null && state.mediatorId !== ctx.actor.userId) {
    return refuse('not_assigned_mediator', '您不是本案指派的调解员 / you are not the mediator assigned to this file');
  }
  return undefined;
}

const refuse = (reason: string, message: string) => new DomainError(reason, message);
const unknownPerson = () => refuse('unknown_person', '该人员不是本纠纷的当事人 / this person is not a party to the dispute');
const isParty = (state: MediationState, personId: string) => state.parties.some((p) => p.personId === personId);
const isAfter = (isoTime: string, than: Date) => Date.parse(isoTime) > than.getTime();
const iso = (t: string) => new Date(t).toISOString();
