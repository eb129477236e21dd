import { DEADLINE_EVENT_SCHEMAS, DEADLINE_SCHEMA_VERSIONS, type DeadlineEvent, type DeadlineEventType } from './events.js';
import { upcast } from '../upcasting.js';

export const DEADLINE_STREAM_PREFIX = 'deadline-';
/** One stream per clock: its revision is the lock that makes each alert exactly-once. */
export const deadlineStream = (clockId: string): string => `${DEADLINE_STREAM_PREFIX}${clockId}`;

/** Every deadlines event type, e.g. to read only these from the log (`readAll({ types })`). */
export const DEADLINE_EVENT_TYPES = Object.keys(DEADLINE_EVENT_SCHEMAS) as readonly DeadlineEventType[];

export function isDeadlineEventType(type: string): type is DeadlineEventType {
  return Object.hasOwn(DEADLINE_EVENT_SCHEMAS, type);
}

/** A stored deadline event in its current shape; undefined for other flows' events. */
export function decodeDeadlineEvent(stored: { type: string; schemaVersion: number; data: unknown }): DeadlineEvent | undefined {
  if (!isDeadlineEventType(stored.type)) return undefined;
  const current = DEADLINE_SCHEMA_VERSIONS[stored.type];
  const data = stored.schemaVersion === current ? stored.data : upcast(stored.type, stored.schemaVersion, stored.data, current);
  return { type: stored.type, data } as DeadlineEvent;
}
