import {
  deadlines,
  intake,
  isNumberingEvent,
  mediation,
  petition,
  referral,
  type DeadlineEvent,
  type IntakeEvent,
  type MediationEvent,
  type PetitionEvent,
  type ReferralEvent,
  type Role,
} from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';

/**
 * The streams whose events belong to a case (一案一编码). Anything else in the log (case-code
 * counters, projections' own bookkeeping) is not part of any case's history.
 */
export const CASE_STREAM_PREFIXES = {
  dispute: intake.DISPUTE_STREAM_PREFIX,
  mediation: mediation.MEDIATION_STREAM_PREFIX,
  referral: referral.REFERRAL_STREAM_PREFIX,
  petition: petition.PETITION_STREAM_PREFIX,
  deadline: deadlines.DEADLINE_STREAM_PREFIX,
} as const;
export type FlowName = keyof typeof CASE_STREAM_PREFIXES;
const FLOWS = Object.entries(CASE_STREAM_PREFIXES) as [FlowName, string][];

export function flowOfStream(streamId: string): FlowName | undefined {
  for (const [flow, prefix] of FLOWS) if (streamId.startsWith(prefix)) return flow;
  return undefined;
}

/**
 * One event of a case, decoded when its type is known. `event` is undefined for a type this
 * version of the views doesn't know yet (a new reaction or deadline event): views that list
 * events still show it (type only), views that count states ignore it.
 */
export type FlowEvent =
  | { flow: 'dispute'; event: IntakeEvent | undefined }
  | { flow: 'mediation'; event: MediationEvent | undefined }
  | { flow: 'referral'; event: ReferralEvent | undefined }
  | { flow: 'petition'; event: PetitionEvent | undefined }
  | { flow: 'deadline'; event: DeadlineEvent | undefined };

export interface CaseEventMeta {
  caseCode: string;
  actor: { userId: string | null; role: Role | null; centerCode: string | null };
}

/** Decodes a recorded event of a case stream (upcasting old versions); undefined for other streams. */
export function decodeFlowEvent(r: RecordedEvent): FlowEvent | undefined {
  if (isNumberingEvent(r.type)) return undefined; // numbering's marker in a case stream is no fact of the case
  const flow = flowOfStream(r.streamId);
  switch (flow) {
    case 'dispute':
      return { flow, event: intake.decodeIntakeEvent(r) };
    case 'mediation':
      return { flow, event: mediation.decodeMediationEvent(r) };
    case 'referral':
      return { flow, event: referral.decodeReferralEvent(r) };
    case 'petition':
      return { flow, event: petition.decodePetitionEvent(r) };
    case 'deadline':
      return { flow, event: deadlines.decodeDeadlineEvent(r) };
    default:
      return undefined;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The case code and actor from the envelope, read defensively (metadata is not re-validated on read). */
export function caseEventMeta(r: RecordedEvent): CaseEventMeta | undefined {
  const m = r.metadata as { caseCode?: unknown; actor?: { userId?: unknown; role?: unknown; centerCode?: unknown } };
  const caseCode = str(m.caseCode) ?? str((r.data as { caseCode?: unknown } | null)?.caseCode);
  if (!caseCode) return undefined;
  return { caseCode, actor: { userId: str(m.actor?.userId), role: str(m.actor?.role) as Role | null, centerCode: str(m.actor?.centerCode) } };
}
