import type { Actor, DisputeCategory, intake, mediation, referral, Sealed } from '@zz/contracts';

/**
 * Referral commands as the decider sees them: bodies from contracts with free text already sealed
 * and the dispute's facts filled in by the application layer (so decide stays pure).
 */
export type ReferralCommand =
  | {
      type: 'ReferToCourt';
      data: Omit<referral.ReferToCourt, 'caseId'> & {
        referralId: string;
        caseId: string;
        caseCode: string;
        areaCode: string;
        handlingCenter: string;
        category: DisputeCategory;
        parties: mediation.PartyRef[];
        narratorId: string;
        /** The dispute's status now: only an open dispute is referred. */
        disputeStatus: intake.DisputeStatus;
      };
    }
  | {
      type: 'SubmitAgreementForConfirmation';
      data: {
        referralId: string;
        caseId: string;
        caseCode: string;
        areaCode: string;
        handlingCenter: string;
        category: DisputeCategory;
        parties: mediation.PartyRef[];
        narratorId: string;
        court: referral.Court;
        mediationId: string;
        /** The agreement as the mediation file holds it; null when the file has none. */
        agreement: { signedAt: string } | null;
        applicants: string[];
        appliedAt: string;
      };
    }
  | { type: 'AcceptReferral'; data: { preFilingNumber: string; mediatorId: string; acceptedAt: string } }
  | { type: 'AcceptConfirmationApplication'; data: { acceptedAt: string; caseNumber?: string } }
  | { type: 'RefuseConfirmationApplication'; data: { refusedAt: string; reason: Sealed } }
  | { type: 'RecordSettlement'; data: Omit<referral.RecordSettlement, 'terms'> & { terms: Sealed } }
  | { type: 'RecordReferralFailure'; data: { reason: referral.ReferralFailureReasonValue; note?: Sealed } }
  | { type: 'ApplyForConfirmation'; data: { applicants: string[]; appliedAt: string } }
  | { type: 'RuleOnConfirmation'; data: { decision: 'confirmed'; ruledAt: string; rulingNumber: string } | { decision: 'rejected'; ruledAt: string; reason: Sealed } }
  | { type: 'FileCase'; data: { caseNumber: string; filedAt: string; note?: Sealed } };

export type ReferralCommandType = ReferralCommand['type'];

export interface ReferralContext {
  now: Date;
  actor: Actor;
}
