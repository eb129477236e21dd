import { upcast } from '../upcasting.js';
import { MEDIATION_EVENT_SCHEMAS, MEDIATION_SCHEMA_VERSIONS, type MediationEvent, type MediationEventType } from './events.js';

export const MEDIATION_STREAM_PREFIX = 'mediation-';
export const mediationStream = (mediationId: string): string => `${MEDIATION_STREAM_PREFIX}${mediationId}`;

/** Every mediation event type, e.g. to read only these from the log (`readAll({ types })`). */
export const MEDIATION_EVENT_TYPES = Object.keys(MEDIATION_EVENT_SCHEMAS) as readonly MediationEventType[];

export function isMediationEventType(type: string): type is MediationEventType {
  return Object.hasOwn(MEDIATION_EVENT_SCHEMAS, type);
}

/** A stored mediation event in its current shape (older versions upcast); undefined for other flows' events. */
export function decodeMediationEvent(stored: { type: string; schemaVersion: number; data: unknown }): MediationEvent | undefined {
  if (!isMediationEventType(stored.type)) return undefined;
  const current = MEDIATION_SCHEMA_VERSIONS[stored.type];
  const data = stored.schemaVersion === current ? stored.data : upcast(stored.type, stored.schemaVersion, stored.data, current);
  return { type: stored.type, data } as MediationEvent;
}
