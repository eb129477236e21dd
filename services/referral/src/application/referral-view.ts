import { referral, viewNarrative, type PersonalDataVault, type Role, type Sealed } from '@zz/contracts';
import { referralCodec, type LoadedReferral } from './referral-service.js';

/** A referral as a reader sees it, free text opened at read time for roles that need it. */
export function referralView(loaded: LoadedReferral, vault: PersonalDataVault, role: Role) {
  const s = loaded.state;
  const text = (sealed: Sealed | undefined) => (sealed ? viewNarrative(vault, sealed, role) : null);
  let consents: unknown[] = [];
  let fromMediationId: string | null = null;
  let accepted: unknown = null;
  let settlement: unknown = null;
  let failure: unknown = null;
  let application: unknown = null;
  let ruling: unknown = null;
  let filing: unknown = null;
  let applicationDecision: unknown = null;
  let mediationId: string | null = null;
  for (const r of loaded.events) {
    const e = referralCodec.decode(r);
    if (!e) continue;
    switch (e.type) {
      case 'ReferredToCourt':
        consents = e.data.consents;
        fromMediationId = e.data.fromMediationId ?? null;
        break;
      case 'ReferralAccepted':
        accepted = { preFilingNumber: e.data.preFilingNumber, mediatorId: e.data.mediatorId, acceptedAt: e.data.acceptedAt };
        break;
      case 'ReferralSettled':
        settlement = {
          terms: text(e.data.terms),
          amounts: e.data.amounts,
          effectiveAt: e.data.effectiveAt,
          performanceDeadline: e.data.performanceDeadline ?? null,
          confirmationApplyBy: e.data.confirmationApplyBy,
        };
        break;
      case 'ReferralFailed':
        failure = { reason: e.data.reason, note: text(e.data.note), failedAt: r.occurredAt };
        break;
      case 'JudicialConfirmationApplied':
        application = { applicants: e.data.applicants, appliedAt: e.data.appliedAt };
        break;
      case 'AgreementSubmittedForConfirmation':
        mediationId = e.data.mediationId;
        application = { applicants: e.data.applicants, appliedAt: e.data.appliedAt, agreementEffectiveAt: e.data.agreementEffectiveAt };
        break;
      case 'ConfirmationApplicationAccepted':
        applicationDecision = { decision: 'accepted', acceptedAt: e.data.acceptedAt, caseNumber: e.data.caseNumber ?? null };
        break;
      case 'ConfirmationApplicationRefused':
        applicationDecision = { decision: 'refused', refusedAt: e.data.refusedAt, reason: text(e.data.reason) };
        break;
      case 'JudicialConfirmationGranted':
        ruling = { decision: 'confirmed', ruledAt: e.data.ruledAt, rulingNumber: e.data.rulingNumber };
        break;
      case 'JudicialConfirmationRejected':
        ruling = { decision: 'rejected', ruledAt: e.data.ruledAt, reason: text(e.data.reason) };
        break;
      case 'CaseFiled':
        filing = { caseNumber: e.data.caseNumber, filedAt: e.data.filedAt, note: text(e.data.note) };
        break;
    }
  }
  return {
    referralId: s.referralId,
    caseId: s.caseId,
    caseCode: s.caseCode,
    status: s.status,
    statusLabel: s.status === 'none' ? null : referral.REFERRAL_STATUS_LABELS[s.status],
    areaCode: s.areaCode,
    handlingCenter: s.handlingCenter,
    category: s.category,
    court: s.court,
    fromMediationId,
    parties: s.parties,
    consents,
    accepted,
    mediatorId: s.mediatorId,
    settlement,
    failure,
    confirmationApplyBy: s.confirmationApplyBy,
    application,
    /** The court's acceptance (or refusal) of the application; the ruling clock runs from acceptance. */
    applicationDecision,
    /** The mediation agreement confirmed, when the file started from one (人民调解法 art. 33). */
    mediationId,
    ruling,
    filing,
    referredAt: loaded.events[0]!.occurredAt,
    revision: Number(loaded.revision),
  };
}
