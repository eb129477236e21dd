import { z } from 'zod';
import { CaseSource, DisputeCategory, RedirectChannel, RiskGrade, SupervisionLevel } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { PartyInput } from '../personal-data.js';
import { OrganisationKind } from '../mediation/commands.js';

/** Bodies of the intake commands (矛盾纠纷受理与分流), as the HTTP API takes them. */

const isoDateTime = z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' });

/** Facts a clerk records that drive the default risk rules (docs/domain.md § Risk grading). */
export const RiskIndicators = z.object({
  /** How many people are on the complaining side: 5+ makes a group dispute (群体性纠纷). */
  partyCount: z.int().min(1).max(100000).optional(),
  violenceThreat: z.boolean().default(false), // 暴力威胁
  civilToCriminalRisk: z.boolean().default(false), // 民转刑风险
  repeatedPoliceCalls: z.boolean().default(false), // 多次报警
  failedMediationOnSensitiveMatter: z.boolean().default(false), // 敏感事项调解失败
  sensitiveMatter: z.boolean().default(false), // 涉敏感事项
});
export type RiskIndicators = z.infer<typeof RiskIndicators>;

/** Where a case is known outside this system: the sending system and its order number. */
export const ExternalRef = z.object({
  system: z.string().trim().min(1).max(40),
  id: z.string().trim().min(1).max(64),
});
export type ExternalRef = z.infer<typeof ExternalRef>;

export const RegisterDispute = z.object({
  /** Where the dispute arose: a township or grid inside the registering center's area. */
  areaCode: DivisionCode,
  category: DisputeCategory,
  source: CaseSource,
  /** A short title for queues; no names or numbers of people (it is not sealed). */
  title: z.string().trim().min(2).max(100),
  /** The parties' account; sealed under the first applicant's key. */
  description: z.string().trim().min(1).max(5000),
  parties: z.array(PartyInput).min(1, '至少一名当事人 / at least one party').max(50),
  indicators: RiskIndicators.optional(),
  /** The order number in the system the case came from (a 12345 work order, a 110 hand-over): how both sides find it again. */
  externalRef: ExternalRef.optional(),
});
export type RegisterDispute = z.infer<typeof RegisterDispute>;

export const AcceptDispute = z.object({ note: z.string().max(500).optional() }).default({});
export const DeclineDispute = z.object({
  reason: z.string().trim().min(1).max(500),
  /** The channel the parties should use instead (告知其他途径). */
  redirectChannel: RedirectChannel,
});
export const AssessRisk = z.object({
  indicators: RiskIndicators,
  /** A supervisor may set the grade by hand; the rule's grade is still recorded. */
  override: z.object({ grade: RiskGrade, reason: z.string().trim().min(1).max(500) }).optional(),
  supervision: SupervisionLevel.optional(),
});

/** Routing decisions (分流): one command with five modes; assign-down/escalate/whistle/mediate are also their own routes. */
export const HandleHere = z.object({ mode: z.literal('handle_here'), dueAt: isoDateTime.optional() });
export const AssignDown = z.object({
  mode: z.literal('assign_down'),
  toCenter: DivisionCode,
  dueAt: isoDateTime,
  supervision: SupervisionLevel.default('ordinary'),
  instructions: z.string().max(1000).optional(),
  /** How many working days the receiver has to send it back (退回) with a reason; local policy, set per assignment (default 3). */
  sendBackWithinWorkingDays: z.int().min(1).max(15).optional(),
});
export const Escalate = z.object({ mode: z.literal('escalate'), reason: z.string().trim().min(1).max(1000) });
export const Department = z.object({
  code: z.string().regex(/^[a-z0-9_-]{2,40}$/, '部门代码 / department code: a-z, 0-9, _ or -'),
  name: z.string().trim().min(1).max(60),
});
export type Department = z.infer<typeof Department>;
export const Whistle = z.object({
  mode: z.literal('whistle'),
  departments: z.array(Department).min(1).max(20),
  reportInDueAt: isoDateTime,
  reason: z.string().trim().min(1).max(1000),
});
/**
 * Route to mediation (引导调解): the holding center names the organisation; the mediation file is then
 * opened by the cross-flow reactions (services/reactions) under the same case code.
 */
export const RouteToMediation = z.object({
  mode: z.literal('mediate'),
  organisationKind: OrganisationKind,
  organisationName: z.string().trim().min(2).max(100),
  plannedEndAt: isoDateTime.optional(),
});
export const RouteDispute = z.discriminatedUnion('mode', [HandleHere, AssignDown, Escalate, Whistle, RouteToMediation]);
export type RouteDispute = z.infer<typeof RouteDispute>;

export const ReportIn = z.object({
  whistleId: z.string().min(1),
  departmentCode: z.string().min(1),
  note: z.string().max(2000).optional(),
});
/** `transferred_to_court`: the case was filed in court (立案) — set by the reactions, not by a clerk. */
export const CloseOutcome = z.enum(['resolved', 'partially_resolved', 'unresolved', 'withdrawn', 'transferred_to_court']);
export const CloseDispute = z.object({ outcome: CloseOutcome, summary: z.string().trim().min(1).max(2000) });
export const Satisfaction = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']);
export const FollowUp = z.object({
  satisfaction: Satisfaction,
  method: z.enum(['phone', 'visit', 'online']),
  note: z.string().max(2000).optional(),
});
export const ReopenDispute = z.object({ reason: z.string().trim().min(1).max(1000) });

/*
 * What other flows report back to the dispute (issued by the cross-flow reactions as a system actor,
 * never through the HTTP API): each names the file it comes from, so the dispute links to it.
 */
export const MediationOutcome = z.enum(['agreement', 'failed', 'refused']);
export type MediationOutcomeValue = z.infer<typeof MediationOutcome>;
export const RecordMediationOutcome = z.object({
  mediationId: z.uuid(),
  outcome: MediationOutcome,
  /** The mediation flow's failure reason code (no free text: it may name people). */
  failureReason: z.string().max(60).optional(),
});
/** The mediation file opened for a dispute (the reactions report it, so the dispute lists its files). */
export const LinkMediation = z.object({ mediationId: z.uuid(), organisationName: z.string().min(1).max(100) });
export const LinkReferral = z.object({ referralId: z.uuid(), courtCode: z.string().min(1).max(40), courtName: z.string().min(1).max(100) });
export const CourtOutcome = z.enum(['settled', 'failed', 'confirmed', 'rejected']);
export type CourtOutcomeValue = z.infer<typeof CourtOutcome>;
export const RecordCourtOutcome = z.object({ referralId: z.uuid(), outcome: CourtOutcome });
export const RecordCaseFiled = z.object({ referralId: z.uuid(), caseNumber: z.string().min(1).max(60), filedAt: isoDateTime });
export const LinkPetition = z.object({ petitionId: z.uuid(), petitionCaseCode: z.string().min(1) });

/*
 * The assignment loop (交办 → 签收 → 办理 → 办结报告 → 验收), as Tianque and 12345 run it, and the
 * whistle's release request (部门申请退出) with the whistling center's decision and sign-off.
 */
/** The send-back window when an assignment names none: local practice, not statute. */
export const DEFAULT_SEND_BACK_WORKING_DAYS = 3;
export const SignForAssignment = z.object({ note: z.string().trim().max(1000).optional() }).default({});
/** Why a receiving center sends an assignment back (退回). */
export const SendBackReason = z.enum([
  'not_our_remit', // 不属于本单位职责
  'wrong_area', // 不属于本辖区
  'needs_higher_tier', // 需上级处理
]);
export type SendBackReason = z.infer<typeof SendBackReason>;
export const SEND_BACK_REASON_LABELS: Record<SendBackReason, { zh: string; en: string }> = {
  not_our_remit: { zh: '不属于本单位职责', en: 'not our remit' },
  wrong_area: { zh: '不属于本辖区', en: 'wrong area' },
  needs_higher_tier: { zh: '需上级处理', en: 'needs a higher tier' },
};
export const SendBackAssignment = z.object({ reason: SendBackReason, explanation: z.string().trim().min(1).max(2000) });
/** 办结报告: outcome, measures taken, and the parties' satisfaction. */
export const ReportCompletion = z.object({
  outcome: z.enum(['resolved', 'partially_resolved', 'unresolved']),
  /** The measures taken (处置措施); no names of people. */
  measures: z.string().trim().min(1).max(5000),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied', 'not_asked']),
});
export const SignOffAssignment = z.object({ note: z.string().trim().max(1000).optional() }).default({});
/** 重办: returned for rework with a reason and a new due date. */
export const ReturnForRework = z.object({ reason: z.string().trim().min(1).max(2000), dueAt: isoDateTime });
/** A summoned department asks to be released from a whistle (申请退出), with its reason. */
export const RequestRelease = z.object({ whistleId: z.string().min(1), departmentCode: z.string().min(1), reason: z.string().trim().min(1).max(2000) });
/** The whistling center decides on a release request. */
export const DecideRelease = z.object({ whistleId: z.string().min(1), departmentCode: z.string().min(1), approve: z.boolean(), note: z.string().trim().max(1000).optional() });
/** The whistling center signs the whistle off once every department reported in or was released. */
export const SignOffWhistle = z.object({ whistleId: z.string().min(1), note: z.string().trim().max(1000).optional() });

/*
 * Supervision of a dispute from above (督办): 挂牌督办 with a deadline, 约谈 of the responsible leader
 * with minutes, 通报 naming a unit. Each is charged to the supervised unit (the handling center).
 */
export const ListDisputeForSupervision = z.object({ dueAt: isoDateTime, instructions: z.string().trim().min(1).max(2000) });
export const LiftDisputeSupervision = z.object({ supervisionId: z.string().min(1), reason: z.string().trim().min(1).max(1000) });
export const RecordDisputeInterview = z.object({
  /** The leader or post summoned (被约谈人职务), e.g. 镇党委书记; no names of parties. */
  interviewee: z.string().trim().min(1).max(200),
  heldAt: isoDateTime,
  /** The minutes (约谈记录). */
  minutes: z.string().trim().min(1).max(5000),
});
export const CirculateDisputeNotice = z.object({ scope: z.string().trim().min(1).max(200), summary: z.string().trim().min(1).max(2000) });
