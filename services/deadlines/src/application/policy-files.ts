import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deadlines } from '@zz/contracts';
import { holidayCalendar, type HolidayCalendar } from '../domain/calendar.js';

/** The defaults shipped in the repository's config/ folder (docs/domain.md § Deadlines; the 2026/2027 calendar). */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../../../../config/deadline-policy.json', import.meta.url));
export const DEFAULT_HOLIDAYS_FILE = fileURLToPath(new URL('../../../../config/holidays-cn.json', import.meta.url));

/** A deployment's policy table (DEADLINE_POLICY_FILE) or the default; a bad file throws naming the field. */
export function loadDeadlinePolicy(path: string = DEFAULT_POLICY_FILE): deadlines.DeadlinePolicy {
  return deadlines.DeadlinePolicy.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** A deployment's holiday calendar (HOLIDAYS_FILE) or the default. */
export function loadHolidayCalendar(path: string = DEFAULT_HOLIDAYS_FILE): HolidayCalendar {
  return holidayCalendar(deadlines.HolidayCalendarFile.parse(JSON.parse(readFileSync(path, 'utf8'))));
}
