import type { deadlines } from '@zz/contracts';

/**
 * Working-day arithmetic in China Standard Time (UTC+8, no daylight saving). Pure: the holiday
 * calendar is configuration (config/holidays-cn.json), passed in.
 *
 * A day is a working day when it is a make-up working day (调休上班, e.g. a Saturday), or when it is
 * Monday–Friday and not a public holiday. Dates are 'YYYY-MM-DD' strings, always meaning a CST day.
 */

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface HolidayCalendar {
  readonly holidays: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
  /** Years the calendar has a (possibly provisional) entry for. */
  readonly years: ReadonlySet<number>;
  /** Years holding only statutory days (the State Council's notice not yet loaded). */
  readonly provisionalYears: ReadonlySet<number>;
}

export function holidayCalendar(file: deadlines.HolidayCalendarFile): HolidayCalendar {
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  const years = new Set<number>();
  const provisionalYears = new Set<number>();
  for (const [year, y] of Object.entries(file.years)) {
    years.add(Number(year));
    if (y.provisional) provisionalYears.add(Number(year));
    for (const h of y.holidays) holidays.add(h.date);
    for (const m of y.makeUpWorkdays) makeUpWorkdays.add(m.date);
  }
  return { holidays, makeUpWorkdays, years, provisionalYears };
}

/** The CST calendar date of an instant. */
export function cstDate(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a CST day, as an instant (a due date means "by the end of that day"). */
export function endOfCstDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CST_OFFSET_MS + DAY_MS - 1);
}

/** An instant written in CST (`…+08:00`), the way events show due dates. */
export function cstIso(instant: Date): string {
  return `${new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

export function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
const weekday = (date: string): number => new Date(`${date}T00:00:00.000Z`).getUTCDay();

export function isWorkingDay(cal: HolidayCalendar, date: string): boolean {
  if (cal.makeUpWorkdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

/** The date itself when it is a working day, else the next working day (期间届满日遇节假日顺延). */
export function nextWorkingDayOnOrAfter(cal: HolidayCalendar, date: string): string {
  let d = date;
  // Bounded: no run of days off in China is anywhere near a month long.
  for (let i = 0; i < 366 && !isWorkingDay(cal, d); i++) d = addCalendarDays(d, 1);
  return d;
}

/** N working days after `date` (the start day itself never counts; 0 → the date itself). */
export function addWorkingDays(cal: HolidayCalendar, date: string, n: number): string {
  let d = date;
  for (let counted = 0; counted < n; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(cal, d)) counted++;
  }
  return d;
}

export function addDays(cal: HolidayCalendar, date: string, n: number, unit: deadlines.DayUnit): string {
  return unit === 'working_days' ? addWorkingDays(cal, date, n) : addCalendarDays(date, n);
}

/**
 * How many days of the given unit lie in [from, to): the days a pause takes out of the count. A pause
 * that starts and ends on the same day takes none; the resumption day counts again.
 */
export function daysBetween(cal: HolidayCalendar, from: string, to: string, unit: deadlines.DayUnit): number {
  let n = 0;
  for (let d = from; d < to; d = addCalendarDays(d, 1)) if (unit === 'calendar_days' || isWorkingDay(cal, d)) n++;
  return n;
}

/**
 * The due date of a limit counted from a start instant: the start day does not count (期间开始的日不计算在
 * 期间内); a calendar-day limit whose last day is not a working day (public holiday or weekend) moves to
 * the next working day (民事诉讼法 第八十五条 practice); a working-day limit always ends on one.
 */
export function dueDateOf(cal: HolidayCalendar, startDate: string, amount: number, unit: deadlines.DayUnit): string {
  const last = addDays(cal, startDate, amount, unit);
  return unit === 'calendar_days' ? nextWorkingDayOnOrAfter(cal, last) : last;
}

/** True when every year from `from` to `to` is in the calendar and none of them is provisional. */
export function calendarCovers(cal: HolidayCalendar, from: string, to: string): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.years.has(y) || cal.provisionalYears.has(y)) return false;
  return true;
}
