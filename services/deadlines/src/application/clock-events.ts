import { intake, mediation, petition, referral, deadlines } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import type { ClockEvent } from '../domain/clock.js';

const decoders = [intake.decodeIntakeEvent, mediation.decodeMediationEvent, referral.decodeReferralEvent, petition.decodePetitionEvent, deadlines.decodeDeadlineEvent];

/**
 * A stored event as the clock engine reads it: in its flow's current schema version (upcast), with
 * the case code from the metadata (every event carries it) and the acting user. Undefined when it
 * has no case code.
 */
export function toClockEvent(r: RecordedEvent): ClockEvent | undefined {
  let data = r.data;
  for (const decode of decoders) {
    const e = decode(r);
    if (e) {
      data = e.data;
      break;
    }
  }
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const caseCode = typeof r.metadata.caseCode === 'string' ? r.metadata.caseCode : typeof d.caseCode === 'string' ? d.caseCode : undefined;
  if (!caseCode) return undefined;
  const actor = r.metadata.actor as ClockEvent['actor'] | undefined;
  return { type: r.type, data: d, eventId: r.eventId, occurredAt: r.occurredAt, caseCode, ...(actor ? { actor } : {}), position: r.position };
}
