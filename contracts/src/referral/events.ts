import { z } from 'zod';
import { DisputeCategory } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { Sealed } from '../personal-data.js';
import { AgreedAmount, Consent, PersonId } from '../mediation/commands.js';
import { PartyRef } from '../mediation/events.js';
import { Court, ReferralFailureReason } from './commands.js';

/** Referral events (诉前调解), current schema versions. Free text is sealed under the dispute narrator's key. */

const base = { referralId: z.uuid(), caseId: z.uuid(), caseCode: z.string() };
const at = z.iso.datetime({ offset: true });

export const ReferredToCourt = z.object({
  ...base,
  /** Copied from the dispute at referral: jurisdiction is decided on these. */
  areaCode: DivisionCode,
  handlingCenter: DivisionCode,
  category: DisputeCategory,
  court: Court,
  consents: z.array(Consent),
  parties: z.array(PartyRef),
  narratorId: PersonId,
  fromMediationId: z.uuid().optional(),
  /** When it was referred; absent in events recorded before it was kept (then the event's time). */
  referredAt: at.optional(),
});
/**
 * A mediation agreement (e.g. a people's mediation committee's) submitted for judicial confirmation
 * (人民调解法 art. 33): the referral file starts at the joint application, not at a pre-filing referral.
 */
export const AgreementSubmittedForConfirmation = z.object({
  ...base,
  areaCode: DivisionCode,
  handlingCenter: DivisionCode,
  category: DisputeCategory,
  court: Court,
  parties: z.array(PartyRef),
  narratorId: PersonId,
  mediationId: z.uuid(),
  /** When the agreement took effect (signed), and the last moment of the 30-day window. */
  agreementEffectiveAt: at,
  confirmationApplyBy: at,
  applicants: z.array(PersonId),
  appliedAt: at,
});
export const ConfirmationApplicationAccepted = z.object({ ...base, acceptedAt: at, caseNumber: z.string().optional() });
export const ConfirmationApplicationRefused = z.object({ ...base, refusedAt: at, reason: Sealed });
export const ReferralAccepted = z.object({ ...base, preFilingNumber: z.string(), mediatorId: z.string(), acceptedAt: at });
export const ReferralSettled = z.object({ ...base, terms: Sealed, amounts: z.array(AgreedAmount), effectiveAt: at, performanceDeadline: at.optional(), confirmationApplyBy: at });
export const ReferralFailed = z.object({ ...base, reason: ReferralFailureReason, note: Sealed.optional() });
export const JudicialConfirmationApplied = z.object({ ...base, applicants: z.array(PersonId), appliedAt: at });
export const JudicialConfirmationGranted = z.object({ ...base, ruledAt: at, rulingNumber: z.string() });
export const JudicialConfirmationRejected = z.object({ ...base, ruledAt: at, reason: Sealed });
export const CaseFiled = z.object({ ...base, caseNumber: z.string(), filedAt: at, note: Sealed.optional() });

export const REFERRAL_EVENT_SCHEMAS = {
  ReferredToCourt,
  ReferralAccepted,
  ReferralSettled,
  ReferralFailed,
  JudicialConfirmationApplied,
  AgreementSubmittedForConfirmation,
  ConfirmationApplicationAccepted,
  ConfirmationApplicationRefused,
  JudicialConfirmationGranted,
  JudicialConfirmationRejected,
  CaseFiled,
} as const;

type Schemas = typeof REFERRAL_EVENT_SCHEMAS;
export type ReferralEventType = keyof Schemas;
export type ReferralEvent = { [K in ReferralEventType]: { type: K; data: z.infer<Schemas[K]> } }[ReferralEventType];
export type ReferralEventOf<K extends ReferralEventType> = Extract<ReferralEvent, { type: K }>;

export const REFERRAL_SCHEMA_VERSIONS: Record<ReferralEventType, number> = {
  ReferredToCourt: 1,
  ReferralAccepted: 1,
  ReferralSettled: 1,
  ReferralFailed: 1,
  JudicialConfirmationApplied: 1,
  AgreementSubmittedForConfirmation: 1,
  ConfirmationApplicationAccepted: 1,
  ConfirmationApplicationRefused: 1,
  JudicialConfirmationGranted: 1,
  JudicialConfirmationRejected: 1,
  CaseFiled: 1,
};
