import { z } from 'zod';
import { DisputeCategory } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { PartyRole, Sealed } from '../personal-data.js';
import { AgreedAmount, Attendee, Consent, FailureReason, OrganisationKind, PerformanceStatus, PersonId } from './commands.js';

/**
 * Mediation events (调解), current schema versions. Free text (notes, terms, statements) is sealed
 * under the dispute narrator's key, like the dispute's own description, so erasing that person
 * shreds it too; amounts, dates and person ids stay in clear for clocks and indicators.
 */

const base = { mediationId: z.uuid(), caseId: z.uuid(), caseCode: z.string() };
const at = z.iso.datetime({ offset: true });

/** A party of the dispute by reference only: enough to check consents and attendance. */
export const PartyRef = z.object({ personId: PersonId, role: PartyRole });
export type PartyRef = z.infer<typeof PartyRef>;

export const MediationOpened = z.object({
  ...base,
  /** Copied from the dispute when the file was opened: jurisdiction is decided on these. */
  areaCode: DivisionCode,
  handlingCenter: DivisionCode,
  /** The dispute category decides the statutory limit (people's mediation ~1 month, labour 15 days). */
  category: DisputeCategory,
  organisationKind: OrganisationKind,
  organisationName: z.string(),
  plannedEndAt: at.optional(),
  parties: z.array(PartyRef),
  /** Whose key seals this file's free text (the dispute's narrator). */
  narratorId: PersonId,
});
export const MediatorAssigned = z.object({ ...base, mediatorId: z.string(), previousMediatorId: z.string().optional() });
export const MediationSessionRecorded = z.object({ ...base, sessionNo: z.int().min(1), heldAt: at, attendees: z.array(Attendee), notes: Sealed });
export const MediationProgressNoted = z.object({ ...base, note: Sealed });
export const MediationExtended = z.object({ ...base, consents: z.array(Consent), previousEndAt: at.optional(), newEndAt: at, reason: Sealed.optional() });
export const MediationRefusedByParty = z.object({ ...base, personId: PersonId, statedAt: at, statement: Sealed.optional() });
export const MediationAgreementReached = z.object({ ...base, terms: Sealed, amounts: z.array(AgreedAmount), signedAt: at, performanceDeadline: at });
export const MediationFailed = z.object({ ...base, reason: FailureReason, note: Sealed.optional() });
export const AgreementPerformanceRecorded = z.object({ ...base, status: PerformanceStatus, checkedAt: at, note: Sealed.optional() });
export const MediationClosed = z.object({ ...base, outcome: z.enum(['agreement', 'failed', 'refused']), note: Sealed.optional() });

export const MEDIATION_EVENT_SCHEMAS = {
  MediationOpened,
  MediatorAssigned,
  MediationSessionRecorded,
  MediationProgressNoted,
  MediationExtended,
  MediationRefusedByParty,
  MediationAgreementReached,
  MediationFailed,
  AgreementPerformanceRecorded,
  MediationClosed,
} as const;

type Schemas = typeof MEDIATION_EVENT_SCHEMAS;
export type MediationEventType = keyof Schemas;
export type MediationEvent = { [K in MediationEventType]: { type: K; data: z.infer<Schemas[K]> } }[MediationEventType];
export type MediationEventOf<K extends MediationEventType> = Extract<MediationEvent, { type: K }>;

/** Current schema version of each event type; bumped when its shape changes (with an upcaster). */
export const MEDIATION_SCHEMA_VERSIONS: Record<MediationEventType, number> = {
  MediationOpened: 1,
  MediatorAssigned: 1,
  MediationSessionRecorded: 1,
  MediationProgressNoted: 1,
  MediationExtended: 1,
  MediationRefusedByParty: 1,
  MediationAgreementReached: 1,
  MediationFailed: 1,
  AgreementPerformanceRecorded: 1,
  MediationClosed: 1,
};
