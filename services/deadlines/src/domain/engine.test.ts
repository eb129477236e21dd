import t from 'tap';
import { randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '@zz/contracts';
import { loadDeadlinePolicy, loadHolidayCalendar } from '../application/policy-files.js';
import { flowEvent as ev } from '../testing.js';
import type { Clock, ClockEvent } from './clock.js';
import { decideAlert } from './alerts.js';
import { decideExtend, decidePause, decideResume } from './adjust.js';
import { dueOf, evolveClocks, policyById, statusAt } from './engine.js';

const policy = loadDeadlinePolicy();
const cal = loadHolidayCalendar();
const lead = policy.lead;
const rules = { lead, alertWhileRunning: true };

/** given: events → the case's clocks. */
const given = (events: ClockEvent[], start: Clock[] = []): Clock[] => events.reduce((cs, e) => evolveClocks(cs, e, policy), start);
const clock = (clocks: Clock[], policyId: string): Clock => {
  const c = clocks.find((x) => x.policyId === policyId);
  if (!c) throw new Error(`no ${policyId} clock`);
  return c;
};
const dueDate = (c: Clock) => dueOf(c, cal)?.dueDate;
const at = (iso: string) => new Date(iso);
/** A decided clock event (pause/resume/extend) as the engine reads it back from the clock's stream. */
const recorded = (e: { type: string; data: object } | DomainError, occurredAt: string): ClockEvent => {
  if (e instanceof DomainError) throw e;
  return ev(e.type, e.data as Record<string, unknown>, occurredAt);
};

const petitionId = randomUUID();
const registered = (receivedAt: string) => ev('PetitionRegistered', { petitionId, centerCode: '230302', receivedAt }, receivedAt);

t.test('petition acceptance: 15 days from receipt, rolled past National Day, met or late', async (t) => {
  const clocks = given([registered('2026-09-16T09:00:00+08:00')]);
  const c = clock(clocks, 'petition.accept');
  t.equal(c.clockId, `petition.accept:${petitionId}`);
  t.equal(c.centerCode, '230302');
  t.equal(dueDate(c), '2026-10-08', '10-01 falls in the holiday: next working day');
  t.equal(statusAt(c, cal, lead, at('2026-09-20T10:00:00+08:00')), 'running');
  t.equal(statusAt(c, cal, lead, at('2026-10-06T10:00:00+08:00')), 'approaching', 'inside the 3-day lead');
  t.equal(statusAt(c, cal, lead, at('2026-10-08T23:59:59+08:00')), 'approaching', 'still on time on the last day');
  t.equal(statusAt(c, cal, lead, at('2026-10-09T00:00:00+08:00')), 'overdue');

  const onTime = given([ev('PetitionAccepted', { petitionId, decidedAt: '2026-10-08T17:00:00+08:00', withinWindow: true }, '2026-10-08T17:00:00+08:00')], clocks);
  t.equal(statusAt(clock(onTime, 'petition.accept'), cal, lead, at('2026-12-01T00:00:00+08:00')), 'met');
  t.ok(clock(onTime, 'petition.answer'), 'acceptance starts the answer clock');
  const late = given([ev('PetitionAccepted', { petitionId, decidedAt: '2026-10-09T09:00:00+08:00', withinWindow: false }, '2026-10-09T09:00:00+08:00')], clocks);
  t.equal(statusAt(clock(late, 'petition.accept'), cal, lead, at('2026-12-01T00:00:00+08:00')), 'met_late');
});

t.test('a due date on a make-up Saturday stays there', async (t) => {
  const c = clock(given([registered('2026-09-25T11:00:00+08:00')]), 'petition.accept');
  t.equal(dueDate(c), '2026-10-10');
});

t.test('returning an item outside remit: 5 working days, only an outside-remit decline meets it', async (t) => {
  const clocks = given([registered('2026-09-29T10:00:00+08:00')]);
  const c = clock(clocks, 'petition.return-outside-remit');
  t.equal(dueDate(c), '2026-10-12', '09-30, 10-08, 10-09, 10-10 (make-up), 10-12');
  t.equal(decideAlert(c, cal, { lead, alertWhileRunning: false }, at('2026-10-13T09:00:00+08:00')), undefined, 'no alert while it may not apply');
  const declinedLate = given([ev('PetitionDeclined', { petitionId, reason: 'outside_remit', decidedAt: '2026-10-13T09:00:00+08:00' }, '2026-10-13T09:00:00+08:00')], clocks);
  const d = decideAlert(clock(declinedLate, 'petition.return-outside-remit'), cal, { lead, alertWhileRunning: false }, at('2026-10-13T09:00:01+08:00'));
  t.equal(d?.type, 'DeadlineMissed', 'a late outside-remit decline is a miss');
  t.match(d?.data, { stoppedLateAt: '2026-10-13T09:00:00.000+08:00', dueDate: '2026-10-12' });
  const otherReason = given([ev('PetitionDeclined', { petitionId, reason: 'other_legal_channel', decidedAt: '2026-10-13T09:00:00+08:00' }, '2026-10-13T09:00:00+08:00')], clocks);
  t.equal(statusAt(clock(otherReason, 'petition.return-outside-remit'), cal, lead, at('2026-10-14T00:00:00Z')), 'cancelled');
  t.equal(statusAt(clock(otherReason, 'petition.accept'), cal, lead, at('2026-10-14T00:00:00Z')), 'met');
});

t.test('petition answer: a pause for expert appraisal moves the due date by the paused days', async (t) => {
  const accepted = given([registered('2026-05-25T09:00:00+08:00'), ev('PetitionAccepted', { petitionId, decidedAt: '2026-06-01T10:00:00+08:00', withinWindow: true }, '2026-06-01T10:00:00+08:00')]);
  let c = clock(accepted, 'petition.answer');
  const spec = policyById(policy, 'petition.answer')!;
  t.equal(dueDate(c), '2026-07-31', '60 days');

  const pause = decidePause(c, spec, { reason: 'expert_appraisal' }, at('2026-06-10T10:00:00+08:00'));
  c = clock(given([recorded(pause, '2026-06-10T10:00:00+08:00')], [c]), 'petition.answer');
  t.equal(dueOf(c, cal), undefined, 'no due date while paused');
  t.equal(statusAt(c, cal, lead, at('2026-08-30T00:00:00+08:00')), 'paused', 'never overdue while paused');
  t.equal(decideAlert(c, cal, rules, at('2026-08-30T00:00:00+08:00')), undefined);
  t.match(decidePause(c, spec, { reason: 'expert_appraisal' }, at('2026-06-11T10:00:00+08:00')), { reason: 'already_paused' });

  c = clock(given([recorded(decideResume(c, {}, at('2026-06-20T09:00:00+08:00')), '2026-06-20T09:00:00+08:00')], [c]), 'petition.answer');
  t.equal(dueDate(c), '2026-08-10', '10 paused days (06-10 … 06-19)');
  t.match(decidePause(c, spec, { reason: 'holiday_trip' }, at('2026-06-21T10:00:00+08:00')), { reason: 'pause_not_allowed' });
});

t.test('petition answer: +30 with approval (and not beyond), rolled off a Sunday', async (t) => {
  const leader: Actor = { userId: 'leader-1', role: 'responsible_leader', centerCode: '230302' };
  const clerk: Actor = { userId: 'clerk-1', role: 'intake_clerk', centerCode: '230302' };
  let c = clock(given([ev('PetitionAccepted', { petitionId, decidedAt: '2026-06-01T10:00:00+08:00', withinWindow: true }, '2026-06-01T10:00:00+08:00')]), 'petition.answer');
  const spec = policyById(policy, 'petition.answer')!;
  t.match(decideExtend(c, spec, { days: 30, approvedBy: 'leader-1', reason: '情况复杂' }, clerk), { reason: 'approver_role' });
  const ext = decideExtend(c, spec, { days: 30, approvedBy: 'leader-1', reason: '情况复杂' }, leader);
  t.match(ext, { type: 'DeadlineClockExtended', data: { days: 30, unit: 'calendar_days', approvedBy: 'leader-1' } });
  c = clock(given([recorded(ext, '2026-07-20T10:00:00+08:00')], [c]), 'petition.answer');
  t.equal(dueDate(c), '2026-08-31', '07-31 + 30 = 08-30, a Sunday → Monday');
  t.match(decideExtend(c, spec, { days: 1, approvedBy: 'leader-1', reason: 'again' }, leader), { reason: 'extension_exceeds_limit' });
  const answered = given([ev('PetitionAnswered', { petitionId, answeredAt: '2026-08-28T10:00:00+08:00' }, '2026-08-28T10:00:00+08:00')], [c]);
  t.equal(statusAt(clock(answered, 'petition.answer'), cal, lead, at('2026-09-30T00:00:00Z')), 'met');
  t.match(decideExtend(clock(answered, 'petition.answer'), spec, { days: 1, approvedBy: 'x', reason: 'y' }, leader), { reason: 'clock_stopped' });
  t.ok(clock(answered, 'petition.review-request'), 'the answer opens the review-request window');
  t.equal(clock(answered, 'petition.review-request').obligedParty, 'party');
});

t.test("mediation: people's 30 days extended by both parties' consent; labour 15 days; other kinds a local-policy clock", async (t) => {
  const mediationId = randomUUID();
  const opened = (category: string, organisationKind: string) =>
    ev('MediationOpened', { mediationId, caseId: randomUUID(), areaCode: '230302', handlingCenter: '230302001', category, organisationKind }, '2026-03-02T10:00:00+08:00');
  const peoples = given([opened('neighbours', 'peoples_mediation_committee')]);
  t.same(
    peoples.map((c) => c.policyId),
    ['mediation.peoples'],
  );
  t.equal(peoples[0]!.centerCode, '230302001', 'the handling center answers for it');
  t.equal(dueDate(peoples[0]!), '2026-04-01');
  const extended = given(
    [
      ev(
        'MediationExtended',
        {
          mediationId,
          consents: [
            { personId: 'p1', consentedAt: '2026-03-25T10:00:00+08:00' },
            { personId: 'p2', consentedAt: '2026-03-25T10:00:00+08:00' },
          ],
          newEndAt: '2026-04-20T18:00:00+08:00',
          reason: { sealed: true },
        },
        '2026-03-25T11:00:00+08:00',
      ),
    ],
    peoples,
  );
  const c = extended[0]!;
  t.equal(dueOf(c, cal)?.dueIso, '2026-04-20T18:00:00.000+08:00', 'the agreed new end replaces the date');
  t.match(c.extensions[0], { approvedBy: 'p1,p2' });
  t.notOk('reason' in c.extensions[0]!, 'sealed text is not copied');
  t.equal(statusAt(c, cal, lead, at('2026-04-10T00:00:00+08:00')), 'running');

  const labour = given([opened('labour', 'peoples_mediation_committee')]);
  t.same(
    labour.map((c) => [c.policyId, dueDate(c)]),
    [['mediation.labour', '2026-03-17']],
  );
  t.same(
    given([opened('neighbours', 'industry_professional')]).map((c) => c.policyId),
    ['mediation.industry-professional'],
    'industry mediation has a local-policy clock (issue 13 §5)',
  );
  const refused = given([ev('MediationRefusedByParty', { mediationId, personId: 'p2', statedAt: '2026-03-05T10:00:00+08:00' }, '2026-03-05T10:00:00+08:00')], peoples);
  t.equal(statusAt(refused[0]!, cal, lead, at('2026-05-01T00:00:00Z')), 'cancelled', 'a party refusing ends mediation');
});

t.test('court designates a mediator within 3 working days (make-up Saturday counts)', async (t) => {
  const referralId = randomUUID();
  const clocks = given([ev('ReferredToCourt', { referralId, caseId: randomUUID(), handlingCenter: '230302' }, '2026-09-30T15:00:00+08:00')]);
  const c = clock(clocks, 'referral.designate-mediator');
  t.equal(dueDate(c), '2026-10-10');
  t.equal(c.obligedParty, 'court');
  const accepted = given([ev('ReferralAccepted', { referralId, preFilingNumber: 'x', mediatorId: 'm', acceptedAt: '2026-10-09T10:00:00+08:00' }, '2026-10-09T10:00:00+08:00')], clocks);
  t.equal(statusAt(clock(accepted, 'referral.designate-mediator'), cal, lead, at('2026-11-01T00:00:00Z')), 'met');
  t.equal(dueDate(clock(accepted, 'referral.pre-filing-mediation')), '2026-11-09', '10-09 + 30 = 11-08 (Sunday) → Monday');
});

t.test('judicial confirmation: apply within 30 days of the agreement taking effect; the court rules in 15 (+10)', async (t) => {
  const referralId = randomUUID();
  const settled = given([ev('ReferralSettled', { referralId, effectiveAt: '2026-04-01T10:00:00+08:00', confirmationApplyBy: '2026-05-01T10:00:00+08:00' }, '2026-04-01T10:00:00+08:00')]);
  t.equal(dueDate(clock(settled, 'referral.confirmation-apply')), '2026-05-06', '05-01 is in the Labour Day holiday (05-01…05-05)');
  const applied = given([ev('JudicialConfirmationApplied', { referralId, applicants: ['p1', 'p2'], appliedAt: '2026-04-10T10:00:00+08:00' }, '2026-04-10T10:00:00+08:00')], settled);
  t.equal(statusAt(clock(applied, 'referral.confirmation-apply'), cal, lead, at('2026-06-01T00:00:00Z')), 'met');
  t.equal(dueDate(clock(applied, 'referral.confirmation-accept')), '2026-04-13', 'the court decides within 3 days whether to accept (04-13 is a Monday)');
  t.notOk(
    applied.some((c) => c.policyId === 'referral.confirmation-ruling'),
    'no ruling clock before the court accepts the application',
  );
  const acceptedApp = given([ev('ConfirmationApplicationAccepted', { referralId, acceptedAt: '2026-04-10T15:00:00+08:00' }, '2026-04-10T15:00:00+08:00')], applied);
  t.equal(statusAt(clock(acceptedApp, 'referral.confirmation-accept'), cal, lead, at('2026-06-01T00:00:00Z')), 'met');
  let ruling = clock(acceptedApp, 'referral.confirmation-ruling');
  t.equal(ruling.startedAt, '2026-04-10T07:00:00.000Z', 'the ruling clock runs from the acceptance');
  t.equal(dueDate(ruling), '2026-04-27', '04-25 is a Saturday → Monday');
  const judge: Actor = { userId: 'court-1', role: 'court_liaison', centerCode: '230302' };
  const spec = policyById(policy, 'referral.confirmation-ruling')!;
  t.match(decideExtend(ruling, spec, { days: 11, approvedBy: '院长', reason: 'x' }, judge), { reason: 'extension_exceeds_limit' });
  ruling = clock(given([recorded(decideExtend(ruling, spec, { days: 10, approvedBy: '院长', reason: '特殊情况' }, judge), '2026-04-20T10:00:00+08:00')], [ruling]), 'referral.confirmation-ruling');
  t.equal(dueDate(ruling), '2026-05-06', '04-25 + 10 = 05-05, Labour Day holiday → 05-06');
});

t.test('whistle: one clock per department, each met by its own report-in; closing the dispute cancels the rest', async (t) => {
  const caseId = randomUUID();
  const clocks = given([
    ev(
      'WhistleBlown',
      {
        caseId,
        whistleId: 'w1',
        centerCode: '230302001',
        departments: [
          { code: 'hr', name: '人社局' },
          { code: 'housing', name: '住建局' },
        ],
        reportInDueAt: '2026-03-04T17:00:00+08:00',
        reason: 'x',
      },
      '2026-03-02T10:00:00+08:00',
    ),
    ev('DepartmentReportedIn', { caseId, whistleId: 'w1', departmentCode: 'hr' }, '2026-03-03T10:00:00+08:00'),
  ]);
  t.same(
    clocks.map((c) => c.clockId),
    [`intake.whistle-report-in:${caseId}:w1:hr`, `intake.whistle-report-in:${caseId}:w1:housing`],
  );
  t.same(
    clocks.map((c) => statusAt(c, cal, lead, at('2026-03-04T17:00:01+08:00'))),
    ['met', 'overdue'],
  );
  t.equal(dueOf(clocks[1]!, cal)?.dueIso, '2026-03-04T17:00:00.000+08:00', "the caller's time is kept as given");
  const closed = given([ev('DisputeClosed', { caseId, outcome: 'resolved', summary: 'x' }, '2026-03-05T10:00:00+08:00')], clocks);
  t.same(
    closed.map((c) => statusAt(c, cal, lead, at('2026-03-06T00:00:00+08:00'))),
    ['met', 'cancelled'],
  );
});

t.test('assign-down: a second assignment supersedes the first', async (t) => {
  const caseId = randomUUID();
  const clocks = given([
    ev('DisputeAssignedDown', { caseId, fromCenter: '230302', toCenter: '230302001', dueAt: '2026-03-10T17:00:00+08:00', supervision: 'ordinary' }, '2026-03-02T10:00:00+08:00'),
    ev('DisputeAssignedDown', { caseId, fromCenter: '230302', toCenter: '230302002', dueAt: '2026-03-12T17:00:00+08:00', supervision: 'ordinary' }, '2026-03-03T10:00:00+08:00'),
  ]);
  const assign = clocks.filter((c) => c.policyId === 'intake.assign-down');
  t.same(
    assign.map((c) => [c.centerCode, statusAt(c, cal, lead, at('2026-03-04T00:00:00+08:00'))]),
    [
      ['230302001', 'cancelled'],
      ['230302002', 'running'],
    ],
  );
  const signFor = clocks.filter((c) => c.policyId === 'intake.assignment-sign-for');
  t.same(
    signFor.map((c) => [c.centerCode, dueDate(c)]),
    [
      ['230302001', '2026-03-03'],
      ['230302002', '2026-03-04'],
    ],
    'each receiver signs for within 1 working day',
  );
});

t.test('the assignment loop: the completion report meets the assign-down clock and starts the sign-off clock; rework has its own', async (t) => {
  const caseId = randomUUID();
  const clocks = given([
    ev('DisputeAssignedDown', { caseId, fromCenter: '230302', toCenter: '230302101', dueAt: '2026-03-10T17:00:00+08:00', supervision: 'ordinary' }, '2026-03-02T10:00:00+08:00'),
    ev('DisputeAssignmentSignedFor', { caseId, fromCenter: '230302', toCenter: '230302101', signedAt: '2026-03-02T15:00:00+08:00' }, '2026-03-02T15:00:00+08:00'),
    ev(
      'DisputeCompletionReported',
      { caseId, fromCenter: '230302', toCenter: '230302101', outcome: 'resolved', measures: 'x', satisfaction: 'satisfied', reportedAt: '2026-03-09T10:00:00+08:00' },
      '2026-03-09T10:00:00+08:00',
    ),
  ]);
  const now = at('2026-03-09T12:00:00+08:00');
  t.equal(statusAt(clock(clocks, 'intake.assignment-sign-for'), cal, lead, now), 'met');
  t.equal(statusAt(clock(clocks, 'intake.assign-down'), cal, lead, now), 'met', 'the report is the completion');
  const signOff = clock(clocks, 'intake.assignment-sign-off');
  t.equal(signOff.centerCode, '230302', "the sign-off is the assigning center's");
  t.equal(dueDate(signOff), '2026-03-12');
  const rework = given(
    [
      ev(
        'DisputeReturnedForRework',
        { caseId, fromCenter: '230302', toCenter: '230302101', reason: 'x', dueAt: '2026-03-16T17:00:00+08:00', round: 1, returnedAt: '2026-03-10T10:00:00+08:00' },
        '2026-03-10T10:00:00+08:00',
      ),
    ],
    clocks,
  );
  t.equal(statusAt(clock(rework, 'intake.assignment-sign-off'), cal, lead, now), 'met', 'returning it is a decision');
  t.match(clock(rework, 'intake.assignment-rework'), { centerCode: '230302101' });
});

t.test('alerts: approaching once inside the lead, missed once after the due date, again only for a new due date', async (t) => {
  const clocks = given([registered('2026-03-02T09:00:00+08:00')]);
  let c = clock(clocks, 'petition.accept');
  t.equal(dueDate(c), '2026-03-17');
  t.equal(decideAlert(c, cal, rules, at('2026-03-14T23:59:59+08:00')), undefined, 'before the lead');
  const approaching = decideAlert(c, cal, rules, at('2026-03-15T00:00:00+08:00'));
  t.match(approaching, { type: 'DeadlineApproaching', data: { clockId: c.clockId, dueDate: '2026-03-17', caseCode: c.caseCode, obligedParty: 'center' } });
  c = clock(given([ev(approaching!.type, approaching!.data, '2026-03-15T00:00:00+08:00')], [c]), 'petition.accept');
  t.equal(decideAlert(c, cal, rules, at('2026-03-16T00:00:00+08:00')), undefined, 'approaching only once');
  const missed = decideAlert(c, cal, rules, at('2026-03-18T00:00:00+08:00'));
  t.match(missed, { type: 'DeadlineMissed', data: { dueDate: '2026-03-17' } });
  c = clock(given([ev(missed!.type, missed!.data, '2026-03-18T00:00:00+08:00')], [c]), 'petition.accept');
  t.equal(decideAlert(c, cal, rules, at('2026-03-19T00:00:00+08:00')), undefined, 'missed only once');
  t.equal(decideAlert(c, cal, rules, at('2026-03-19T00:00:00+08:00')), undefined, 'and no late-stop miss on top');
  const acceptedLate = given([ev('PetitionAccepted', { petitionId, decidedAt: '2026-03-19T00:00:00+08:00', withinWindow: false }, '2026-03-19T00:00:00+08:00')], [c]);
  t.equal(decideAlert(clock(acceptedLate, 'petition.accept'), cal, rules, at('2026-03-19T00:00:01+08:00')), undefined, 'already recorded as missed');

  // A 3-working-day clock is only "approaching" in the last 20% of its span, not 3 days ahead.
  const referral = clock(given([ev('ReferredToCourt', { referralId: randomUUID(), handlingCenter: '230302' }, '2026-03-02T10:00:00+08:00')]), 'referral.designate-mediator');
  t.equal(dueDate(referral), '2026-03-05');
  t.equal(decideAlert(referral, cal, rules, at('2026-03-04T00:00:00+08:00')), undefined);
  t.equal(decideAlert(referral, cal, rules, at('2026-03-05T10:00:00+08:00'))?.type, 'DeadlineApproaching');
});

t.test('a replayed start event does not restart the clock', async (t) => {
  const reg = registered('2026-03-02T09:00:00+08:00');
  const once = given([reg]);
  t.equal(given([reg], once).length, once.length);
});

t.test('agreement performance: due on the agreed day, met only by full performance; industry and administrative mediation have their (local) limits', async (t) => {
  const mediationId = randomUUID();
  const agreed = given([
    ev(
      'MediationAgreementReached',
      { mediationId, terms: { keyId: 'k', ciphertext: 'c' }, amounts: [], signedAt: '2026-03-02T10:00:00+08:00', performanceDeadline: '2026-03-20T17:00:00+08:00' },
      '2026-03-02T10:00:00+08:00',
    ),
  ]);
  const perf = clock(agreed, 'mediation.agreement-performance');
  t.equal(dueDate(perf), '2026-03-20');
  t.equal(perf.obligedParty, 'party');
  const partial = given([ev('AgreementPerformanceRecorded', { mediationId, status: 'partial', checkedAt: '2026-03-10T10:00:00+08:00' }, '2026-03-10T10:00:00+08:00')], agreed);
  t.equal(statusAt(clock(partial, 'mediation.agreement-performance'), cal, lead, at('2026-03-21T00:00:00+08:00')), 'overdue', 'partial performance does not meet it');
  const full = given([ev('AgreementPerformanceRecorded', { mediationId, status: 'full', checkedAt: '2026-03-18T10:00:00+08:00' }, '2026-03-18T10:00:00+08:00')], partial);
  t.equal(statusAt(clock(full, 'mediation.agreement-performance'), cal, lead, at('2026-03-21T00:00:00+08:00')), 'met');
  for (const kind of ['industry_professional', 'administrative'] as const) {
    const id = randomUUID();
    const opened = given([
      ev(
        'MediationOpened',
        {
          mediationId: id,
          caseId: randomUUID(),
          areaCode: '230302101',
          handlingCenter: '230302101',
          category: 'contract',
          organisationKind: kind,
          organisationName: '调解组织',
          parties: [],
          narratorId: 'p1',
        },
        '2026-03-02T10:00:00+08:00',
      ),
    ]);
    t.equal(opened.length, 1, `${kind}: one clock`);
    t.equal(dueDate(opened[0]!), '2026-04-01', `${kind}: 30 days`);
  }
});
