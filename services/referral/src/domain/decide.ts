import { DomainError, intake, referral, type ReferralEvent } from '@zz/contracts';
import type { ReferralCommand, ReferralContext } from './commands.js';
import { chinaDate, confirmationApplyBy } from './confirmation-window.js';
import type { ReferralState } from './state.js';

/** "What may happen to this referral now?" — pre-filing mediation, judicial confirmation, filing; pure. */
export function decide(command: ReferralCommand, state: ReferralState, ctx: ReferralContext): ReferralEvent[] | DomainError {
  if (command.type === 'ReferToCourt') return refer(command.data, state, ctx);
  if (state.status === 'none') return refuse('not_referred', '委派记录不存在 / referral not found');
  const base = { referralId: state.referralId, caseId: state.caseId, caseCode: state.caseCode };

  switch (command.type) {
    case 'AcceptReferral': {
      if (state.status !== 'referred') return refuse('not_awaiting_court', `当前状态为${state.status}，法院不能再接收 / only a referral awaiting the court can be accepted`);
      const d = command.data;
      if (isAfter(d.acceptedAt, ctx.now)) return inFuture();
      return [{ type: 'ReferralAccepted', data: { ...base, preFilingNumber: d.preFilingNumber, mediatorId: d.mediatorId, acceptedAt: iso(d.acceptedAt) } }];
    }

    case 'RecordSettlement': {
      const refused = mustBeMediating(state, ctx);
      if (refused) return refused;
      const d = command.data;
      if (isAfter(d.effectiveAt, ctx.now)) return inFuture();
      if (d.performanceDeadline && !isAfter(d.performanceDeadline, new Date(d.effectiveAt))) return refuse('deadline_before_signing', '履行期限须晚于协议生效时间 / the performance deadline must be after the agreement takes effect');
      if (d.amounts.some((a) => (a.payerPersonId && !isParty(state, a.payerPersonId)) || (a.payeePersonId && !isParty(state, a.payeePersonId)))) return unknownPerson();
      return [
        {
          type: 'ReferralSettled',
          data: { ...base, terms: d.terms, amounts: d.amounts, effectiveAt: iso(d.effectiveAt), ...(d.performanceDeadline ? { performanceDeadline: iso(d.performanceDeadline) } : {}), confirmationApplyBy: confirmationApplyBy(d.effectiveAt) },
        },
      ];
    }

    case 'RecordReferralFailure': {
      const refused = mustBeMediating(state, ctx);
      if (refused) return refused;
      return [{ type: 'ReferralFailed', data: { ...base, reason: command.data.reason, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }

    case 'ApplyForConfirmation': {
      if (state.status !== 'settled') return refuse('not_settled', '只有调解成功的协议可以申请司法确认 / only a settled agreement can go for judicial confirmation');
      const d = command.data;
      if (d.applicants.some((p) => !isParty(state, p))) return unknownPerson();
      const applying = new Set(d.applicants);
      const missing = state.parties.filter((p) => p.role !== 'third_party' && !applying.has(p.personId));
      if (missing.length > 0) return refuse('joint_application_required', `司法确认须由双方当事人共同申请，尚缺${missing.length}人 / the parties must apply jointly: ${missing.length} party(ies) missing`);
      if (isAfter(d.appliedAt, ctx.now)) return inFuture();
      if (Date.parse(d.appliedAt) < Date.parse(state.effectiveAt!)) return refuse('applied_before_agreement', '申请时间早于协议生效时间 / the application predates the agreement');
      if (isAfter(d.appliedAt, new Date(state.confirmationApplyBy!))) {
        const last = chinaDate(state.confirmationApplyBy!);
        return refuse(
          'confirmation_window_closed',
          `司法确认须在调解协议生效之日起30日内申请，最后期限为${last}，已逾期；可就原纠纷起诉（立案） / judicial confirmation must be applied for within 30 days of the agreement taking effect (last day ${last}); the window has closed — the dispute can still be filed as a case`,
        );
      }
      return [{ type: 'JudicialConfirmationApplied', data: { ...base, applicants: d.applicants, appliedAt: iso(d.appliedAt) } }];
    }

    case 'RuleOnConfirmation': {
      if (state.status !== 'confirmation_applied') return refuse('no_application', '尚无待裁定的司法确认申请 / there is no application for confirmation to rule on');
      const d = command.data;
      if (isAfter(d.ruledAt, ctx.now)) return inFuture();
      return d.decision === 'confirmed'
        ? [{ type: 'JudicialConfirmationGranted', data: { ...base, ruledAt: iso(d.ruledAt), rulingNumber: d.rulingNumber } }]
        : [{ type: 'JudicialConfirmationRejected', data: { ...base, ruledAt: iso(d.ruledAt), reason: d.reason } }];
    }

    case 'FileCase': {
      // "File the case now" is always an exit, until the referral has ended in confirmation or filing.
      if (isTerminal(state)) return refuse('referral_ended', `委派已结束（${state.status}），不能立案 / the referral has ended (${state.status})`);
      const d = command.data;
      if (isAfter(d.filedAt, ctx.now)) return inFuture();
      return [{ type: 'CaseFiled', data: { ...base, caseNumber: d.caseNumber, filedAt: iso(d.filedAt), ...(d.note ? { note: d.note } : {}) } }];
    }
  }
}

function refer(d: Extract<ReferralCommand, { type: 'ReferToCourt' }>['data'], state: ReferralState, ctx: ReferralContext): ReferralEvent[] | DomainError {
  if (state.status !== 'none') return refuse('already_referred', '该委派记录已存在 / this referral already exists');
  if (!intake.isOpen(d.disputeStatus)) return refuse('dispute_not_open', `纠纷状态为${d.disputeStatus}，不能委派 / only an open dispute can be referred`);
  const known = new Set(d.parties.map((p) => p.personId));
  if (d.consents.some((c) => !known.has(c.personId))) return unknownPerson();
  if (d.consents.some((c) => isAfter(c.consentedAt, ctx.now))) return inFuture();
  // Pre-filing mediation needs the parties' consent (诉前调解须征得当事人同意): every applicant and respondent.
  const consenting = new Set(d.consents.map((c) => c.personId));
  const missing = d.parties.filter((p) => p.role !== 'third_party' && !consenting.has(p.personId));
  if (missing.length > 0) return refuse('consent_missing', `尚有${missing.length}名当事人未同意诉前调解 / ${missing.length} party(ies) have not consented to pre-filing mediation`);
  const { disputeStatus: _s, consents, ...rest } = d;
  return [{ type: 'ReferredToCourt', data: { ...rest, consents: consents.map((c) => ({ personId: c.personId, consentedAt: iso(c.consentedAt) })) } }];
}

/** Settling or failing needs the court to have accepted; a mediator records only on referrals designated to them. */
function mustBeMediating(state: ReferralState, ctx: ReferralContext): DomainError | undefined {
  if (state.status !== 'in_mediation') return refuse('not_in_mediation', `当前状态为${state.status}，不在诉前调解中 / the referral is not in pre-filing mediation`);
  if (ctx.actor.role === 'mediator' && state.mediatorId !== ctx.actor.userId) return refuse('not_assigned_mediator', '您不是法院指定的调解员 / you are not the mediator the court designated');
  return undefined;
}

const isTerminal = (state: ReferralState) => (referral.REFERRAL_TERMINAL as readonly string[]).includes(state.status);
const refuse = (reason: string, message: string) => new DomainError(reason, message);
const unknownPerson = () => refuse('unknown_person', '该人员不是本纠纷的当事人 / this person is not a party to the dispute');
const inFuture = () => refuse('time_in_future', '时间不能晚于当前时间 / the time given is in the future');
const isParty = (state: ReferralState, personId: string) => state.parties.some((p) => p.personId === personId);
const isAfter = (isoTime: string, than: Date) => Date.parse(isoTime) > than.getTime();
const iso = (t: string) => new Date(t).toISOString();
