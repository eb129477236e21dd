import t from 'tap';
import { loadHolidayCalendar } from '../application/policy-files.js';
import { addWorkingDays, cstDate, daysBetween, dueDateOf, endOfCstDay, isWorkingDay, nextWorkingDayOnOrAfter } from './calendar.js';

const cal = loadHolidayCalendar();

t.test('working days skip public holidays and count make-up days (2026 National Day)', async (t) => {
  // 10-01…10-07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat is a make-up working day.
  t.equal(addWorkingDays(cal, '2026-09-30', 3), '2026-10-10');
  t.equal(addWorkingDays(cal, '2026-09-30', 4), '2026-10-12');
  // 09-20 is a make-up Sunday: one working day after Friday 09-18 is that Sunday.
  t.equal(addWorkingDays(cal, '2026-09-18', 1), '2026-09-20');
  t.equal(addWorkingDays(cal, '2026-09-18', 0), '2026-09-18');
});

t.test('a calendar-day due date on a holiday or weekend moves to the next working day; a make-up Saturday stays', async (t) => {
  t.equal(dueDateOf(cal, '2026-09-16', 15, 'calendar_days'), '2026-10-08', '10-01 is National Day');
  t.equal(dueDateOf(cal, '2026-09-25', 15, 'calendar_days'), '2026-10-10', 'make-up Saturday is a working day');
  t.equal(dueDateOf(cal, '2026-02-21', 15, 'calendar_days'), '2026-03-09', 'Sunday → Monday');
  t.equal(dueDateOf(cal, '2026-02-01', 15, 'calendar_days'), '2026-02-24', 'Spring Festival 02-15…02-23');
  t.equal(nextWorkingDayOnOrAfter(cal, '2026-02-14'), '2026-02-14', 'make-up Saturday before Spring Festival');
  t.notOk(isWorkingDay(cal, '2026-02-21'));
});

t.test('days are China Standard Time days', async (t) => {
  t.equal(cstDate('2026-09-15T16:30:00Z'), '2026-09-16', '00:30 in Beijing');
  t.equal(cstDate('2026-09-15T15:59:59Z'), '2026-09-15');
  t.equal(endOfCstDay('2026-10-08').toISOString(), '2026-10-08T15:59:59.999Z');
});

t.test('a pause takes out the days from its start day up to (not including) its resumption day', async (t) => {
  t.equal(daysBetween(cal, '2026-06-10', '2026-06-20', 'calendar_days'), 10);
  t.equal(daysBetween(cal, '2026-06-10', '2026-06-10', 'calendar_days'), 0);
  t.equal(daysBetween(cal, '2026-09-30', '2026-10-12', 'working_days'), 4, '09-30, 10-08, 10-09, 10-10');
});

t.test('years outside the calendar count weekends only', async (t) => {
  t.ok(isWorkingDay(cal, '2030-10-01'), 'not in the file: a Tuesday is a working day');
  t.notOk(isWorkingDay(cal, '2027-02-08'), 'provisional 2027 still has its statutory days');
});
