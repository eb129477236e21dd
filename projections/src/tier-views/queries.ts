import type Database from 'better-sqlite3';
import {
  CASE_SOURCES,
  DISPUTE_CATEGORIES,
  RISK_GRADES,
  intake,
  petition,
  referral,
  type CaseSource,
  type DisputeCategory,
  type RiskGrade,
  type Sealed,
  type SealedParty,
  type Tier,
} from '@zz/contracts';
import { DAY_MS, NO_DUE, UNASSESSED, dueDayKey, type CaseRow } from './case-row.js';

export type RiskBucket = RiskGrade | typeof UNASSESSED;

/** A case as the tier views show it. Parties and description are still sealed: open them at read time. */
export interface CaseView {
  caseId: string;
  caseCode: string;
  areaCode: string;
  townshipCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  registeringCenter: string;
  handlingCenter: string;
  status: intake.DisputeStatus;
  category: DisputeCategory;
  source: CaseSource;
  risk: RiskBucket;
  supervision: string;
  title: string;
  registeredAt: string;
  acceptedAt: string | null;
  closedAt: string | null;
  dueAt: string | null;
  /** Open and past its due date at the `now` asked with (null when no `now` was given). */
  overdue: boolean | null;
  outcome: string | null;
  satisfaction: string | null;
  /** Departments whistled in that have not reported in yet. */
  pendingReports: { whistleId: string; departmentCode: string; dueAt: string }[];
  pendingWhistles: number;
  reportInDueAt: string | null;
  /** Stream revision of the last event applied (the command API's ETag). */
  revision: bigint;
  /** Global position of the last event applied. */
  lastPosition: bigint;
  parties: SealedParty[];
  description: Sealed;
}

export class UnknownCenterError extends Error {
  constructor(readonly center: string) {
    super(`综治中心不存在 / unknown center ${center}`);
    this.name = 'UnknownCenterError';
  }
}
export class InvalidCursorError extends Error {
  constructor() {
    super('分页游标无效 / invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

// ---- statements, prepared once per database -------------------------------------------------

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

interface CenterRow {
  code: string;
  name: string;
  tier: Tier;
  parent_code: string | null;
}
function center(db: Database.Database, code: string): CenterRow {
  const row = stmt(db, 'SELECT code, name, tier, parent_code FROM centers WHERE code = ?').get(code) as CenterRow | undefined;
  if (!row) throw new UnknownCenterError(code);
  return row;
}
function childCenters(db: Database.Database, code: string): CenterRow[] {
  return stmt(db, 'SELECT code, name, tier, parent_code FROM centers WHERE parent_code = ? ORDER BY code').all(code) as CenterRow[];
}

/** The column holding a case's area at a center's tier: a case is in a center's area when it equals the center. */
const AREA_COLUMN: Record<Tier, string | undefined> = {
  city: 'city_code',
  county: 'county_code',
  township: 'township_code',
  grid: undefined,
};
function areaColumn(c: CenterRow): string {
  const col = AREA_COLUMN[c.tier];
  if (!col) throw new UnknownCenterError(c.code);
  return col;
}

// ---- rows → views ------------------------------------------------------------------------------

export function toCaseView(row: CaseRow, now?: Date): CaseView {
  const pending = row.pending_reports ? (JSON.parse(row.pending_reports) as { w: string; d: string; due: string }[]) : [];
  return {
    caseId: row.case_id,
    caseCode: row.case_code,
    areaCode: row.area_code,
    townshipCode: row.township_code,
    countyCode: row.county_code,
    cityCode: row.city_code,
    registeringCenter: row.registering_center,
    handlingCenter: row.handling_center,
    status: row.status,
    category: row.category as DisputeCategory,
    source: row.source as CaseSource,
    risk: row.risk as RiskBucket,
    supervision: row.supervision,
    title: row.title,
    registeredAt: row.registered_at,
    acceptedAt: row.accepted_at,
    closedAt: row.closed_at,
    dueAt: row.due_at,
    overdue: now ? isOverdue(row, now) : null,
    outcome: row.outcome,
    satisfaction: row.satisfaction,
    pendingReports: pending.map((p) => ({ whistleId: p.w, departmentCode: p.d, dueAt: p.due })),
    pendingWhistles: row.pending_whistles,
    reportInDueAt: row.report_in_due_at,
    revision: BigInt(row.revision),
    lastPosition: BigInt(row.last_position),
    parties: JSON.parse(row.parties_sealed) as SealedParty[],
    description: JSON.parse(row.description_sealed) as Sealed,
  };
}

/** Overdue is a question about time, so it is answered at query time and never stored. */
export function isOverdue(row: Pick<CaseRow, 'is_open' | 'due_sort'>, now: Date): boolean {
  return row.is_open === 1 && row.due_sort !== NO_DUE && row.due_sort < now.getTime();
}

/** True when the case lies in the center's area (the center's own tier or any tier above the case's area). */
export function caseInArea(view: Pick<CaseView, 'townshipCode' | 'countyCode' | 'cityCode'>, centerCode: string): boolean {
  return view.townshipCode === centerCode || view.countyCode === centerCode || view.cityCode === centerCode;
}

// ---- single case -------------------------------------------------------------------------------

export function getCase(db: Database.Database, caseId: string, now?: Date): CaseView | undefined {
  const row = stmt(db, 'SELECT * FROM cases WHERE case_id = ?').get(caseId) as CaseRow | undefined;
  return row && toCaseView(row, now);
}

export function getCaseByCode(db: Database.Database, caseCode: string, now?: Date): CaseView | undefined {
  const row = stmt(db, 'SELECT * FROM cases WHERE case_code = ?').get(caseCode) as CaseRow | undefined;
  return row && toCaseView(row, now);
}

// ---- queue -------------------------------------------------------------------------------------

export interface QueueQuery {
  /** The center whose queue this is (division code). */
  center: string;
  /** `own`: cases the center is handling now. `area` (default): every case whose area lies in the center's area. */
  scope?: 'own' | 'area';
  /** One status; default: every open status (registered, accepted, in_progress, escalated). */
  status?: intake.DisputeStatus;
  category?: DisputeCategory;
  risk?: RiskBucket;
  /** true: only open cases past due at `now`; false: only open cases not past due. */
  overdue?: boolean;
  now: Date;
  /** Page size, 1–500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface QueuePage {
  items: CaseView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const encodeCursor = (row: CaseRow): string => Buffer.from(JSON.stringify([row.due_sort, row.reg_order])).toString('base64url');
function decodeCursor(cursor: string): [number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isSafeInteger(x))) return v as [number, number];
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/**
 * A center's case queue: due soonest first (so overdue cases lead), then cases without a
 * deadline, newest first. Keyset-paged over an index in that order, so every page is a short range scan.
 */
export function queue(db: Database.Database, q: QueueQuery): QueuePage {
  const c = center(db, q.center);
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 500);
  const isOpen = q.status ? intake.isOpen(q.status) : true;
  if (q.overdue !== undefined && !isOpen) return { items: [], nextCursor: null }; // only open cases can be overdue

  const where = [`${q.scope === 'own' ? 'handling_center' : areaColumn(c)} = ?`, 'is_open = ?'];
  const params: (string | number)[] = [c.code, isOpen ? 1 : 0];
  if (q.status) where.push('status = ?'), params.push(q.status);
  if (q.category) where.push('category = ?'), params.push(q.category);
  if (q.risk) where.push('risk = ?'), params.push(q.risk);
  if (q.overdue === true) where.push('due_sort < ?'), params.push(q.now.getTime());
  if (q.overdue === false) where.push('due_sort >= ?'), params.push(q.now.getTime());
  if (q.cursor) where.push('(due_sort, reg_order) > (?, ?)'), params.push(...decodeCursor(q.cursor));
  const sql = `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY due_sort, reg_order LIMIT ?`;
  const rows = stmt(db, sql).all(...params, limit + 1) as CaseRow[];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => toCaseView(r, q.now)), nextCursor: more && last ? encodeCursor(last) : null };
}

/** Open cases past due in the center's area, most overdue first. */
export function overdueList(db: Database.Database, q: { center: string; now: Date; limit?: number }): CaseView[] {
  return queue(db, { center: q.center, scope: 'area', overdue: true, now: q.now, limit: q.limit ?? 100 }).items;
}

// ---- stats -------------------------------------------------------------------------------------

export interface Counts {
  /** Every case in the area, whatever its status. */
  total: number;
  open: number;
  overdue: number;
  byStatus: Record<intake.DisputeStatus, number>;
  byCategory: Record<DisputeCategory, number>;
  byRisk: Record<RiskBucket, number>;
  bySource: Record<CaseSource, number>;
}
/** Mediation files in the area by outcome so far (open: opened or in mediation). */
export interface MediationCounts {
  total: number;
  open: number;
  agreement: number;
  failed: number;
  refused: number;
}
/** Pre-litigation referrals: pending (referred, in court mediation), settled (incl. confirmation applied for), failed, confirmed, confirmation rejected, filed. */
export interface ReferralCounts {
  total: number;
  pending: number;
  settled: number;
  failed: number;
  confirmed: number;
  confirmationRejected: number;
  filed: number;
  byStatus: Record<referral.ReferralStatus, number>;
}
/** Petitions: open (neither resolved, declined nor diverted to the legal channel), of those backlog (积案) and under listed supervision (挂牌督办); resolved; declined. */
export interface PetitionCounts {
  total: number;
  open: number;
  backlog: number;
  underSupervision: number;
  resolved: number;
  declined: number;
  byStatus: Record<petition.PetitionStatus, number>;
}
export interface CenterCounts extends Counts {
  mediations: MediationCounts;
  referrals: ReferralCounts;
  petitions: PetitionCounts;
  center: string;
  name: string;
  tier: Tier;
}
export interface CenterStats extends CenterCounts {
  /** County: its townships; city: its counties; township: none. */
  children: CenterCounts[];
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const STATUSES = intake.DisputeStatus.options;
const CATEGORIES = Object.keys(DISPUTE_CATEGORIES) as DisputeCategory[];
const RISKS = [...(Object.keys(RISK_GRADES) as RiskGrade[]), UNASSESSED] as RiskBucket[];
const SOURCES = Object.keys(CASE_SOURCES) as CaseSource[];
const DIM_FIELD: Record<string, 'byStatus' | 'byCategory' | 'byRisk' | 'bySource' | undefined> = { status: 'byStatus', category: 'byCategory', risk: 'byRisk', source: 'bySource' };

function centerCounts(db: Database.Database, c: CenterRow, now: Date): CenterCounts {
  const out: CenterCounts = {
    center: c.code,
    name: c.name,
    tier: c.tier,
    total: 0,
    open: 0,
    overdue: 0,
    byStatus: zeros(STATUSES),
    byCategory: zeros(CATEGORIES),
    byRisk: zeros(RISKS),
    bySource: zeros(SOURCES),
    mediations: mediationCounts({}),
    referrals: referralCounts({}),
    petitions: petitionCounts({}, {}),
  };
  const rows = stmt(db, "SELECT dim, value, n FROM case_counts WHERE center = ? AND dim != 'due_day'").all(c.code) as { dim: string; value: string; n: number }[];
  const flows: Record<string, Record<string, number>> = { mediation: {}, referral: {}, petition: {}, petition_mark: {} };
  for (const { dim, value, n } of rows) {
    const field = DIM_FIELD[dim];
    if (field) (out[field] as Record<string, number>)[value] = n;
    else if (flows[dim]) flows[dim][value] = n;
  }
  out.mediations = mediationCounts(flows.mediation!);
  out.referrals = referralCounts(flows.referral!);
  out.petitions = petitionCounts(flows.petition!, flows.petition_mark!);
  for (const s of STATUSES) {
    out.total += out.byStatus[s];
    if (intake.isOpen(s)) out.open += out.byStatus[s];
  }
  out.overdue = overdueCount(db, c, now);
  return out;
}

const sum = (m: Record<string, number>, keys: readonly string[]) => keys.reduce((s, k) => s + (m[k] ?? 0), 0);
function mediationCounts(m: Record<string, number>): MediationCounts {
  return { total: sum(m, ['open', 'agreement', 'failed', 'refused']), open: m.open ?? 0, agreement: m.agreement ?? 0, failed: m.failed ?? 0, refused: m.refused ?? 0 };
}
function referralCounts(m: Record<string, number>): ReferralCounts {
  const byStatus = Object.fromEntries(referral.ReferralStatus.options.map((s) => [s, m[s] ?? 0])) as Record<referral.ReferralStatus, number>;
  return {
    total: sum(byStatus, referral.ReferralStatus.options),
    pending: byStatus.referred + byStatus.in_mediation,
    settled: byStatus.settled + byStatus.confirmation_applied,
    failed: byStatus.failed,
    confirmed: byStatus.confirmed,
    confirmationRejected: byStatus.confirmation_rejected,
    filed: byStatus.filed,
    byStatus,
  };
}
function petitionCounts(m: Record<string, number>, marks: Record<string, number>): PetitionCounts {
  const byStatus = Object.fromEntries(petition.PetitionStatus.options.map((s) => [s, m[s] ?? 0])) as Record<petition.PetitionStatus, number>;
  const total = sum(byStatus, petition.PetitionStatus.options);
  return {
    total,
    open: total - byStatus.resolved - byStatus.declined - byStatus.diverted,
    backlog: marks.backlog ?? 0,
    underSupervision: marks.supervised ?? 0,
    resolved: byStatus.resolved,
    declined: byStatus.declined,
    byStatus,
  };
}

/**
 * Open cases past due at `now`: whole days before today from the day buckets, plus an exact count
 * of today's part (a short index range), so the cost doesn't grow with the number of overdue cases.
 */
function overdueCount(db: Database.Database, c: CenterRow, now: Date): number {
  const nowMs = now.getTime();
  const today = dueDayKey(nowMs);
  const before = stmt(db, "SELECT coalesce(sum(n), 0) AS n FROM case_counts WHERE center = ? AND dim = 'due_day' AND value < ?").get(c.code, today) as { n: number };
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const partial = stmt(db, `SELECT count(*) AS n FROM cases WHERE ${areaColumn(c)} = ? AND is_open = 1 AND due_sort >= ? AND due_sort < ?`).get(c.code, dayStart, nowMs) as {
    n: number;
  };
  return before.n + partial.n;
}

/** Counts for a center's area and the same counts for each child center, from the maintained counters. */
export function stats(db: Database.Database, q: { center: string; now: Date }): CenterStats {
  const c = center(db, q.center);
  return { ...centerCounts(db, c, q.now), children: childCenters(db, c.code).map((child) => centerCounts(db, child, q.now)) };
}
