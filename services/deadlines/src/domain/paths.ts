import type { deadlines } from '@zz/contracts';
import type { ClockEvent } from './clock.js';

/** The value a policy path names in an event (see contracts/src/deadlines/policy.ts for the syntax). */
export function valueAt(event: ClockEvent, path: string, each?: unknown): unknown {
  if (path === '$occurredAt') return event.occurredAt;
  if (path === '$eventId') return event.eventId;
  if (path === '$caseCode') return event.caseCode;
  if (path.startsWith('$actor.')) return dig(event.actor, path.slice('$actor.'.length));
  if (path.startsWith('$each.')) return dig(each, path.slice('$each.'.length));
  return dig(event.data, path);
}

function dig(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A key value as the clock id spells it; undefined when the event does not carry it. */
export function keyValue(event: ClockEvent, path: string, each?: unknown): string | undefined {
  const v = valueAt(event, path, each);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

export function matchesWhere(event: ClockEvent, where: deadlines.Where | undefined, each?: unknown): boolean {
  if (!where) return true;
  return Object.entries(where).every(([path, cond]) => {
    const v = valueAt(event, path, each);
    if (typeof cond !== 'object') return v === cond;
    if ('in' in cond) return cond.in.includes(v as never);
    if ('notIn' in cond) return !cond.notIn.includes(v as never);
    return cond.exists === (v !== undefined && v !== null);
  });
}

/** Does the event name this clock? Only the key names the event maps are compared. */
export function matchesKey(event: ClockEvent, clockKey: Record<string, string>, map: deadlines.KeyMap | undefined): boolean {
  if (!map) return false;
  return Object.entries(map).every(([name, path]) => clockKey[name] !== undefined && clockKey[name] === keyValue(event, path));
}

/** An instant from the event, normalised to ISO; undefined when absent or not a date. */
export function instantAt(event: ClockEvent, path: string): string | undefined {
  const v = valueAt(event, path);
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Who approved, as text: a user id, or the person ids of the consenting parties (ids only, never names). */
export function approverText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? String((x as Record<string, unknown>).personId ?? (x as Record<string, unknown>).userId ?? '?') : '?')).join(',');
  return 'unknown';
}
