import { cstDate, dueDateOf, loadHolidayCalendar, type HolidayCalendar } from '@zz/deadlines';

/**
 * The due date 按期办结 measures a petition's written answer against: 60 days from acceptance
 * (信访工作条例 art. 34), plus the days an approved extension added (DeadlineClockExtended, at most
 * 30), plus the days the clock was paused (hearing, appraisal), ending with its China-time day and
 * moved off a day off — the same arithmetic as the petition.answer clock (services/deadlines).
 *
 * The calendar is the shipped one (config/holidays-cn.json); a deployment's own HOLIDAYS_FILE is not
 * passed to the views yet (TODO: thread it through createFlowViews and the rebuild).
 */
export const PETITION_ANSWER_DAYS = 60;

let calendar: HolidayCalendar | undefined;
const shippedCalendar = (): HolidayCalendar => (calendar ??= loadHolidayCalendar());

export interface AnswerClock {
  acceptedAt: string;
  /** Days added by approved extensions. */
  extraDays: number;
  pauses: readonly { from: string; to: string | null }[];
}

/** The last instant of the due day (China time), as epoch milliseconds. `endAt` closes a pause still open. */
export function petitionAnswerDueMs(c: AnswerClock, endAt: string, cal: HolidayCalendar = shippedCalendar()): number {
  let paused = 0;
  for (const p of c.pauses) paused += calendarDaysBetween(cstDate(p.from), cstDate(p.to ?? endAt));
  const due = dueDateOf(cal, cstDate(c.acceptedAt), PETITION_ANSWER_DAYS + c.extraDays + paused, 'calendar_days');
  return Date.parse(`${due}T23:59:59.999+08:00`);
}

/** Days in [from, to) — a pause that starts and ends the same day takes none (as the clock engine counts). */
const calendarDaysBetween = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
