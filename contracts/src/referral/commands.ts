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

/**
 * Judicial confirmation of a mediation agreement reached outside the court's pre-filing mediation,
 * a people's mediation agreement included (人民调解法 art. 33): both parties apply jointly within 30
 * days of the agreement taking effect. The agreement may already have closed the dispute.
 */
export const ApplyToConfirmAgreement = z.object({
  mediationId: z.uuid({ message: '须为调解案卷ID(UUID) / must be a mediation id (UUID)' }),
  court: Court,
  applicants: z.array(z.string().min(1).max(100)).min(1).max(50),
  appliedAt: isoDateTime,
});
export type ApplyToConfirmAgreement = z.infer<typeof ApplyToConfirmAgreement>;

/** The court accepts the application (立案受理, 调确字 number): the 15(+10)-day ruling clock starts here. */
export const AcceptConfirmationApplication = z.object({
  acceptedAt: isoDateTime,
  /** 司法确认案号, e.g. (2026)黑0302民特1号. */
  caseNumber: z.string().trim().min(1).max(60).optional(),
});
/** The court refuses to accept the application (不予受理), with its reason; sealed. */
export const RefuseConfirmationApplication = z.object({ refusedAt: isoDateTime, reason: z.string().trim().min(1).max(2000) });

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
