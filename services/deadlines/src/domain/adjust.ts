import { DomainError, type Actor, type deadlines } from '@zz/contracts';
import type { Clock } from './clock.js';
import { cstIso } from './calendar.js';
import { isPaused } from './engine.js';

/**
 * Staff commands on a clock (pure deciders): pause for a reason the policy allows (expert appraisal,
 * hearing), resume, and extend with an approval within the policy's maximum. Flows that have their own
 * extension event (MediationExtended) use it instead; these cover the clocks whose flow has none.
 */

type Out<K extends deadlines.DeadlineEventType> = deadlines.DeadlineEventOf<K> | DomainError;

const ids = (clock: Clock) => ({ clockId: clock.clockId, policyId: clock.policyId, caseCode: clock.caseCode, centerCode: clock.centerCode });

function stopped(clock: Clock): DomainError | undefined {
  return clock.stop ? new DomainError('clock_stopped', '时限已结束 / the clock has already ended') : undefined;
}

export function decidePause(clock: Clock, spec: deadlines.ClockPolicy, cmd: deadlines.PauseClock, now: Date): Out<'DeadlineClockPaused'> {
  const err = stopped(clock);
  if (err) return err;
  if (isPaused(clock)) return new DomainError('already_paused', '时限已中止计算 / the clock is already paused');
  const allowed = spec.pauses.filter((p) => p.event === 'DeadlineClockPaused').flatMap((p) => p.reasons);
  if (!allowed.includes(cmd.reason))
    return new DomainError('pause_not_allowed', `该时限不可因此中止 / this clock cannot be paused for ${cmd.reason}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`);
  return { type: 'DeadlineClockPaused', data: { ...ids(clock), reason: cmd.reason, pausedAt: cstIso(now), ...(cmd.note ? { note: cmd.note } : {}) } };
}

export function decideResume(clock: Clock, cmd: deadlines.ResumeClock, now: Date): Out<'DeadlineClockResumed'> {
  const err = stopped(clock);
  if (err) return err;
  if (!isPaused(clock)) return new DomainError('not_paused', '时限未中止 / the clock is not paused');
  return { type: 'DeadlineClockResumed', data: { ...ids(clock), resumedAt: cstIso(now), ...(cmd.note ? { note: cmd.note } : {}) } };
}

export function decideExtend(clock: Clock, spec: deadlines.ClockPolicy, cmd: deadlines.ExtendClock, actor: Actor): Out<'DeadlineClockExtended'> {
  const err = stopped(clock);
  if (err) return err;
  const rule = spec.extensions.find((e) => e.event === 'DeadlineClockExtended');
  if (!rule) return new DomainError('extension_not_allowed', '该时限不可审批延长 / this clock cannot be extended by approval');
  if (rule.approverRoles && !rule.approverRoles.includes(actor.role)) return new DomainError('approver_role', `须由有权审批者延长 / only ${rule.approverRoles.join(', ')} may extend this clock`);
  const used = clock.extensions.filter((e) => e.event === 'DeadlineClockExtended').reduce((n, e) => n + (e.days ?? 0), 0);
  if (rule.maxTotal !== undefined && used + cmd.days > rule.maxTotal)
    return new DomainError('extension_exceeds_limit', `延长合计不得超过${rule.maxTotal}日 / extensions may add at most ${rule.maxTotal} days (already ${used})`);
  const unit: deadlines.DayUnit = clock.base.kind === 'limit' ? clock.base.unit : 'calendar_days';
  return {
    type: 'DeadlineClockExtended',
    data: { ...ids(clock), days: cmd.days, unit, approvedBy: cmd.approvedBy, reason: cmd.reason, ...(cmd.notifiedAt ? { notifiedAt: cmd.notifiedAt } : {}) },
  };
}
