import type { deadlines } from '@zz/contracts';
import type { Clock } from './clock.js';
import type { HolidayCalendar } from './calendar.js';
import { cstIso } from './calendar.js';
import { approachingFrom, dueOf, isPaused } from './engine.js';

/**
 * What the watcher should record for a clock at `now` (pure): at most one event per call —
 * DeadlineMissed once the due date has passed (also for a clock that already ended late and was never
 * recorded as missed), else DeadlineApproaching once inside the lead. Each at most once per clock and
 * due date: an extension that moves the due date may warn again. A paused clock has no due date.
 */
export type AlertDecision =
  | { type: 'DeadlineApproaching'; data: deadlines.DeadlineEventOf<'DeadlineApproaching'>['data'] }
  | { type: 'DeadlineMissed'; data: deadlines.DeadlineEventOf<'DeadlineMissed'>['data'] };

export interface AlertRules {
  lead: deadlines.AlertLead;
  alertWhileRunning: boolean;
}

export function decideAlert(clock: Clock, cal: HolidayCalendar, rules: AlertRules, now: Date): AlertDecision | undefined {
  const due = dueOf(clock, cal);
  if (!due) return undefined;
  const missed = clock.alerts.missed.includes(due.dueIso);
  const base = {
    clockId: clock.clockId,
    policyId: clock.policyId,
    caseCode: clock.caseCode,
    centerCode: clock.centerCode,
    obligedParty: clock.obligedParty,
    startedAt: cstIso(new Date(clock.startedAt)),
    dueAt: due.dueIso,
    dueDate: due.dueDate,
    detectedAt: cstIso(now),
  };
  if (clock.stop) {
    if (clock.stop.outcome === 'met' && Date.parse(clock.stop.at) > due.dueAt.getTime() && !missed)
      return { type: 'DeadlineMissed', data: { ...base, stoppedLateAt: cstIso(new Date(clock.stop.at)) } };
    return undefined;
  }
  if (!rules.alertWhileRunning || missed) return undefined;
  if (now.getTime() > due.dueAt.getTime()) return { type: 'DeadlineMissed', data: base };
  const from = approachingFrom(clock, due, rules.lead);
  if (now.getTime() >= from.getTime() && !clock.alerts.approaching.includes(due.dueIso)) return { type: 'DeadlineApproaching', data: { ...base, leadStartsAt: cstIso(from) } };
  return undefined;
}

/**
 * The earliest instant `decideAlert` could return something for this clock (epoch ms), or null when
 * nothing is pending. The watcher indexes clocks by it, so a tick only looks at clocks that are due.
 */
export function nextAlertAt(clock: Clock, cal: HolidayCalendar, rules: AlertRules): number | null {
  if (isPaused(clock) && !clock.stop) return null;
  const due = dueOf(clock, cal);
  if (!due) return null;
  const missed = clock.alerts.missed.includes(due.dueIso);
  if (clock.stop) return clock.stop.outcome === 'met' && Date.parse(clock.stop.at) > due.dueAt.getTime() && !missed ? Date.parse(clock.stop.at) : null;
  if (!rules.alertWhileRunning || missed) return null;
  if (!clock.alerts.approaching.includes(due.dueIso)) return approachingFrom(clock, due, rules.lead).getTime();
  return due.dueAt.getTime() + 1;
}
