import { z } from 'zod';
import { Sealed, SealedParty, StaffText } from '../personal-data.js';
import { RedirectChannel } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { LegalChannel, PetitionChannel, PetitionDeclineReason, PoliticalLegalUnitKind, ResolutionKind, ReviewOutcome } from './commands.js';
import { PetitionSubjectArea } from './subject-areas.js';

/** Petition events (信访事项), current schema versions. All start at v1; upcasters go in ../upcasting.ts. */

const base = { petitionId: z.uuid(), caseCode: z.string() };
const at = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a petition is about, for repeat detection: a subject area plus a linked case or a normalised key. */
export const PetitionMatter = z.object({
  subjectArea: PetitionSubjectArea,
  /** Case code of the dispute it is about, when linked. */
  linkedCaseCode: z.string().optional(),
  linkedDisputeId: z.uuid().optional(),
  /** The matter key, normalised (NFKC, lower case, no spaces or punctuation). */
  key: z.string().optional(),
});
export type PetitionMatter = z.infer<typeof PetitionMatter>;

export const PetitionRegistered = z.object({
  ...base,
  /** The center that registered it (and handles it). */
  centerCode: DivisionCode,
  areaCode: DivisionCode,
  channel: PetitionChannel,
  title: z.string(),
  description: Sealed,
  petitioners: z.array(SealedParty),
  groupVisit: z.object({ visitorCount: z.int() }).optional(),
  matter: PetitionMatter,
  receivedAt: at,
});

/** An earlier petition by the same petitioner (ID hash) on the same matter (重复信访). */
export const EarlierPetitionRef = z.object({ petitionId: z.uuid(), caseCode: z.string(), basis: z.enum(['linked_case', 'matter_key']) });
export const PetitionRepeatDetected = z.object({ ...base, repeatOf: z.array(EarlierPetitionRef).min(1) });

export const PetitionAccepted = z.object({ ...base, note: StaffText.optional(), decidedAt: at, withinWindow: z.boolean() });
export const PetitionDeclined = z.object({
  ...base,
  reason: PetitionDeclineReason,
  explanation: z.string(),
  redirectChannel: RedirectChannel.optional(),
  decidedAt: at,
  withinWindow: z.boolean(),
});

export const PetitionMarkedBacklog = z.object({ ...base, reason: z.string() });
export const ResponsibleLeaderAssigned = z.object({ ...base, leaderUserId: z.string(), post: z.string() });
/** 签字背书: who signed, when, and the SHA-256 of the exact text signed. */
export const ResponsibilityStatementSigned = z.object({
  ...base,
  leaderUserId: z.string(),
  signedAt: at,
  statementSha256: sha256,
  /** The statement as signed, sealed (so it can be shown again); absent in events before it was kept. */
  statement: Sealed.optional(),
});

/** `supervisedCenter`: the unit the overdue item is charged to (the petition's handling center), never the supervisor. */
export const PetitionListedForSupervision = z.object({
  ...base,
  supervisionId: z.string(),
  supervisingCenter: DivisionCode,
  supervisedCenter: DivisionCode.optional(),
  dueAt: at,
  instructions: z.string(),
});
export const PetitionSupervisionLifted = z.object({ ...base, supervisionId: z.string(), reason: z.string() });
export const AdmonishingInterviewHeld = z.object({ ...base, interviewingCenter: DivisionCode, interviewee: z.string(), heldAt: at, summary: z.string() });
export const NoticeCirculated = z.object({ ...base, issuingCenter: DivisionCode, scope: z.string(), summary: z.string() });

/** Texts sent to the petitioner are sealed (they name them); the hash proves which text was issued. */
/** `answeringCenter`: the office that answered; its level decides where a review goes (art. 35). Absent in events before it was recorded. */
export const PetitionAnswered = z.object({ ...base, text: Sealed, textSha256: sha256, answeredAt: at, answeringCenter: DivisionCode.optional() });
/** `reviewingCenter`: the office that must decide it — the level above the one that answered (复查, art. 35) or reviewed (复核, art. 36). */
export const PetitionReviewRequested = z.object({ ...base, requestedAt: at, note: z.string().optional(), reviewingCenter: DivisionCode.optional() });
export const PetitionReviewDecided = z.object({ ...base, outcome: ReviewOutcome, text: Sealed, textSha256: sha256, decidedAt: at, withinWindow: z.boolean(), decidingCenter: DivisionCode.optional() });
export const PetitionReReviewRequested = z.object({ ...base, requestedAt: at, note: z.string().optional(), reviewingCenter: DivisionCode.optional() });
/** 复核意见: final. The same matter from the same petitioner is not accepted again. */
export const PetitionReReviewDecided = z.object({
  ...base,
  outcome: ReviewOutcome,
  text: Sealed,
  textSha256: sha256,
  decidedAt: at,
  withinWindow: z.boolean(),
  decidingCenter: DivisionCode.optional(),
});
/** 诉访分离: a 涉法涉诉 matter guided to, or transferred into, the legal channel; it leaves the 复查/复核 path. */
export const PetitionDivertedToLegalChannel = z.object({
  ...base,
  legalChannel: LegalChannel,
  mode: z.enum(['guided', 'transferred']),
  unit: z.object({ kind: PoliticalLegalUnitKind, name: z.string() }).optional(),
  explanation: z.string(),
  divertingCenter: DivisionCode,
  divertedAt: at,
});
export const PetitionResolved = z.object({ ...base, kind: ResolutionKind, summary: z.string() });

export const PETITION_EVENT_SCHEMAS = {
  PetitionRegistered,
  PetitionRepeatDetected,
  PetitionAccepted,
  PetitionDeclined,
  PetitionMarkedBacklog,
  ResponsibleLeaderAssigned,
  ResponsibilityStatementSigned,
  PetitionListedForSupervision,
  PetitionSupervisionLifted,
  AdmonishingInterviewHeld,
  NoticeCirculated,
  PetitionAnswered,
  PetitionReviewRequested,
  PetitionReviewDecided,
  PetitionReReviewRequested,
  PetitionReReviewDecided,
  PetitionResolved,
  PetitionDivertedToLegalChannel,
} as const;

type Schemas = typeof PETITION_EVENT_SCHEMAS;
export type PetitionEventType = keyof Schemas;
export type PetitionEvent = { [K in PetitionEventType]: { type: K; data: z.infer<Schemas[K]> } }[PetitionEventType];
export type PetitionEventOf<K extends PetitionEventType> = Extract<PetitionEvent, { type: K }>;

/** Current schema version of each event type; bumped when its shape changes (with an upcaster). */
export const PETITION_SCHEMA_VERSIONS: Record<PetitionEventType, number> = {
  PetitionRegistered: 1,
  PetitionRepeatDetected: 1,
  PetitionAccepted: 1,
  PetitionDeclined: 1,
  PetitionMarkedBacklog: 1,
  ResponsibleLeaderAssigned: 1,
  ResponsibilityStatementSigned: 1,
  PetitionListedForSupervision: 1,
  PetitionSupervisionLifted: 1,
  AdmonishingInterviewHeld: 1,
  NoticeCirculated: 1,
  PetitionAnswered: 1,
  PetitionReviewRequested: 1,
  PetitionReviewDecided: 1,
  PetitionReReviewRequested: 1,
  PetitionReReviewDecided: 1,
  PetitionResolved: 1,
  PetitionDivertedToLegalChannel: 1,
};
