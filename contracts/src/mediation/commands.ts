import { z } from 'zod';

/** Bodies of the mediation commands (调解), as the HTTP API takes them. */

const isoDateTime = z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' });
const note = (max: number) => z.string().trim().min(1).max(max);
/** A person already known to the case (a party of the dispute); never a name. */
export const PersonId = z.string().min(1).max(100);

/** Who runs the mediation (调解组织类型). */
export const OrganisationKind = z.enum([
  'peoples_mediation_committee', // 人民调解委员会
  'industry_professional', // 行业性专业性调解组织
  'administrative', // 行政调解
  'court_invited', // 法院特邀调解
]);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const OpenMediation = z.object({
  /** The dispute (矛盾纠纷) this file is for; its case code, area and handling center are copied from it. */
  caseId: z.uuid({ message: '须为案件ID(UUID) / must be a case id (UUID)' }),
  organisationKind: OrganisationKind,
  /** Name of the organisation (e.g. 鸡冠区红军路街道人民调解委员会): an institution, not a person. */
  organisationName: z.string().trim().min(2).max(100),
  /** The planned end of mediation, if already set; the statutory clock is kept by the deadline watcher. */
  plannedEndAt: isoDateTime.optional(),
});
export type OpenMediation = z.infer<typeof OpenMediation>;

export const AssignMediator = z.object({
  /** The mediator's user id (as in their token's `sub`). */
  mediatorId: z.string().trim().min(1).max(100),
});

/** Someone at a session: a party by person id, or a participant by role only. */
export const AttendeeRole = z.enum(['mediator', 'lawyer', 'agent', 'interpreter', 'department_representative', 'expert', 'witness', 'other']);
export const Attendee = z.discriminatedUnion('kind', [z.object({ kind: z.literal('party'), personId: PersonId }), z.object({ kind: z.literal('role'), role: AttendeeRole })]);
export type Attendee = z.infer<typeof Attendee>;

export const RecordSession = z.object({
  heldAt: isoDateTime,
  attendees: z.array(Attendee).min(1, '至少一名参加人 / at least one attendee').max(100),
  /** Session notes (调解笔录摘要); sealed like the dispute's narrative. */
  notes: note(10000),
});
export type RecordSession = z.infer<typeof RecordSession>;

export const NoteProgress = z.object({ note: note(5000) });

/** A party's recorded consent (当事人同意): who, and when they said so. */
export const Consent = z.object({ personId: PersonId, consentedAt: isoDateTime });
export type Consent = z.infer<typeof Consent>;

export const ExtendMediation = z.object({
  /** Every applicant and respondent must have consented (双方当事人同意延长). */
  consents: z.array(Consent).min(1).max(50),
  newEndAt: isoDateTime,
  reason: z.string().trim().max(1000).optional(),
});
export type ExtendMediation = z.infer<typeof ExtendMediation>;

export const RecordRefusal = z.object({
  /** The party who clearly refused mediation (明确拒绝调解): mediation must stop. */
  personId: PersonId,
  statedAt: isoDateTime,
  /** How it was stated; sealed. */
  statement: z.string().trim().max(2000).optional(),
});

/** A sum in an agreement, in fen (分) so no float rounding touches money. */
export const AgreedAmount = z.object({
  label: z.string().trim().min(1).max(100),
  amountFen: z.int().min(0).max(1e13),
  payerPersonId: PersonId.optional(),
  payeePersonId: PersonId.optional(),
});
export type AgreedAmount = z.infer<typeof AgreedAmount>;

export const ReachAgreement = z.object({
  /** The terms of the mediation agreement (调解协议); sealed. */
  terms: note(20000),
  amounts: z.array(AgreedAmount).max(50).default([]),
  signedAt: isoDateTime,
  /** When the agreed obligations must be performed (履行期限). */
  performanceDeadline: isoDateTime,
});
export type ReachAgreement = z.infer<typeof ReachAgreement>;

export const FailureReason = z.enum([
  'no_agreement', // 双方分歧过大，未达成协议
  'party_absent', // 当事人无正当理由未到场
  'time_limit_expired', // 调解期限届满
  'beyond_scope', // 不属于调解范围
  'other',
]);
export type FailureReasonValue = z.infer<typeof FailureReason>;
export const RecordFailure = z.object({ reason: FailureReason, note: z.string().trim().max(2000).optional() });

export const PerformanceStatus = z.enum(['full', 'partial', 'none']);
export type PerformanceStatusValue = z.infer<typeof PerformanceStatus>;
export const RecordPerformance = z.object({
  status: PerformanceStatus,
  checkedAt: isoDateTime,
  note: z.string().trim().max(2000).optional(),
});

export const CloseMediation = z.object({ note: z.string().trim().max(2000).optional() }).default({});
