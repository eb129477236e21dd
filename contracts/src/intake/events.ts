import { z } from 'zod';
import { CaseSource, DisputeCategory, RedirectChannel, RiskGrade, SupervisionLevel } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { Sealed, SealedParty, StaffText } from '../personal-data.js';
import { CloseOutcome, CourtOutcome, Department, ExternalRef, MediationOutcome, ReportCompletion, RiskIndicators, Satisfaction, SendBackReason } from './commands.js';
import { OrganisationKind } from '../mediation/commands.js';

/** Intake events, current schema versions. Older versions are upcast in ../upcasting.ts. */

const base = { caseId: z.uuid(), caseCode: z.string() };

const at = z.iso.datetime({ offset: true });

export const DisputeRegistered = z.object({
  ...base,
  /** The center that registered it (the case code's center). */
  centerCode: DivisionCode,
  areaCode: DivisionCode,
  category: DisputeCategory,
  source: CaseSource,
  title: z.string(),
  description: Sealed,
  parties: z.array(SealedParty),
  indicators: RiskIndicators.optional(),
  externalRef: ExternalRef.optional(),
});
export const DisputeAccepted = z.object({ ...base, note: StaffText.optional() });
export const DisputeDeclined = z.object({ ...base, reason: z.string(), redirectChannel: RedirectChannel });

/** v2: `factors` replaced the free-text `reasons` of v1 and `supervision` became explicit. */
export const RiskAssessed = z.object({
  ...base,
  grade: RiskGrade,
  /** The grade the rules gave, when a supervisor overrode it. */
  ruleGrade: RiskGrade,
  factors: z.array(z.string()),
  supervision: SupervisionLevel,
  indicators: RiskIndicators.optional(),
  overrideReason: z.string().optional(),
});
export const RiskAssessedV1 = z.object({ ...base, grade: RiskGrade, reasons: z.string() });

export const DisputeTakenOn = z.object({ ...base, centerCode: DivisionCode, dueAt: at });
export const DisputeAssignedDown = z.object({
  ...base,
  fromCenter: DivisionCode,
  toCenter: DivisionCode,
  dueAt: at,
  supervision: SupervisionLevel,
  instructions: z.string().optional(),
  /** When it was assigned, and the receiver's send-back window (absent in events before the loop was kept). */
  assignedAt: at.optional(),
  sendBackWithinWorkingDays: z.int().optional(),
});
const loop = { ...base, fromCenter: DivisionCode, toCenter: DivisionCode };
/** 签收: the receiving center takes the assignment on. */
export const DisputeAssignmentSignedFor = z.object({ ...loop, signedAt: at, note: z.string().optional() });
/** 退回: the receiving center sends it back to the assigning center's queue, with a reason. */
export const DisputeAssignmentSentBack = z.object({ ...loop, reason: SendBackReason, explanation: z.string(), sentBackAt: at });
/** 办结报告 of the receiving center. */
export const DisputeCompletionReported = z.object({ ...loop, outcome: ReportCompletion.shape.outcome, measures: z.string(), satisfaction: ReportCompletion.shape.satisfaction, reportedAt: at });
/** 验收通过 by the assigning center. */
export const DisputeAssignmentSignedOff = z.object({ ...loop, signedOffAt: at, note: z.string().optional() });
/** 重办: returned for rework. */
export const DisputeReturnedForRework = z.object({ ...loop, reason: z.string(), dueAt: at, round: z.int().min(1), returnedAt: at });
/** A supervision card (黄牌/红牌) for a missed step of the loop, charged to the unit that missed it. */
export const DisputeCardIssued = z.object({ ...base, card: z.enum(['yellow', 'red']), chargedCenter: z.string(), step: z.string(), clockId: z.string(), dueAt: at });
export const DepartmentReleaseRequested = z.object({ ...base, whistleId: z.string(), departmentCode: z.string(), departmentName: z.string().optional(), reason: z.string() });
export const DepartmentReleaseDecided = z.object({
  ...base,
  whistleId: z.string(),
  departmentCode: z.string(),
  departmentName: z.string().optional(),
  approved: z.boolean(),
  note: z.string().optional(),
});
const supervision = { ...base, supervisingCenter: DivisionCode, supervisedCenter: DivisionCode };
export const DisputeListedForSupervision = z.object({ ...supervision, supervisionId: z.string(), dueAt: at, instructions: z.string() });
export const DisputeSupervisionLifted = z.object({ ...base, supervisionId: z.string(), reason: z.string() });
export const DisputeInterviewHeld = z.object({ ...supervision, interviewee: z.string(), heldAt: at, minutes: z.string() });
export const DisputeNoticeCirculated = z.object({ ...supervision, scope: z.string(), summary: z.string() });
export const WhistleSignedOff = z.object({ ...base, whistleId: z.string(), centerCode: DivisionCode, note: z.string().optional() });
export const DisputeEscalated = z.object({ ...base, fromCenter: DivisionCode, toCenter: DivisionCode, reason: z.string() });
export const WhistleBlown = z.object({
  ...base,
  whistleId: z.string(),
  centerCode: DivisionCode,
  departments: z.array(Department),
  reportInDueAt: at,
  reason: StaffText,
});
/** `departmentName`: as the whistle named it (absent in events recorded before it was copied). */
export const DepartmentReportedIn = z.object({ ...base, whistleId: z.string(), departmentCode: z.string(), departmentName: z.string().optional(), note: StaffText.optional() });
export const DisputeClosed = z.object({ ...base, outcome: CloseOutcome, summary: z.string() });
export const FollowUpVisited = z.object({ ...base, satisfaction: Satisfaction, method: z.enum(['phone', 'visit', 'online']), note: z.string().optional() });
export const DisputeReopened = z.object({ ...base, reason: z.string() });

/** Routed to mediation (引导调解): the reactions open the mediation file from this event. */
export const DisputeRoutedToMediation = z.object({
  ...base,
  centerCode: DivisionCode,
  organisationKind: OrganisationKind,
  organisationName: z.string(),
  plannedEndAt: at.optional(),
});
/** Reported back by the reactions (system actor); each links the dispute to the other flow's file. */
export const MediationOutcomeRecorded = z.object({ ...base, mediationId: z.uuid(), outcome: MediationOutcome, failureReason: z.string().optional() });
/** Mediation ended without agreement: the case is up for pre-litigation referral, which needs the parties' consent. */
export const DisputeAwaitingReferral = z.object({ ...base, mediationId: z.uuid(), reason: z.enum(['mediation_failed', 'mediation_refused']) });
export const MediationLinked = z.object({ ...base, mediationId: z.uuid(), organisationName: z.string() });
export const ReferralLinked = z.object({ ...base, referralId: z.uuid(), courtCode: z.string(), courtName: z.string() });
export const CourtOutcomeRecorded = z.object({ ...base, referralId: z.uuid(), outcome: CourtOutcome });
export const CaseFiledInCourt = z.object({ ...base, referralId: z.uuid(), caseNumber: z.string(), filedAt: at });
export const PetitionLinked = z.object({ ...base, petitionId: z.uuid(), petitionCaseCode: z.string() });

export const INTAKE_EVENT_SCHEMAS = {
  DisputeRegistered,
  DisputeAccepted,
  DisputeDeclined,
  RiskAssessed,
  DisputeTakenOn,
  DisputeAssignedDown,
  DisputeEscalated,
  WhistleBlown,
  DepartmentReportedIn,
  DisputeClosed,
  FollowUpVisited,
  DisputeReopened,
  DisputeRoutedToMediation,
  MediationOutcomeRecorded,
  DisputeAwaitingReferral,
  MediationLinked,
  ReferralLinked,
  CourtOutcomeRecorded,
  CaseFiledInCourt,
  PetitionLinked,
  DisputeAssignmentSignedFor,
  DisputeAssignmentSentBack,
  DisputeCompletionReported,
  DisputeAssignmentSignedOff,
  DisputeReturnedForRework,
  DisputeCardIssued,
  DepartmentReleaseRequested,
  DepartmentReleaseDecided,
  WhistleSignedOff,
  DisputeListedForSupervision,
  DisputeSupervisionLifted,
  DisputeInterviewHeld,
  DisputeNoticeCirculated,
} as const;

type Schemas = typeof INTAKE_EVENT_SCHEMAS;
export type IntakeEventType = keyof Schemas;
export type IntakeEvent = { [K in IntakeEventType]: { type: K; data: z.infer<Schemas[K]> } }[IntakeEventType];
export type IntakeEventOf<K extends IntakeEventType> = Extract<IntakeEvent, { type: K }>;

/** Current schema version of each event type; bumped when its shape changes (with an upcaster). */
export const INTAKE_SCHEMA_VERSIONS: Record<IntakeEventType, number> = {
  DisputeRegistered: 1,
  DisputeAccepted: 1,
  DisputeDeclined: 1,
  RiskAssessed: 2,
  DisputeTakenOn: 1,
  DisputeAssignedDown: 1,
  DisputeEscalated: 1,
  WhistleBlown: 1,
  DepartmentReportedIn: 1,
  DisputeClosed: 1,
  FollowUpVisited: 1,
  DisputeReopened: 1,
  DisputeRoutedToMediation: 1,
  MediationOutcomeRecorded: 1,
  DisputeAwaitingReferral: 1,
  MediationLinked: 1,
  ReferralLinked: 1,
  CourtOutcomeRecorded: 1,
  CaseFiledInCourt: 1,
  PetitionLinked: 1,
  DisputeAssignmentSignedFor: 1,
  DisputeAssignmentSentBack: 1,
  DisputeCompletionReported: 1,
  DisputeAssignmentSignedOff: 1,
  DisputeReturnedForRework: 1,
  DisputeCardIssued: 1,
  DepartmentReleaseRequested: 1,
  DepartmentReleaseDecided: 1,
  WhistleSignedOff: 1,
  DisputeListedForSupervision: 1,
  DisputeSupervisionLifted: 1,
  DisputeInterviewHeld: 1,
  DisputeNoticeCirculated: 1,
};
