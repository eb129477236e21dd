import { deadlines } from '@zz/contracts';
import type { Clock, ClockEvent, ClockStatus } from './clock.js';
import { addDays, calendarCovers, cstDate, cstIso, daysBetween, dueDateOf, endOfCstDay, type HolidayCalendar } from './calendar.js';
import { approverText, instantAt, keyValue, matchesKey, matchesWhere, valueAt } from './paths.js';

/**
 * The clock engine (decide-style, pure): `evolveClocks` folds one event into a case's clocks as the
 * policy table says; `dueOf` and `statusAt` read a clock against the holiday calendar and a time.
 */

const DAY_MS = 86_400_000;

export const policyById = (policy: deadlines.DeadlinePolicy, id: string): deadlines.ClockPolicy | undefined => policy.clocks.find((c) => c.id === id);

/** Every event type the policy reacts to (plus the deadline events themselves): the watcher skips the rest. */
export function relevantEventTypes(policy: deadlines.DeadlinePolicy): Set<string> {
  const types = new Set<string>(Object.keys(deadlines.DEADLINE_EVENT_SCHEMAS));
  for (const c of policy.clocks) {
    types.add(c.start.event);
    for (const s of c.stops) types.add(s.event);
    for (const e of c.extensions) types.add(e.event);
    for (const p of c.pauses) types.add(p.event), types.add(p.resumedBy.event);
  }
  return types;
}

/** The clock id: the policy id and the start event's key values (e.g. `petition.answer:<petitionId>`). */
export const clockIdOf = (policyId: string, key: Record<string, string>): string => [policyId, ...Object.values(key)].join(':');

/**
 * Fold one event into the case's clocks: the clock events on a clock's own stream (found by clockId),
 * then stops, pauses and extensions from flow events, then starts. Stops come before starts so an
 * event that both ends an old instance and starts a new one (a second assign-down) does both.
 * Returns the case's clocks after the event; unchanged clocks are the same objects.
 */
export function evolveClocks(clocks: readonly Clock[], event: ClockEvent, policy: deadlines.DeadlinePolicy): Clock[] {
  const position = event.position !== undefined ? String(event.position) : undefined;
  const touch = (c: Clock): Clock => (position ? { ...c, position } : c);

  let next = clocks.map((clock) => {
    const updated = applyToClock(clock, event, policyById(policy, clock.policyId));
    return updated === clock ? clock : touch(updated);
  });

  for (const spec of policy.clocks) {
    if (spec.start.event !== event.type || !matchesWhere(event, spec.start.where)) continue;
    const items: unknown[] = spec.start.each ? asArray(valueAt(event, spec.start.each)) : [undefined];
    for (const each of items) {
      if (spec.start.each && !matchesWhere(event, spec.start.where, each)) continue;
      const started = startClock(spec, event, each);
      if (!started || next.some((c) => c.clockId === started.clockId)) continue; // a replayed start changes nothing
      next = [...next, touch(started)];
    }
  }
  return next;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function startClock(spec: deadlines.ClockPolicy, event: ClockEvent, each: unknown): Clock | undefined {
  const key: Record<string, string> = {};
  for (const [name, path] of Object.entries(spec.start.key)) {
    const v = keyValue(event, path, each);
    if (v === undefined) return undefined; // an event without its key cannot start an identifiable clock
    key[name] = v;
  }
  const startedAt = instantAt(event, spec.start.at);
  if (!startedAt) return undefined;
  let base: Clock['base'];
  if (spec.limit) base = { kind: 'limit', amount: spec.limit.amount, unit: spec.limit.unit };
  else {
    const dueAt = instantAt(event, spec.dueAt as string);
    if (!dueAt) return undefined;
    base = { kind: 'instant', dueAt };
  }
  const center = spec.start.center ? keyValue(event, spec.start.center, each) : undefined;
  return {
    clockId: clockIdOf(spec.id, key),
    policyId: spec.id,
    flow: spec.flow,
    obligedParty: spec.obligedParty,
    caseCode: event.caseCode,
    centerCode: center ?? event.actor?.centerCode ?? event.caseCode.split('-')[0] ?? '',
    key,
    startedAt,
    startEventId: event.eventId,
    base,
    extensions: [],
    pauses: [],
    alerts: { approaching: [], missed: [] },
    position: '0',
  };
}

/** One event against one clock. A stopped clock only still records alerts (a late miss). */
function applyToClock(clock: Clock, event: ClockEvent, spec: deadlines.ClockPolicy | undefined): Clock {
  const own = deadlines.isDeadlineEventType(event.type) && event.data.clockId === clock.clockId;
  if (own) return applyOwnEvent(clock, event);
  if (clock.stop || !spec) return clock;

  const stop = spec.stops.find((s) => s.event === event.type && matchesWhere(event, s.where) && matchesKey(event, clock.key, s.key));
  if (stop) {
    const at = instantAt(event, stop.at) ?? event.occurredAt;
    // A clock that ends while paused stops its pause at the same moment.
    return { ...resume(clock, at), stop: { at, outcome: stop.outcome, event: event.type, eventId: event.eventId } };
  }

  for (const p of spec.pauses) {
    if (p.event === event.type && !deadlines.isDeadlineEventType(p.event) && matchesWhere(event, p.where) && matchesKey(event, clock.key, p.key) && !isPaused(clock))
      return { ...clock, pauses: [...clock.pauses, { reason: p.reasons[0] as string, from: instantAt(event, p.at) ?? event.occurredAt, eventId: event.eventId }] };
    if (p.resumedBy.event === event.type && !deadlines.isDeadlineEventType(p.resumedBy.event) && matchesKey(event, clock.key, p.resumedBy.key) && isPaused(clock))
      return resume(clock, instantAt(event, p.resumedBy.at) ?? event.occurredAt);
  }

  const ext = spec.extensions.find((e) => e.event === event.type && !deadlines.isDeadlineEventType(e.event) && matchesWhere(event, e.where) && matchesKey(event, clock.key, e.key));
  if (ext) {
    const days = ext.days ? Number(valueAt(event, ext.days)) : undefined;
    const newDueAt = ext.newDueAt ? instantAt(event, ext.newDueAt) : undefined;
    if ((days === undefined || !Number.isInteger(days) || days < 1) && !newDueAt) return clock;
    const reason = ext.reason ? valueAt(event, ext.reason) : undefined;
    return {
      ...clock,
      extensions: [
        ...clock.extensions,
        {
          event: event.type,
          eventId: event.eventId,
          at: event.occurredAt,
          ...(newDueAt ? { newDueAt } : { days: days as number }),
          approvedBy: approverText(valueAt(event, ext.approvedBy)),
          // Sealed (encrypted) free text stays in its flow; only plain reasons are copied.
          ...(typeof reason === 'string' ? { reason } : {}),
        },
      ],
    };
  }
  return clock;
}

function applyOwnEvent(clock: Clock, event: ClockEvent): Clock {
  const d = event.data;
  switch (event.type) {
    case 'DeadlineApproaching':
      return { ...clock, alerts: { ...clock.alerts, approaching: addOnce(clock.alerts.approaching, String(d.dueAt)) } };
    case 'DeadlineMissed':
      return { ...clock, alerts: { ...clock.alerts, missed: addOnce(clock.alerts.missed, String(d.dueAt)) } };
    case 'DeadlineClockPaused':
      if (clock.stop || isPaused(clock)) return clock;
      return { ...clock, pauses: [...clock.pauses, { reason: String(d.reason), from: new Date(String(d.pausedAt)).toISOString(), eventId: event.eventId }] };
    case 'DeadlineClockResumed':
      return isPaused(clock) ? resume(clock, new Date(String(d.resumedAt)).toISOString()) : clock;
    case 'DeadlineClockExtended':
      if (clock.stop) return clock;
      return {
        ...clock,
        extensions: [...clock.extensions, { event: event.type, eventId: event.eventId, at: event.occurredAt, days: Number(d.days), approvedBy: String(d.approvedBy), reason: String(d.reason) }],
      };
    default:
      return clock;
  }
}

const addOnce = (list: string[], v: string): string[] => (list.includes(v) ? list : [...list, v]);

export const isPaused = (clock: Clock): boolean => clock.pauses.some((p) => p.to === undefined);

function resume(clock: Clock, at: string): Clock {
  return { ...clock, pauses: clock.pauses.map((p) => (p.to === undefined ? { ...p, to: at } : p)) };
}

export interface Due {
  /** The last instant that still counts as on time. */
  dueAt: Date;
  /** Its CST day. */
  dueDate: string;
  /** The due instant as events record it (+08:00): alerts are once per clock and due date. */
  dueIso: string;
  /** False when the count ran through a year the holiday calendar lacks or holds provisionally. */
  calendarCovered: boolean;
}

/**
 * The due date now: the start day plus the limit, plus approved days, plus the days the clock was
 * paused (in the clock's unit); a calendar-day due date on a day off moves to the next working day.
 * A new end agreed by the parties (newDueAt) replaces the date; only what comes after it adds to it.
 * Undefined while paused: a paused clock has no due date.
 */
export function dueOf(clock: Clock, cal: HolidayCalendar): Due | undefined {
  if (isPaused(clock)) return undefined;
  const unit: deadlines.DayUnit = clock.base.kind === 'limit' ? clock.base.unit : 'calendar_days';
  let anchor: { kind: 'limit'; amount: number } | { kind: 'instant'; at: string } =
    clock.base.kind === 'limit' ? { kind: 'limit', amount: clock.base.amount } : { kind: 'instant', at: clock.base.dueAt };
  let anchorSince = clock.startedAt;
  let extra = 0;
  for (const e of clock.extensions) {
    if (e.newDueAt) {
      anchor = { kind: 'instant', at: e.newDueAt };
      anchorSince = e.at;
      extra = 0;
    } else extra += e.days ?? 0;
  }
  for (const p of clock.pauses) if (p.to && p.from >= anchorSince) extra += daysBetween(cal, cstDate(p.from), cstDate(p.to), unit);

  const startDate = cstDate(clock.startedAt);
  let dueAt: Date;
  if (anchor.kind === 'limit') {
    dueAt = endOfCstDay(dueDateOf(cal, startDate, anchor.amount + extra, unit));
  } else {
    // An explicit instant keeps its time of day; extensions and pauses move its day.
    const at = new Date(anchor.at);
    const day = cstDate(at);
    dueAt = extra === 0 ? at : new Date(at.getTime() + (Date.parse(addDays(cal, day, extra, unit)) - Date.parse(day)));
  }
  const dueDate = cstDate(dueAt);
  return { dueAt, dueDate, dueIso: cstIso(dueAt), calendarCovered: calendarCovers(cal, startDate, dueDate) };
}

/**
 * When DeadlineApproaching becomes due: `lead.days` before the due date, but no more than
 * `lead.fraction` of the clock's whole span (start → due) before it.
 */
export function approachingFrom(clock: Clock, due: Due, lead: deadlines.AlertLead): Date {
  const span = Math.max(0, due.dueAt.getTime() - Date.parse(clock.startedAt));
  return new Date(due.dueAt.getTime() - Math.min(lead.days * DAY_MS, lead.fraction * span));
}

export function leadOf(policy: deadlines.DeadlinePolicy, clock: Clock): deadlines.AlertLead {
  return policyById(policy, clock.policyId)?.lead ?? policy.lead;
}

export function statusAt(clock: Clock, cal: HolidayCalendar, lead: deadlines.AlertLead, now: Date): ClockStatus {
  const due = dueOf(clock, cal);
  if (clock.stop) {
    if (clock.stop.outcome === 'cancelled') return 'cancelled';
    return due && Date.parse(clock.stop.at) > due.dueAt.getTime() ? 'met_late' : 'met';
  }
  if (!due) return 'paused';
  if (now.getTime() > due.dueAt.getTime()) return 'overdue';
  if (now.getTime() >= approachingFrom(clock, due, lead).getTime()) return 'approaching';
  return 'running';
}
