import { z } from 'zod';
import { AgreedAmount, Consent } from '../mediation/commands.js';

/** Bodies of the pre-litigation referral commands (诉前调解 / 委派调解 / 司法确认 / 立案). */

const isoDateTime = z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' });

/** A court (人民法院): an institution, named in clear. */
export const Court = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{2,40}$/, '法院代码 / court code: letters, digits, _ or -'),
  name: z.string().trim().min(2).max(100),
});
export type Court = z.infer<typeof Court>;

export const ReferToCourt = z.object({
  /** The dispute referred; its case code, area and handling center are copied from it. */
  caseId: z.uuid({ message: '须为案件ID(UUID) / must be a case id (UUID)' }),
  court: Court,
  /** The parties' consent to pre-filing mediation (当事人同意诉前调解): every applicant and respondent. */
  consents: z.array(Consent).min(1).max(50),
  /** The failed mediation this referral follows, if any. */
  fromMediationId: z.uuid().optional(),
});
export type ReferToCourt = z.infer<typeof ReferToCourt>;

export const AcceptReferral = z.object({
  /** 诉前调解案号, e.g. (2026)黑0302诉前调1号. */
  preFilingNumber: z.string().trim().min(1).max(60),
  /** The designated mediator's user id (特邀调解员). */
  mediatorId: z.string().trim().min(1).max(100),
  acceptedAt: isoDateTime,
});

export const RecordSettlement = z.object({
  /** The agreement's terms; sealed. */
  terms: z.string().trim().min(1).max(20000),
  amounts: z.array(AgreedAmount).max(50).default([]),
  /** When the agreement took effect (签字生效): the 30-day window for judicial confirmation runs from here. */
  effectiveAt: isoDateTime,
  performanceDeadline: isoDateTime.optional(),
});
export type RecordSettlement = z.infer<typeof RecordSettlement>;

export const ReferralFailureReason = z.enum(['no_agreement', 'party_absent', 'time_limit_expired', 'party_withdrew', 'other']);
export type ReferralFailureReasonValue = z.infer<typeof ReferralFailureReason>;
export const RecordReferralFailure = z.object({ reason: ReferralFailureReason, note: z.string().trim().max(2000).optional() });

export const ApplyForConfirmation = z.object({
  /** The parties apply jointly (共同申请): every applicant and respondent. */
  applicants: z.array(z.string().min(1).max(100)).min(1).max(50),
  appliedAt: isoDateTime,
});

export const RuleOnConfirmation = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('confirmed'), ruledAt: isoDateTime, rulingNumber: z.string().trim().min(1).max(60) }),
  z.object({ decision: z.literal('rejected'), ruledAt: isoDateTime, reason: z.string().trim().min(1).max(2000) }),
]);
export type RuleOnConfirmation = z.infer<typeof RuleOnConfirmation>;

export const FileCase = z.object({
  /** 立案案号. */
  caseNumber: z.string().trim().min(1).max(60),
  filedAt: isoDateTime,
  note: z.string().trim().max(2000).optional(),
});
