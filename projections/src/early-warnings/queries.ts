import type Database from 'better-sqlite3';
import type { RegionDirectory, Tier } from '@zz/contracts';
import { DAY_MS, dayRange, daysBefore } from './day.js';
import type { WarningThresholds } from './thresholds.js';

/** ew_parties holds keyed ID-number hashes and, under this prefix, keyed address hashes. */
export const ADDRESS_PREFIX = 'addr:';

export type WarningKind = 'same_party' | 'same_address' | 'hot_spot' | 'risk_rise' | 'repeat_petition' | 'report_in_overdue' | 'deadline_missed';

/** One early warning, as the command center lists it. Never personal data: case codes, area codes, categories, counts. */
export interface Warning {
  kind: WarningKind;
  /** Stable key of this warning (the same situation keeps the same key while it lasts). */
  key: string;
  severity: 'high' | 'medium';
  /** The township (or the lowest known center) the warning is about. */
  areaCode: string | null;
  caseCodes: string[];
  /** Kind-specific facts: counts, categories, grades, department codes. */
  detail: Record<string, unknown>;
  at: string;
}

const AREA_COLUMN: Record<Tier, 'township' | 'county' | 'city' | undefined> = { township: 'township', county: 'county', city: 'city', grid: undefined };

/** The lineage column that equals `center` for a case in its area. */
export function areaColumnOf(regions: RegionDirectory, center: string): 'township' | 'county' | 'city' {
  const tier = regions.get(center)?.tier;
  const col = tier ? AREA_COLUMN[tier] : undefined;
  if (!col) throw new Error(`not a center: ${center}`);
  return col;
}

const stmts = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = stmts.get(db);
  if (!m) stmts.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Townships in a center's area (the center itself when it is one). */
function townshipsIn(regions: RegionDirectory, center: string): string[] {
  const r = regions.get(center);
  if (!r) return [];
  if (r.tier === 'township') return [r.code];
  return regions.children(center).flatMap((c) => townshipsIn(regions, c.code));
}

/** Every early warning for a center's area at `now`, most severe first. */
export function warnings(db: Database.Database, regions: RegionDirectory, q: { center: string; now: Date; thresholds: WarningThresholds; limit?: number }): Warning[] {
  const { center, now, thresholds: t } = q;
  const col = areaColumnOf(regions, center);
  const out: Warning[] = [];

  // 1. The same party in several cases within the window (by keyed ID-number hash).
  const partySince = daysBefore(now, t.samePartyWindowDays - 1);
  const parties = stmt(
    db,
    `SELECT p.id_hash AS h, group_concat(p.case_code) AS codes, count(*) AS n, max(p.day) AS last, min(c.township) AS township
     FROM ew_parties p JOIN ew_cases c ON c.case_code = p.case_code
     WHERE p.day >= ? AND c.${col} = ? GROUP BY p.id_hash HAVING count(*) >= ? ORDER BY n DESC LIMIT 200`,
  ).all(partySince, center, t.samePartyMinCases) as { h: string; codes: string; n: number; last: string; township: string | null }[];
  for (const p of parties) {
    const address = p.h.startsWith(ADDRESS_PREFIX);
    const h = address ? p.h.slice(ADDRESS_PREFIX.length) : p.h;
    const kind = address ? 'same_address' : 'same_party';
    out.push({
      kind,
      // The hash is already keyed (HMAC); only a prefix is shown, as a label for "this person" or "this address".
      key: `${kind}:${h.slice(0, 12)}`,
      severity: p.n >= t.samePartyMinCases * 2 ? 'high' : 'medium',
      areaCode: p.township,
      caseCodes: p.codes.split(',').sort(),
      detail: { cases: p.n, windowDays: t.samePartyWindowDays, partyLabel: h.slice(0, 8) },
      at: p.last,
    });
  }

  // 2. A hot spot: many disputes of one category in one township within the window.
  const towns = townshipsIn(regions, center);
  if (towns.length > 0) {
    const hotSince = daysBefore(now, t.hotSpotWindowDays - 1);
    const hot = stmt(
      db,
      `SELECT center, value AS category, sum(n) AS n, max(day) AS last FROM ew_daily
       WHERE dim = 'registered' AND day >= ? AND center IN (SELECT value FROM json_each(?))
       GROUP BY center, value HAVING sum(n) >= ? ORDER BY n DESC LIMIT 200`,
    ).all(hotSince, JSON.stringify(towns), t.hotSpotMinCases) as { center: string; category: string; n: number; last: string }[];
    for (const h of hot) {
      out.push({
        kind: 'hot_spot',
        key: `hot_spot:${h.center}:${h.category}`,
        severity: h.n >= t.hotSpotMinCases * 2 ? 'high' : 'medium',
        areaCode: h.center,
        caseCodes: [],
        detail: { category: h.category, cases: h.n, windowDays: t.hotSpotWindowDays },
        at: h.last,
      });
    }
  }

  // 3. Signals: risk rises, repeat petitions, missed deadlines.
  const signalSince = daysBefore(now, t.signalWindowDays - 1);
  const signals = stmt(
    db,
    `SELECT position, kind, case_code, township, at, detail FROM ew_signals
     WHERE kind IN ('risk_rise', 'repeat_petition', 'deadline_missed') AND day >= ? AND ${col} = ? ORDER BY position DESC LIMIT 500`,
  ).all(signalSince, center) as { position: number; kind: WarningKind; case_code: string; township: string | null; at: string; detail: string }[];
  for (const s of signals) {
    const detail = JSON.parse(s.detail) as Record<string, unknown>;
    out.push({
      kind: s.kind,
      key: `${s.kind}:${s.position}`,
      severity: s.kind === 'risk_rise' && detail.to === 'red' ? 'high' : s.kind === 'deadline_missed' ? 'high' : 'medium',
      areaCode: s.township,
      caseCodes: [s.case_code, ...((detail.repeatOf as string[] | undefined) ?? [])].filter((c, i, a) => a.indexOf(c) === i),
      detail,
      at: s.at,
    });
  }

  // 4. Departments whistled in that have not reported in by their due time (+ grace).
  const lapsedBefore = now.getTime() - t.reportInGraceHours * 3600_000;
  for (const r of pendingReports(db, regions, { center, dueBefore: lapsedBefore, limit: 200 })) {
    out.push({
      kind: 'report_in_overdue',
      key: `report_in_overdue:${r.caseCode}:${r.whistleId}:${r.departmentCode}`,
      severity: now.getTime() - Date.parse(r.dueAt) > DAY_MS ? 'high' : 'medium',
      areaCode: r.township,
      caseCodes: [r.caseCode],
      detail: { departmentCode: r.departmentCode, departmentName: r.departmentName, dueAt: r.dueAt },
      at: r.dueAt,
    });
  }

  const rank = (w: Warning) => (w.severity === 'high' ? 0 : 1);
  out.sort((a, b) => rank(a) - rank(b) || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return out.slice(0, q.limit ?? 200);
}

export interface PendingReport {
  caseCode: string;
  whistleId: string;
  departmentCode: string;
  departmentName: string;
  dueAt: string;
  township: string | null;
}

/** Whistled departments still to report in (吹哨待报到), soonest due first; `dueBefore` keeps only lapsed ones. */
export function pendingReports(db: Database.Database, regions: RegionDirectory, q: { center: string; dueBefore?: number; limit?: number }): PendingReport[] {
  const col = areaColumnOf(regions, q.center);
  const rows = stmt(
    db,
    `SELECT case_code, whistle_id, department_code, department_name, due_at, township FROM ew_pending_reports
     WHERE ${col} = ? AND due_ms < ? ORDER BY due_ms LIMIT ?`,
  ).all(q.center, q.dueBefore ?? Number.MAX_SAFE_INTEGER, q.limit ?? 100) as {
    case_code: string;
    whistle_id: string;
    department_code: string;
    department_name: string;
    due_at: string;
    township: string | null;
  }[];
  return rows.map((r) => ({ caseCode: r.case_code, whistleId: r.whistle_id, departmentCode: r.department_code, departmentName: r.department_name, dueAt: r.due_at, township: r.township }));
}

export interface BacklogItem {
  petitionId: string;
  caseCode: string;
  township: string | null;
  markedAt: string;
  supervised: boolean;
  dueAt: string | null;
}

/** Backlog petitions (积案) in the area; `supervisedOnly` keeps those listed for supervision (挂牌督办). */
export function backlog(db: Database.Database, regions: RegionDirectory, q: { center: string; supervisedOnly?: boolean; limit?: number }): BacklogItem[] {
  const col = areaColumnOf(regions, q.center);
  const rows = stmt(
    db,
    `SELECT petition_id, case_code, township, marked_at, supervised, due_at FROM ew_backlog
     WHERE ${col} = ? AND supervised >= ? ORDER BY supervised DESC, coalesce(due_at, '9999') LIMIT ?`,
  ).all(q.center, q.supervisedOnly ? 1 : 0, q.limit ?? 100) as { petition_id: string; case_code: string; township: string | null; marked_at: string; supervised: number; due_at: string | null }[];
  return rows.map((r) => ({ petitionId: r.petition_id, caseCode: r.case_code, township: r.township, markedAt: r.marked_at, supervised: r.supervised === 1, dueAt: r.due_at }));
}

export interface Activity {
  days: string[];
  /** Disputes registered per day (all categories). */
  registered: number[];
  resolved: number[];
  agreements: number[];
  petitions: number[];
  /** Totals over the window. */
  byCategory: Record<string, number>;
  bySource: Record<string, number>;
  today: { registered: number; resolved: number; agreements: number; petitions: number };
}

/** Per-day activity of a center's area over the last `days` China-time days (trends, "new today"). */
export function activity(db: Database.Database, q: { center: string; now: Date; days: number }): Activity {
  const days = dayRange(q.now, q.days);
  const index = new Map(days.map((d, i) => [d, i]));
  const zero = () => days.map(() => 0);
  const out: Activity = {
    days,
    registered: zero(),
    resolved: zero(),
    agreements: zero(),
    petitions: zero(),
    byCategory: {},
    bySource: {},
    today: { registered: 0, resolved: 0, agreements: 0, petitions: 0 },
  };
  const rows = stmt(db, 'SELECT day, dim, value, n FROM ew_daily WHERE center = ? AND day >= ? AND day <= ?').all(q.center, days[0], days[days.length - 1]) as {
    day: string;
    dim: string;
    value: string;
    n: number;
  }[];
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    if (r.dim === 'registered') {
      out.registered[i]! += r.n;
      out.byCategory[r.value] = (out.byCategory[r.value] ?? 0) + r.n;
    } else if (r.dim === 'source') out.bySource[r.value] = (out.bySource[r.value] ?? 0) + r.n;
    else if (r.dim === 'resolved') out.resolved[i]! += r.n;
    else if (r.dim === 'agreement') out.agreements[i]! += r.n;
    else if (r.dim === 'petition') out.petitions[i]! += r.n;
  }
  const last = days.length - 1;
  out.today = { registered: out.registered[last]!, resolved: out.resolved[last]!, agreements: out.agreements[last]!, petitions: out.petitions[last]! };
  return out;
}

export interface MediationRef {
  mediationId: string;
  caseCode: string;
  status: string;
  openedAt: string;
}

/** Mediation files opened for a dispute, newest first (the desk finds a case's file here). */
export function mediationsOf(db: Database.Database, caseId: string): MediationRef[] {
  const rows = stmt(db, 'SELECT mediation_id, case_code, status, opened_at FROM ew_mediations WHERE case_id = ? ORDER BY opened_at DESC').all(caseId) as {
    mediation_id: string;
    case_code: string;
    status: string;
    opened_at: string;
  }[];
  return rows.map((r) => ({ mediationId: r.mediation_id, caseCode: r.case_code, status: r.status, openedAt: r.opened_at }));
}
