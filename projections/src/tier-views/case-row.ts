import { intake, type IntakeEvent } from '@zz/contracts';
import type { AreaResolver } from './area.js';

/** One row of the `cases` table, column for column (snake_case so it binds to SQL directly). */
export interface CaseRow {
  case_id: string;
  case_code: string;
  area_code: string;
  township_code: string | null;
  county_code: string | null;
  city_code: string | null;
  registering_center: string;
  handling_center: string;
  status: intake.DisputeStatus;
  is_open: 0 | 1;
  category: string;
  source: string;
  /** A risk grade, or 'unassessed' until the first assessment. */
  risk: string;
  supervision: string;
  title: string;
  registered_at: string;
  accepted_at: string | null;
  closed_at: string | null;
  due_at: string | null;
  due_sort: number;
  reg_order: number;
  outcome: string | null;
  satisfaction: string | null;
  pending_reports: string | null;
  pending_whistles: number;
  report_in_due_at: string | null;
  revision: number;
  last_position: number;
  parties_sealed: string;
  description_sealed: string;
}

/** Sort key of a case without a deadline: after every dated one. */
export const NO_DUE = Number.MAX_SAFE_INTEGER;
export const UNASSESSED = 'unassessed';

/** Where an event sits in the log. */
export interface EventPlace {
  occurredAt: string;
  revision: bigint;
  position: bigint;
}

interface PendingReport {
  w: string; // whistle id
  d: string; // department code
  due: string; // report-in due (ISO)
}

function setStatus(to: CaseRow, s: intake.DisputeStatus): void {
  to.status = s;
  to.is_open = intake.isOpen(s) ? 1 : 0;
}
function setDue(to: CaseRow, dueAt: string | null): void {
  to.due_at = dueAt;
  to.due_sort = dueAt === null ? NO_DUE : Date.parse(dueAt);
}
function setPending(to: CaseRow, pending: PendingReport[]): void {
  let earliest: PendingReport | undefined;
  for (const p of pending) if (!earliest || Date.parse(p.due) < Date.parse(earliest.due)) earliest = p;
  to.pending_reports = pending.length ? JSON.stringify(pending) : null;
  to.pending_whistles = pending.length;
  to.report_in_due_at = earliest?.due ?? null;
}

const pendingOf = (row: CaseRow): PendingReport[] => (row.pending_reports ? (JSON.parse(row.pending_reports) as PendingReport[]) : []);

/**
 * The view's decision for one intake event: the case's next row, or the same row when the event
 * doesn't change it (or names a case the view never saw registered). Pure.
 */
export function evolveCaseRow(row: CaseRow | undefined, event: IntakeEvent, place: EventPlace, areas: AreaResolver): CaseRow | undefined {
  if (event.type === 'DisputeRegistered') return row ?? registeredRow(event.data, place, areas); // registered once; a second registration of the same id is not ours to apply
  if (!row) return undefined;
  const next = { ...row }; // one copy per event
  changeCaseRow(next, row, event, place);
  return next;
}

/** A case's first row, from its registration. */
export function registeredRow(d: Extract<IntakeEvent, { type: 'DisputeRegistered' }>['data'], place: EventPlace, areas: AreaResolver): CaseRow {
  const area = areas(d.areaCode);
  return {
    case_id: d.caseId,
    case_code: d.caseCode,
    area_code: d.areaCode,
    township_code: area.township,
    county_code: area.county,
    city_code: area.city,
    registering_center: d.centerCode,
    handling_center: d.centerCode,
    status: 'registered',
    is_open: 1,
    category: d.category,
    source: d.source,
    risk: UNASSESSED,
    supervision: 'ordinary',
    title: d.title,
    registered_at: place.occurredAt,
    accepted_at: null,
    closed_at: null,
    due_at: null,
    due_sort: NO_DUE,
    reg_order: -Number(place.position),
    outcome: null,
    satisfaction: null,
    pending_reports: null,
    pending_whistles: 0,
    report_in_due_at: null,
    revision: Number(place.revision),
    last_position: Number(place.position),
    parties_sealed: JSON.stringify(d.parties),
    description_sealed: JSON.stringify(d.description),
  };
}

/**
 * Writes onto `to` the columns a later event (anything but the registration) changes in `row`:
 * its transition, and revision and position, which move with every event, even one that changes
 * nothing else. `to` is a copy of `row` (evolveCaseRow), or `row` itself when the caller alone
 * holds it (a rebuild): every column is read from `row` before it is written.
 */
export function changeCaseRow(to: CaseRow, row: CaseRow, event: Exclude<IntakeEvent, { type: 'DisputeRegistered' }>, place: EventPlace): void {
  transition(to, row, event, place);
  to.revision = Number(place.revision);
  to.last_position = Number(place.position);
}

function transition(to: CaseRow, row: CaseRow, event: Exclude<IntakeEvent, { type: 'DisputeRegistered' }>, place: EventPlace): void {
  switch (event.type) {
    case 'DisputeAccepted':
      setStatus(to, 'accepted');
      to.accepted_at = place.occurredAt;
      return;
    case 'DisputeDeclined':
      setStatus(to, 'declined');
      return;
    case 'RiskAssessed':
      to.risk = event.data.grade;
      to.supervision = event.data.supervision;
      return;
    case 'DisputeTakenOn':
      setStatus(to, 'in_progress');
      setDue(to, event.data.dueAt);
      to.handling_center = event.data.centerCode;
      return;
    case 'DisputeAssignedDown':
      setStatus(to, 'in_progress');
      setDue(to, event.data.dueAt);
      to.handling_center = event.data.toCenter;
      to.supervision = event.data.supervision;
      return;
    case 'DisputeAssignmentSentBack':
      // 退回: back in the assigning center's queue, awaiting its routing again.
      setStatus(to, 'accepted');
      setDue(to, null);
      to.handling_center = event.data.fromCenter;
      return;
    case 'DisputeReturnedForRework':
      setDue(to, event.data.dueAt);
      return;
    case 'DepartmentReleaseDecided': {
      if (!event.data.approved) return;
      const d = event.data;
      const pending = pendingOf(row);
      const left = pending.filter((p) => !(p.w === d.whistleId && p.d === d.departmentCode));
      if (left.length !== pending.length) setPending(to, left);
      return;
    }
    case 'DisputeEscalated':
      // The upper center sets its own deadline when it routes the case.
      setStatus(to, 'escalated');
      setDue(to, null);
      to.handling_center = event.data.toCenter;
      return;
    case 'WhistleBlown': {
      const d = event.data;
      const pending = pendingOf(row).filter((p) => p.w !== d.whistleId);
      for (const dept of d.departments) pending.push({ w: d.whistleId, d: dept.code, due: d.reportInDueAt });
      setStatus(to, 'in_progress');
      setPending(to, pending);
      return;
    }
    case 'DepartmentReportedIn': {
      const d = event.data;
      const pending = pendingOf(row);
      const left = pending.filter((p) => !(p.w === d.whistleId && p.d === d.departmentCode));
      if (left.length !== pending.length) setPending(to, left);
      return;
    }
    case 'DisputeClosed':
      setStatus(to, 'closed');
      to.closed_at = place.occurredAt;
      to.outcome = event.data.outcome;
      return;
    case 'FollowUpVisited':
      setStatus(to, 'followed_up');
      to.satisfaction = event.data.satisfaction;
      return;
    case 'DisputeReopened':
      // The deadline it was closed against is spent; routing after the reopen sets a new one.
      setStatus(to, 'in_progress');
      setDue(to, null);
      to.closed_at = null;
      to.outcome = null;
      to.satisfaction = null;
      return;
    case 'DisputeRoutedToMediation':
      setStatus(to, 'in_progress');
      if (event.data.plannedEndAt) setDue(to, event.data.plannedEndAt);
      return;
    // Reported back by the other flows: the links live in those flows' views; a filing closes the case with its own DisputeClosed.
    case 'MediationLinked':
    case 'MediationOutcomeRecorded':
    case 'DisputeAwaitingReferral':
    case 'ReferralLinked':
    case 'CourtOutcomeRecorded':
    case 'CaseFiledInCourt':
    case 'PetitionLinked':
      return;
  }
}

/**
 * Counter dimensions. `due_day` counts open cases with a deadline by the UTC day it falls on, so
 * "how many are overdue at now" sums a few hundred day buckets instead of counting cases.
 */
export const COUNT_DIMS = ['status', 'category', 'risk', 'source', 'due_day'] as const;
export type CountDim = (typeof COUNT_DIMS)[number];

export const DAY_MS = 86_400_000;
/** Day number as a fixed-width string, so day buckets compare correctly as text. */
export const dueDayKey = (ms: number): string => String(Math.floor(ms / DAY_MS)).padStart(7, '0');

/** The bucket a row falls into per dimension; null: not counted in that dimension. */
export function bucketOf(row: CaseRow, dim: CountDim): string | null {
  if (dim === 'due_day') return row.is_open === 1 && row.due_sort !== NO_DUE ? dueDayKey(row.due_sort) : null;
  return row[dim];
}
