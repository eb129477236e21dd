import t from 'tap';
import { deadlines, intake, mediation, petition, referral } from '@zz/contracts';
import { loadDeadlinePolicy, loadHolidayCalendar } from './policy-files.js';

const known = new Set([
  ...Object.keys(intake.INTAKE_EVENT_SCHEMAS),
  ...Object.keys(mediation.MEDIATION_EVENT_SCHEMAS),
  ...Object.keys(referral.REFERRAL_EVENT_SCHEMAS),
  ...Object.keys(petition.PETITION_EVENT_SCHEMAS),
  ...Object.keys(deadlines.DEADLINE_EVENT_SCHEMAS),
]);

t.test('the shipped policy parses and names only events that exist', async (t) => {
  const policy = loadDeadlinePolicy();
  const named = policy.clocks.flatMap((c) => [c.start.event, ...c.stops.map((s) => s.event), ...c.extensions.map((e) => e.event), ...c.pauses.flatMap((p) => [p.event, p.resumedBy.event])]);
  t.same(
    named.filter((e) => !known.has(e)),
    [],
    'no unknown event types',
  );
  for (const id of [
    'petition.accept',
    'petition.return-outside-remit',
    'petition.answer',
    'petition.review-request',
    'petition.review-decide',
    'petition.re-review-request',
    'petition.re-review-decide',
    'mediation.peoples',
    'mediation.labour',
    'referral.pre-filing-mediation',
    'referral.designate-mediator',
    'referral.confirmation-apply',
    'referral.confirmation-ruling',
    'intake.whistle-report-in',
    'intake.assign-down',
  ])
    t.ok(
      policy.clocks.some((c) => c.id === id),
      id,
    );
  const answer = policy.clocks.find((c) => c.id === 'petition.answer')!;
  t.same([answer.limit, answer.extensions[0]?.maxTotal], [{ amount: 60, unit: 'calendar_days' }, 30]);
  t.equal(policy.clocks.find((c) => c.id === 'referral.designate-mediator')!.limit?.unit, 'working_days');
});

t.test('a policy with a clock that has both a limit and a due field is refused', async (t) => {
  const bad = {
    version: 'x',
    lead: { days: 1, fraction: 0.1 },
    clocks: [
      {
        id: 'a.b',
        flow: 'intake',
        name: { zh: 'x', en: 'x' },
        obligedParty: 'center',
        start: { event: 'E', key: { id: 'id' } },
        limit: { amount: 1, unit: 'calendar_days' },
        dueAt: 'dueAt',
        stops: [{ event: 'F', key: { id: 'id' }, outcome: 'met' }],
        source: { title: 's' },
      },
    ],
  };
  const r = deadlines.DeadlinePolicy.safeParse(bad);
  t.notOk(r.success);
  t.match(JSON.stringify(r.error?.issues), /exactly one of limit or dueAt/);
});

t.test('the shipped calendar has 2026 final and 2027 provisional', async (t) => {
  const cal = loadHolidayCalendar();
  t.ok(cal.holidays.has('2026-10-01'));
  t.ok(cal.makeUpWorkdays.has('2026-10-10'));
  t.same([...cal.provisionalYears], [2027]);
  t.notOk(
    deadlines.HolidayCalendarFile.safeParse({ utcOffset: '+08:00', years: { '2026': { source: 's', holidays: [{ date: '2027-01-01', name: 'x' }] } } }).success,
    'a date outside its year is refused',
  );
});
