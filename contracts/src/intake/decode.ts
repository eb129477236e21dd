import { upcast } from '../upcasting.js';
import { INTAKE_EVENT_SCHEMAS, INTAKE_SCHEMA_VERSIONS, type IntakeEvent, type IntakeEventType } from './events.js';

export const DISPUTE_STREAM_PREFIX = 'dispute-';
export const disputeStream = (caseId: string): string => `${DISPUTE_STREAM_PREFIX}${caseId}`;

/** Every intake event type, e.g. to read only these from the log (`readAll({ types })`). */
export const INTAKE_EVENT_TYPES = Object.keys(INTAKE_EVENT_SCHEMAS) as readonly IntakeEventType[];

export function isIntakeEventType(type: string): type is IntakeEventType {
  return Object.hasOwn(INTAKE_EVENT_SCHEMAS, type);
}

/**
 * A stored intake event in its current shape (older schema versions upcast). Returns undefined for
 * other flows' events. Data was validated when it was appended, so reads don't pay for parsing again.
 */
export function decodeIntakeEvent(stored: { type: string; schemaVersion: number; data: unknown }): IntakeEvent | undefined {
  if (!isIntakeEventType(stored.type)) return undefined;
  const current = INTAKE_SCHEMA_VERSIONS[stored.type];
  const data = stored.schemaVersion === current ? stored.data : upcast(stored.type, stored.schemaVersion, stored.data, current);
  return { type: stored.type, data } as IntakeEvent;
}
