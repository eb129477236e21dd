import { upcast } from '../upcasting.js';
import { REFERRAL_EVENT_SCHEMAS, REFERRAL_SCHEMA_VERSIONS, type ReferralEvent, type ReferralEventType } from './events.js';

export const REFERRAL_STREAM_PREFIX = 'referral-';
export const referralStream = (referralId: string): string => `${REFERRAL_STREAM_PREFIX}${referralId}`;

/** Every referral event type, e.g. to read only these from the log (`readAll({ types })`). */
export const REFERRAL_EVENT_TYPES = Object.keys(REFERRAL_EVENT_SCHEMAS) as readonly ReferralEventType[];

export function isReferralEventType(type: string): type is ReferralEventType {
  return Object.hasOwn(REFERRAL_EVENT_SCHEMAS, type);
}

/** A stored referral event in its current shape (older versions upcast); undefined for other flows' events. */
export function decodeReferralEvent(stored: { type: string; schemaVersion: number; data: unknown }): ReferralEvent | undefined {
  if (!isReferralEventType(stored.type)) return undefined;
  const current = REFERRAL_SCHEMA_VERSIONS[stored.type];
  const data = stored.schemaVersion === current ? stored.data : upcast(stored.type, stored.schemaVersion, stored.data, current);
  return { type: stored.type, data } as ReferralEvent;
}
