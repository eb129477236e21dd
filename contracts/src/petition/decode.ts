import { upcast } from '../upcasting.js';
import { PETITION_EVENT_SCHEMAS, PETITION_SCHEMA_VERSIONS, type PetitionEvent, type PetitionEventType } from './events.js';

export const PETITION_STREAM_PREFIX = 'petition-';
export const petitionStream = (petitionId: string): string => `${PETITION_STREAM_PREFIX}${petitionId}`;

/** Every petition event type, e.g. to read only these from the log (`readAll({ types })`). */
export const PETITION_EVENT_TYPES = Object.keys(PETITION_EVENT_SCHEMAS) as readonly PetitionEventType[];

export function isPetitionEventType(type: string): type is PetitionEventType {
  return Object.hasOwn(PETITION_EVENT_SCHEMAS, type);
}

/** A stored petition event in its current shape (older versions upcast); undefined for other flows' events. */
export function decodePetitionEvent(stored: { type: string; schemaVersion: number; data: unknown }): PetitionEvent | undefined {
  if (!isPetitionEventType(stored.type)) return undefined;
  const current = PETITION_SCHEMA_VERSIONS[stored.type];
  const data = stored.schemaVersion === current ? stored.data : upcast(stored.type, stored.schemaVersion, stored.data, current);
  return { type: stored.type, data } as PetitionEvent;
}

/**
 * The matter key as repeat detection compares it: NFKC (full-width → half-width), lower case, without
 * whitespace or punctuation, so "红星村 征地补偿款" and "红星村征地补偿款。" are the same matter.
 */
export function normaliseMatterKey(key: string): string {
  return key
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
