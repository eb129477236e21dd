import type { DisputeCategory, mediation, referral, ReferralEvent } from '@zz/contracts';

/** What the referral decider needs to know about one referral, folded from its events. */
export interface ReferralState {
  status: referral.ReferralStatus | 'none';
  referralId: string;
  caseId: string;
  caseCode: string;
  areaCode: string;
  /** The center holding the dispute when it was referred: who may act on it (with the court's liaison above it). */
  handlingCenter: string;
  category: DisputeCategory | null;
  court: referral.Court | null;
  parties: mediation.PartyRef[];
  narratorId: string;
  preFilingNumber: string | null;
  mediatorId: string | null;
  /** When the settlement took effect, and the last moment to apply for judicial confirmation. */
  effectiveAt: string | null;
  confirmationApplyBy: string | null;
  caseNumber: string | null;
  /** Dated facts later dates must follow: referred, court accepted, application made, application accepted. */
  referredAt: string | null;
  acceptedAt: string | null;
  appliedAt: string | null;
  applicationAcceptedAt: string | null;
  /** The mediation agreement confirmed, when the file started from one (人民调解法 art. 33). */
  mediationId: string | null;
}

export const initialState: ReferralState = {
  status: 'none',
  referralId: '',
  caseId: '',
  caseCode: '',
  areaCode: '',
  handlingCenter: '',
  category: null,
  court: null,
  parties: [],
  narratorId: '',
  preFilingNumber: null,
  mediatorId: null,
  effectiveAt: null,
  confirmationApplyBy: null,
  caseNumber: null,
  referredAt: null,
  acceptedAt: null,
  appliedAt: null,
  applicationAcceptedAt: null,
  mediationId: null,
};

export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  switch (event.type) {
    case 'ReferredToCourt': {
      const d = event.data;
      return {
        ...initialState,
        status: 'referred',
        referralId: d.referralId,
        caseId: d.caseId,
        caseCode: d.caseCode,
        areaCode: d.areaCode,
        handlingCenter: d.handlingCenter,
        category: d.category,
        court: d.court,
        parties: d.parties,
        narratorId: d.narratorId,
        referredAt: d.referredAt ?? null,
      };
    }
    case 'AgreementSubmittedForConfirmation': {
      const d = event.data;
      return {
        ...initialState,
        status: 'confirmation_applied',
        referralId: d.referralId,
        caseId: d.caseId,
        caseCode: d.caseCode,
        areaCode: d.areaCode,
        handlingCenter: d.handlingCenter,
        category: d.category,
        court: d.court,
        parties: d.parties,
        narratorId: d.narratorId,
        effectiveAt: d.agreementEffectiveAt,
        confirmationApplyBy: d.confirmationApplyBy,
        referredAt: d.appliedAt,
        appliedAt: d.appliedAt,
        mediationId: d.mediationId,
      };
    }
    case 'ReferralAccepted':
      return { ...state, status: 'in_mediation', preFilingNumber: event.data.preFilingNumber, mediatorId: event.data.mediatorId, acceptedAt: event.data.acceptedAt };
    case 'ConfirmationApplicationAccepted':
      return { ...state, status: 'confirmation_accepted', applicationAcceptedAt: event.data.acceptedAt };
    case 'ConfirmationApplicationRefused':
      return { ...state, status: 'confirmation_refused' };
    case 'ReferralSettled':
      return { ...state, status: 'settled', effectiveAt: event.data.effectiveAt, confirmationApplyBy: event.data.confirmationApplyBy };
    case 'ReferralFailed':
      return { ...state, status: 'failed' };
    case 'JudicialConfirmationApplied':
      return { ...state, status: 'confirmation_applied', appliedAt: event.data.appliedAt };
    case 'JudicialConfirmationGranted':
      return { ...state, status: 'confirmed' };
    case 'JudicialConfirmationRejected':
      return { ...state, status: 'confirmation_rejected' };
    case 'CaseFiled':
      return { ...state, status: 'filed', caseNumber: event.data.caseNumber };
  }
}
