import { checkDated, DomainError, InvalidDateError, intake, referral, type ReferralEvent } from '@zz/contracts';
import type { ReferralCommand, ReferralContext } from './commands.js';
import { chinaDate, confirmationApplyBy } from './confirmation-window.js';
import type { ReferralState } from './state.js';

/** "What may happen to this referral now?" — pre-filing mediation, judicial confirmation, filing; pure. */
export function decide(command: ReferralCommand, state: ReferralState, ctx: ReferralContext): ReferralEvent[] | DomainError {
  if (command.type === 'ReferToCourt') return refer(command.data, state, ctx);
  if (command.type === 'SubmitAgreementForConfirmation') return submitAgreement(command.data, state, ctx);
  if (state.status === 'none') return refuse('not_referred', '委派记录不存在 / referral not found');
  const base = { referralId: state.referralId, caseId: state.caseId, caseCode: state.caseCode };

  switch (command.type) {
    case 'AcceptReferral': {
      if (state.status !== 'referred') return refuse('not_awaiting_court', `当前状态为「${statusZh(state)}」，法院不能再接收 / only a referral awaiting the court can be accepted`);
      const d = command.data;
      const misdated = checkDated('acceptedAt', d.acceptedAt, ctx.now, [[state.referredAt, '委派时间', 'the referral']]);
      if (misdated) return misdated;
      return [{ type: 'ReferralAccepted', data: { ...base, preFilingNumber: d.preFilingNumber, mediatorId: d.mediatorId, acceptedAt: iso(d.acceptedAt) } }];
    }

    case 'RecordSettlement': {
      const refused = mustBeMediating(state, ctx);
      if (refused) return refused;
      const d = command.data;
      const misdated = checkDated('effectiveAt', d.effectiveAt, ctx.now, [[state.acceptedAt, '法院接收委派时间', "the court's acceptance"]]);
      if (misdated) return misdated;
      if (d.performanceDeadline && !isAfter(d.performanceDeadline, new Date(d.effectiveAt)))
        return new InvalidDateError(
          'performanceDeadline',
          'deadline_before_signing',
          'performanceDeadline：履行期限须晚于协议生效时间 / the performance deadline must be after the agreement takes effect',
        );
      if (d.amounts.some((a) => (a.payerPersonId && !isParty(state, a.payerPersonId)) || (a.payeePersonId && !isParty(state, a.payeePersonId)))) return unknownPerson();
      return [
        {
          type: 'ReferralSettled',
          data: {
            ...base,
            terms: d.terms,
            amounts: d.amounts,
            effectiveAt: iso(d.effectiveAt),
            ...(d.performanceDeadline ? { performanceDeadline: iso(d.performanceDeadline) } : {}),
            confirmationApplyBy: confirmationApplyBy(d.effectiveAt),
          },
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
      if (missing.length > 0)
        return refuse('joint_application_required', `司法确认须由双方当事人共同申请，尚缺${missing.length}人 / the parties must apply jointly: ${missing.length} party(ies) missing`);
      const misdated = checkDated('appliedAt', d.appliedAt, ctx.now, [[state.effectiveAt, '调解协议生效时间', 'the agreement taking effect']]);
      if (misdated) return misdated;
      const late = windowClosed(d.appliedAt, state.confirmationApplyBy!);
      if (late) return late;
      return [{ type: 'JudicialConfirmationApplied', data: { ...base, applicants: d.applicants, appliedAt: iso(d.appliedAt) } }];
    }

    case 'AcceptConfirmationApplication': {
      if (state.status !== 'confirmation_applied') return refuse('no_application', '尚无待受理的司法确认申请 / there is no application for confirmation to accept');
      const d = command.data;
      const misdated = checkDated('acceptedAt', d.acceptedAt, ctx.now, [[state.appliedAt, '司法确认申请时间', 'the application']]);
      if (misdated) return misdated;
      return [{ type: 'ConfirmationApplicationAccepted', data: { ...base, acceptedAt: iso(d.acceptedAt), ...(d.caseNumber ? { caseNumber: d.caseNumber } : {}) } }];
    }

    case 'RefuseConfirmationApplication': {
      if (state.status !== 'confirmation_applied') return refuse('no_application', '尚无待受理的司法确认申请 / there is no application for confirmation to decide on');
      const d = command.data;
      const misdated = checkDated('refusedAt', d.refusedAt, ctx.now, [[state.appliedAt, '司法确认申请时间', 'the application']]);
      if (misdated) return misdated;
      return [{ type: 'ConfirmationApplicationRefused', data: { ...base, refusedAt: iso(d.refusedAt), reason: d.reason } }];
    }

    case 'RuleOnConfirmation': {
      // The court rules on an application it has accepted; its 15(+10)-day clock runs from that acceptance.
      if (state.status === 'confirmation_applied') return refuse('application_not_accepted', '法院尚未受理司法确认申请，不能裁定 / the court has not accepted the application yet');
      if (state.status !== 'confirmation_accepted') return refuse('no_application', '尚无待裁定的司法确认申请 / there is no application for confirmation to rule on');
      const d = command.data;
      const misdated = checkDated('ruledAt', d.ruledAt, ctx.now, [[state.applicationAcceptedAt, '受理司法确认申请时间', 'the acceptance of the application']]);
      if (misdated) return misdated;
      return d.decision === 'confirmed'
        ? [{ type: 'JudicialConfirmationGranted', data: { ...base, ruledAt: iso(d.ruledAt), rulingNumber: d.rulingNumber } }]
        : [{ type: 'JudicialConfirmationRejected', data: { ...base, ruledAt: iso(d.ruledAt), reason: d.reason } }];
    }

    case 'FileCase': {
      // "File the case now" is always an exit, until the referral has ended in confirmation or filing.
      if (isTerminal(state)) return refuse('referral_ended', `委派已结束（${statusZh(state)}），不能立案 / the referral has ended (${state.status})`);
      const d = command.data;
      const misdated = checkDated('filedAt', d.filedAt, ctx.now, [[state.referredAt, '委派或申请时间', 'the referral or application']]);
      if (misdated) return misdated;
      return [{ type: 'CaseFiled', data: { ...base, caseNumber: d.caseNumber, filedAt: iso(d.filedAt), ...(d.note ? { note: d.note } : {}) } }];
    }
  }
}

function refer(d: Extract<ReferralCommand, { type: 'ReferToCourt' }>['data'], state: ReferralState, ctx: ReferralContext): ReferralEvent[] | DomainError {
  if (state.status !== 'none') return refuse('already_referred', '该委派记录已存在 / this referral already exists');
  if (!intake.isOpen(d.disputeStatus))
    return refuse(
      'dispute_not_open',
      `纠纷状态为「${intake.DISPUTE_STATUS_LABELS[d.disputeStatus].zh}」，不能委派；已达成调解协议的可申请司法确认 / only an open dispute can be referred; an agreement can go for judicial confirmation`,
    );
  const known = new Set(d.parties.map((p) => p.personId));
  if (d.consents.some((c) => !known.has(c.personId))) return unknownPerson();
  for (const [i, c] of d.consents.entries()) {
    const misdated = checkDated(`consents.${i}.consentedAt`, c.consentedAt, ctx.now);
    if (misdated) return misdated;
  }
  // Pre-filing mediation needs the parties' consent (诉前调解须征得当事人同意): every applicant and respondent.
  const consenting = new Set(d.consents.map((c) => c.personId));
  const missing = d.parties.filter((p) => p.role !== 'third_party' && !consenting.has(p.personId));
  if (missing.length > 0) return refuse('consent_missing', `尚有${missing.length}名当事人未同意诉前调解 / ${missing.length} party(ies) have not consented to pre-filing mediation`);
  const { disputeStatus: _s, consents, ...rest } = d;
  return [{ type: 'ReferredToCourt', data: { ...rest, consents: consents.map((c) => ({ personId: c.personId, consentedAt: iso(c.consentedAt) })), referredAt: ctx.now.toISOString() } }];
}

/** 人民调解法 art. 33: any mediation agreement may go for judicial confirmation, jointly, within 30 days. */
function submitAgreement(d: Extract<ReferralCommand, { type: 'SubmitAgreementForConfirmation' }>['data'], state: ReferralState, ctx: ReferralContext): ReferralEvent[] | DomainError {
  if (state.status !== 'none') return refuse('already_referred', '该司法确认申请已存在 / this application already exists');
  if (!d.agreement) return refuse('no_agreement', '该调解案卷没有达成调解协议 / the mediation file holds no agreement');
  if (d.applicants.some((p) => !d.parties.some((q) => q.personId === p))) return unknownPerson();
  const applying = new Set(d.applicants);
  const missing = d.parties.filter((p) => p.role !== 'third_party' && !applying.has(p.personId));
  if (missing.length > 0) return refuse('joint_application_required', `司法确认须由双方当事人共同申请，尚缺${missing.length}人 / the parties must apply jointly: ${missing.length} party(ies) missing`);
  const misdated = checkDated('appliedAt', d.appliedAt, ctx.now, [[d.agreement.signedAt, '调解协议生效时间', 'the agreement taking effect']]);
  if (misdated) return misdated;
  const applyBy = confirmationApplyBy(d.agreement.signedAt);
  const late = windowClosed(d.appliedAt, applyBy);
  if (late) return late;
  const { agreement, appliedAt, ...rest } = d;
  return [{ type: 'AgreementSubmittedForConfirmation', data: { ...rest, agreementEffectiveAt: iso(agreement.signedAt), confirmationApplyBy: applyBy, appliedAt: iso(appliedAt) } }];
}

function windowClosed(appliedAt: string, applyBy: string): DomainError | undefined {
  if (!isAfter(appliedAt, new Date(applyBy))) return undefined;
  const last = chinaDate(applyBy);
  return refuse(
    'confirmation_window_closed',
    `司法确认须在调解协议生效之日起30日内申请，最后期限为${last}，已逾期；可就原纠纷起诉（立案） / judicial confirmation must be applied for within 30 days of the agreement taking effect (last day ${last}); the window has closed — the dispute can still be filed as a case`,
  );
}

/** Settling or failing needs the court to have accepted; a mediator records only on referrals designated to them. */
function mustBeMediating(state: ReferralState, ctx: ReferralContext): DomainError | undefined {
  if (state.status !== 'in_mediation') return refuse('not_in_mediation', `当前状态为「${statusZh(state)}」，不在诉前调解中 / the referral is not in pre-filing mediation`);
  if (ctx.actor.role === 'mediator' && state.mediatorId !== ctx.actor.userId) return refuse('not_assigned_mediator', '您不是法院指定的调解员 / you are not the mediator the court designated');
  return undefined;
}

const isTerminal = (state: ReferralState) => (referral.REFERRAL_TERMINAL as readonly string[]).includes(state.status);
const refuse = (reason: string, message: string) => new DomainError(reason, message);
const unknownPerson = () => refuse('unknown_person', '该人员不是本纠纷的当事人 / this person is not a party to the dispute');
const statusZh = (state: ReferralState) => (state.status === 'none' ? '不存在' : referral.REFERRAL_STATUS_LABELS[state.status].zh);
const isParty = (state: ReferralState, personId: string) => state.parties.some((p) => p.personId === personId);
const isAfter = (isoTime: string, than: Date) => Date.parse(isoTime) > than.getTime();
const iso = (t: string) => new Date(t).toISOString();
