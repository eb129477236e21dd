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
  | { type: 'AcceptReferral'; data: { preFilingNumber: string; mediatorId: string; acceptedAt: string } }
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
