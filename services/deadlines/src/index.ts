export { startDeadlineWatcher, DEADLINE_PROJECTION, DEADLINE_SYSTEM_USER } from './watcher.js';
export type { DeadlineWatcher, DeadlineWatcherOptions, TickResult, ClockView, ClockQuery } from './watcher.js';
export { loadDeadlinePolicy, loadHolidayCalendar, DEFAULT_POLICY_FILE, DEFAULT_HOLIDAYS_FILE } from './application/policy-files.js';
export { holidayCalendar, addWorkingDays, addCalendarDays, dueDateOf, isWorkingDay, nextWorkingDayOnOrAfter, cstDate, type HolidayCalendar } from './domain/calendar.js';
export { evolveClocks, dueOf, statusAt, relevantEventTypes, clockIdOf } from './domain/engine.js';
export { decideAlert, nextAlertAt } from './domain/alerts.js';
export { decidePause, decideResume, decideExtend } from './domain/adjust.js';
export type { Clock, ClockEvent, ClockStatus } from './domain/clock.js';
