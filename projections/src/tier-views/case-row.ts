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

export type Patch = Partial<CaseRow>;

const status = (s: intake.DisputeStatus): Patch => ({ status: s, is_open: intake.isOpen(s) ? 1 : 0 });
const due = (dueAt: string | null): Patch => ({ due_at: dueAt, due_sort: dueAt === null ? NO_DUE : Date.parse(dueAt) });

function pendingPatch(pending: PendingReport[]): Patch {
  let earliest: PendingReport | undefined;
  for (const p of pending) if (!earliest || Date.parse(p.due) < Date.parse(earliest.due)) earliest = p;
  return {
    pending_reports: pending.length ? JSON.stringify(pending) : null,
    pending_whistles: pending.length,
    report_in_due_at: earliest?.due ?? null,
  };
}

const pendingOf = (row: CaseRow): PendingReport[] => (row.pending_reports ? (JSON.parse(row.pending_reports) as PendingReport[]) : []);

/**
 * The view's decision for one intake event: the case's next row, or the same row when the event
 * doesn't change it (or names a case the view never saw registered). Pure.
 */
export function evolveCaseRow(row: CaseRow | undefined, event: IntakeEvent, place: EventPlace, areas: AreaResolver): CaseRow | undefined {
  if (event.type === 'DisputeRegistered') return row ?? registeredRow(event.data, place, areas); // registered once; a second registration of the same id is not ours to apply
  if (!row) return undefined;
  return placeCaseRow({ ...row, ...caseRowChanges(row, event, place) }, place); // one copy per event
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
 * The columns a later event (anything but the registration) changes in an existing row. Pure:
 * `evolveCaseRow` spreads them over a copy; a rebuild may assign them to a row it alone holds.
 */
export const caseRowChanges = (row: CaseRow, event: Exclude<IntakeEvent, { type: 'DisputeRegistered' }>, place: EventPlace): Patch => transition(row, event, place);

/** Revision and position move with every event, even one that changes nothing else. Sets them on `row` and returns it. */
export function placeCaseRow(row: CaseRow, place: EventPlace): CaseRow {
  row.revision = Number(place.revision);
  row.last_position = Number(place.position);
  return row;
}

/** The columns an event changes. */
function transition(row: CaseRow, event: Exclude<IntakeEvent, { type: 'DisputeRegistered' }>, place: EventPlace): Patch {
  switch (event.type) {
    case 'DisputeAccepted':
      return { ...status('accepted'), accepted_at: place.occurredAt };
    case 'DisputeDeclined':
      return status('declined');
    case 'RiskAssessed':
      return { risk: event.data.grade, supervision: event.data.supervision };
    case 'DisputeTakenOn':
      return { ...status('in_progress'), ...due(event.data.dueAt), handling_center: event.data.centerCode };
    case 'DisputeAssignedDown':
      return { ...status('in_progress'), ...due(event.data.dueAt), handling_center: event.data.toCenter, supervision: event.data.supervision };
    case 'DisputeEscalated':
      // The upper center sets its own deadline when it routes the case.
      return { ...status('escalated'), ...due(null), handling_center: event.data.toCenter };
    case 'WhistleBlown': {
      const d = event.data;
      const pending = pendingOf(row).filter((p) => p.w !== d.whistleId);
      for (const dept of d.departments) pending.push({ w: d.whistleId, d: dept.code, due: d.reportInDueAt });
      return { ...status('in_progress'), ...pendingPatch(pending) };
    }
    case 'DepartmentReportedIn': {
      const d = event.data;
      const pending = pendingOf(row);
      const left = pending.filter((p) => !(p.w === d.whistleId && p.d === d.departmentCode));
      return left.length === pending.length ? {} : pendingPatch(left);
    }
    case 'DisputeClosed':
      return { ...status('closed'), closed_at: place.occurredAt, outcome: event.data.outcome };
    case 'FollowUpVisited':
      return { ...status('followed_up'), satisfaction: event.data.satisfaction };
    case 'DisputeReopened':
      // The deadline it was closed against is spent; routing after the reopen sets a new one.
      return { ...status('in_progress'), ...due(null), closed_at: null, outcome: null, satisfaction: null };
    case 'DisputeRoutedToMediation':
      return { ...status('in_progress'), ...(event.data.plannedEndAt ? due(event.data.plannedEndAt) : {}) };
    // Reported back by the other flows: the links live in those flows' views; a filing closes the case with its own DisputeClosed.
    case 'MediationLinked':
    case 'MediationOutcomeRecorded':
    case 'DisputeAwaitingReferral':
    case 'ReferralLinked':
    case 'CourtOutcomeRecorded':
    case 'CaseFiledInCourt':
    case 'PetitionLinked':
      return {};
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
