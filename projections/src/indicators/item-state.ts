import type { DeadlineEvent, IntakeEvent, MediationEvent, PetitionEvent } from '@zz/contracts';
import { petitionAnswerDueMs } from './answer-due.js';

const DAY_MS = 86_400_000;

/**
 * The assessment windows the indicators measure against, in calendar days.
 * - A dispute counts as accepted in time when the acceptance decision (accept or decline, with the
 *   channel to use instead) comes within 3 days of registration: no statute sets it; 3 days is the
 *   usual local rule for a 综治中心 window. Changing it needs `npm run rebuild`.
 * - A petition's acceptance decision uses the `withinWindow` its decider recorded (15 days, 信访工作条例 arts. 22–23).
 * - A petition is answered on time by the petition.answer clock's due date: 60 days from acceptance
 *   (art. 34), extended by approved DeadlineClockExtended days and pause-adjusted (answer-due.ts).
 */
export const INDICATOR_WINDOWS = { disputeAcceptanceDays: 3, petitionAnswerDays: 60 } as const;

export interface DisputeState {
  kind: 'dispute';
  registeredAt: string;
  decidedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  satisfaction: string | null;
}
export interface PetitionState {
  kind: 'petition';
  decided: boolean;
  decidedInTime: boolean;
  acceptedAt: string | null;
  answeredAt: string | null;
  resolved: boolean;
  repeat: boolean;
  /** The petition.answer clock's approved extension days and pauses (absent in rows stored before they were kept). */
  answerExtraDays?: number;
  answerPauses?: { from: string; to: string | null }[];
}
export interface MediationState {
  kind: 'mediation';
  /** open | agreement | failed | refused */
  result: string;
}
export type ItemState = DisputeState | PetitionState | MediationState;

/** The counters an item adds one to, by its current state. Pure. */
export function metricsOf(s: ItemState): string[] {
  const out: string[] = [];
  const count = (metric: string, num: boolean) => {
    out.push(`${metric}.den`);
    if (num) out.push(`${metric}.num`);
  };
  if (s.kind === 'dispute') {
    if (s.decidedAt) count('dispute.acceptance', Date.parse(s.decidedAt) - Date.parse(s.registeredAt) <= INDICATOR_WINDOWS.disputeAcceptanceDays * DAY_MS);
    if (s.closedAt) {
      count('dispute.closure', s.dueAt === null || Date.parse(s.closedAt) <= Date.parse(s.dueAt));
      count('dispute.resolution', s.outcome === 'resolved');
    }
    if (s.satisfaction) count('dispute.satisfaction', s.satisfaction === 'satisfied' || s.satisfaction === 'basically_satisfied');
  } else if (s.kind === 'petition') {
    count('petition.repeat', s.repeat);
    if (s.decided) count('petition.acceptance', s.decidedInTime);
    if (s.answeredAt)
      count(
        'petition.closure',
        s.acceptedAt === null || Date.parse(s.answeredAt) <= petitionAnswerDueMs({ acceptedAt: s.acceptedAt, extraDays: s.answerExtraDays ?? 0, pauses: s.answerPauses ?? [] }, s.answeredAt),
      );
    if (s.acceptedAt) count('petition.resolution', s.resolved);
  } else if (s.result !== 'open') {
    count('mediation.success', s.result === 'agreement');
  }
  return out.sort();
}

/** Next state of a dispute (undefined: not registered yet). Pure. */
export function evolveDispute(s: DisputeState | undefined, e: IntakeEvent, at: string): DisputeState | undefined {
  if (e.type === 'DisputeRegistered') return s ?? { kind: 'dispute', registeredAt: at, decidedAt: null, dueAt: null, closedAt: null, outcome: null, satisfaction: null };
  if (!s) return undefined;
  switch (e.type) {
    case 'DisputeAccepted':
    case 'DisputeDeclined':
      return s.decidedAt ? s : { ...s, decidedAt: at };
    case 'DisputeTakenOn':
    case 'DisputeAssignedDown':
      return { ...s, dueAt: e.data.dueAt };
    case 'DisputeRoutedToMediation':
      return { ...s, dueAt: e.data.plannedEndAt ?? s.dueAt };
    case 'DisputeEscalated':
      return { ...s, dueAt: null };
    case 'DisputeClosed':
      return { ...s, closedAt: at, outcome: e.data.outcome };
    case 'FollowUpVisited':
      return { ...s, satisfaction: e.data.satisfaction };
    case 'DisputeReopened':
      // A reopened case counts again once it is closed again, against its new deadline.
      return { ...s, dueAt: null, closedAt: null, outcome: null, satisfaction: null };
    default:
      return s;
  }
}

export function evolvePetition(s: PetitionState | undefined, e: PetitionEvent): PetitionState | undefined {
  if (e.type === 'PetitionRegistered') return s ?? { kind: 'petition', decided: false, decidedInTime: false, acceptedAt: null, answeredAt: null, resolved: false, repeat: false };
  if (!s) return undefined;
  switch (e.type) {
    case 'PetitionRepeatDetected':
      return { ...s, repeat: true };
    case 'PetitionAccepted':
      return { ...s, decided: true, decidedInTime: e.data.withinWindow, acceptedAt: e.data.decidedAt };
    case 'PetitionDeclined':
      return { ...s, decided: true, decidedInTime: e.data.withinWindow };
    case 'PetitionAnswered':
      return s.answeredAt ? s : { ...s, answeredAt: e.data.answeredAt };
    case 'PetitionResolved':
      return { ...s, resolved: true };
    default:
      return s;
  }
}

export function evolveMediation(s: MediationState | undefined, e: MediationEvent): MediationState | undefined {
  if (e.type === 'MediationOpened') return s ?? { kind: 'mediation', result: 'open' };
  if (!s) return undefined;
  switch (e.type) {
    case 'MediationAgreementReached':
      return { ...s, result: 'agreement' };
    case 'MediationFailed':
      return { ...s, result: 'failed' };
    case 'MediationRefusedByParty':
      return { ...s, result: 'refused' };
    case 'MediationClosed':
      return { ...s, result: e.data.outcome };
    default:
      return s;
  }
}

/** The petition.answer clock's id prefix: its extensions and pauses move the petition's answer due date. */
export const PETITION_ANSWER_CLOCK = 'petition.answer';

/** A deadline event on a petition's answer clock, folded into the petition item. Pure. */
export function evolvePetitionClock(s: PetitionState | undefined, e: DeadlineEvent): PetitionState | undefined {
  if (!s || e.data.policyId !== PETITION_ANSWER_CLOCK) return s;
  const pauses = s.answerPauses ?? [];
  switch (e.type) {
    case 'DeadlineClockExtended':
      return { ...s, answerExtraDays: (s.answerExtraDays ?? 0) + e.data.days };
    case 'DeadlineClockPaused':
      return pauses.some((p) => p.to === null) ? s : { ...s, answerPauses: [...pauses, { from: e.data.pausedAt, to: null }] };
    case 'DeadlineClockResumed':
      return { ...s, answerPauses: pauses.map((p) => (p.to === null ? { ...p, to: e.data.resumedAt } : p)) };
    default:
      return s;
  }
}
