import type Database from 'better-sqlite3';
import type { RegionDirectory, petition } from '@zz/contracts';
import { areaColumnOf } from '../flow-views/area-column.js';
import type { WhistleDepartment } from './projector.js';
import type { PetitionRow, Supervision } from './petition-row.js';

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

// ---- whistle board -------------------------------------------------------------------------------

export interface WhistleItem {
  caseId: string;
  caseCode: string;
  title: string;
  areaCode: string;
  whistleId: string;
  callingCenter: string;
  blownAt: string;
  reportInDueAt: string;
  /** Departments still to report in and the report-in date has passed (at the `now` asked with). */
  overdue: boolean;
  pendingDepartments: { code: string; name: string }[];
  reportedDepartments: { code: string; name: string; reportedAt: string }[];
  /** Released at their request by the whistling center (准予退出). */
  releasedDepartments: { code: string; name: string; releasedAt: string }[];
}

export interface WhistleBoard {
  center: string;
  /** Whistles with departments still to report in / of those, past their report-in date / departments still to report in. */
  pendingWhistles: number;
  overdueWhistles: number;
  pendingDepartments: number;
  items: WhistleItem[];
}

interface WhistleRow {
  case_id: string;
  whistle_id: string;
  case_code: string;
  area_code: string;
  title: string;
  calling_center: string;
  blown_at: string;
  report_in_due_at: string;
  due_sort: number;
  departments: string;
  pending: number;
}

function toWhistleItem(r: WhistleRow, now: Date): WhistleItem {
  const deps = JSON.parse(r.departments) as WhistleDepartment[];
  return {
    caseId: r.case_id,
    caseCode: r.case_code,
    title: r.title,
    areaCode: r.area_code,
    whistleId: r.whistle_id,
    callingCenter: r.calling_center,
    blownAt: r.blown_at,
    reportInDueAt: r.report_in_due_at,
    overdue: r.pending > 0 && r.due_sort < now.getTime(),
    pendingDepartments: deps.filter((d) => d.reportedAt === null && !d.releasedAt).map((d) => ({ code: d.code, name: d.name })),
    releasedDepartments: deps.flatMap((d) => (d.releasedAt ? [{ code: d.code, name: d.name, releasedAt: d.releasedAt }] : [])),
    reportedDepartments: deps.flatMap((d) => (d.reportedAt === null ? [] : [{ code: d.code, name: d.name, reportedAt: d.reportedAt }])),
  };
}

/**
 * Whistles in a center's area with departments still to report in, report-in date soonest first
 * (overdue ones lead). `all` also lists whistles every department has answered.
 */
export function whistleBoard(db: Database.Database, regions: RegionDirectory, q: { center: string; now: Date; overdueOnly?: boolean; all?: boolean; limit?: number }): WhistleBoard {
  const col = areaColumnOf(regions, q.center);
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 200), 1), 1000);
  const nowMs = q.now.getTime();
  const counts = stmt(db, `SELECT count(*) AS whistles, coalesce(sum(pending), 0) AS departments, coalesce(sum(due_sort < ?), 0) AS overdue FROM whistles WHERE ${col} = ? AND pending > 0`).get(
    nowMs,
    q.center,
  ) as { whistles: number; departments: number; overdue: number };
  const where = [`${col} = ?`];
  const params: (string | number)[] = [q.center];
  if (!q.all || q.overdueOnly) where.push('pending > 0');
  if (q.overdueOnly) where.push('due_sort < ?'), params.push(nowMs);
  const rows = stmt(db, `SELECT * FROM whistles WHERE ${where.join(' AND ')} ORDER BY pending = 0, due_sort, case_id, whistle_id LIMIT ?`).all(...params, limit) as WhistleRow[];
  return { center: q.center, pendingWhistles: counts.whistles, overdueWhistles: counts.overdue, pendingDepartments: counts.departments, items: rows.map((r) => toWhistleItem(r, q.now)) };
}

// ---- backlog board -------------------------------------------------------------------------------

export interface BacklogItem {
  petitionId: string;
  caseCode: string;
  title: string;
  areaCode: string;
  centerCode: string;
  channel: string;
  subjectArea: string;
  status: petition.PetitionStatus;
  receivedAt: string;
  acceptedAt: string | null;
  backlogAt: string | null;
  repeatOf: { petitionId: string; caseCode: string; basis: string }[];
  leader: { userId: string; post: string | null; assignedAt: string | null } | null;
  /** 签字背书 by the current leader: who, when and the SHA-256 of the signed text; null until signed. */
  signOff: { signedBy: string; signedAt: string; statementSha256: string } | null;
  signedByCurrentLeader: boolean;
  supervision: {
    /** Listed and not lifted. */
    active: (Supervision & { overdue: boolean })[];
    lifted: Supervision[];
  };
  interviews: { interviewingCenter: string; interviewee: string; heldAt: string }[];
  notices: { issuingCenter: string; scope: string; at: string }[];
  answeredAt: string | null;
  resolvedAt: string | null;
  resolutionKind: string | null;
}

export interface BacklogBoard {
  center: string;
  /** Unresolved backlog petitions; of those without a signed statement from their leader; under listed supervision; supervision past due. */
  open: number;
  unsigned: number;
  underSupervision: number;
  supervisionOverdue: number;
  items: BacklogItem[];
}

function toBacklogItem(r: PetitionRow, now: Date): BacklogItem {
  const supervisions = JSON.parse(r.supervisions) as Supervision[];
  const signedByCurrentLeader = r.signed_by !== null && r.signed_by === r.leader_user_id;
  return {
    petitionId: r.petition_id,
    caseCode: r.case_code,
    title: r.title,
    areaCode: r.area_code,
    centerCode: r.center_code,
    channel: r.channel,
    subjectArea: r.subject_area,
    status: r.status,
    receivedAt: r.received_at,
    acceptedAt: r.accepted_at,
    backlogAt: r.backlog_at,
    repeatOf: r.repeat_of ? (JSON.parse(r.repeat_of) as BacklogItem['repeatOf']) : [],
    leader: r.leader_user_id ? { userId: r.leader_user_id, post: r.leader_post, assignedAt: r.leader_assigned_at } : null,
    signOff: r.signed_by && r.signed_at && r.statement_sha256 ? { signedBy: r.signed_by, signedAt: r.signed_at, statementSha256: r.statement_sha256 } : null,
    signedByCurrentLeader,
    supervision: {
      active: supervisions.filter((s) => s.liftedAt === null).map((s) => ({ ...s, overdue: r.resolved_at === null && Date.parse(s.dueAt) < now.getTime() })),
      lifted: supervisions.filter((s) => s.liftedAt !== null),
    },
    interviews: JSON.parse(r.interviews) as BacklogItem['interviews'],
    notices: JSON.parse(r.notices) as BacklogItem['notices'],
    answeredAt: r.answered_at,
    resolvedAt: r.resolved_at,
    resolutionKind: r.resolution_kind,
  };
}

/**
 * Backlog petitions (积案) in a center's area: unresolved ones (or all with `includeResolved`),
 * supervision due soonest first, then the oldest backlog.
 */
export function backlogBoard(db: Database.Database, regions: RegionDirectory, q: { center: string; now: Date; includeResolved?: boolean; limit?: number }): BacklogBoard {
  const col = areaColumnOf(regions, q.center);
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 200), 1), 1000);
  const counts = stmt(
    db,
    `SELECT count(*) AS open,
            coalesce(sum(signed_by IS NULL OR leader_user_id IS NULL OR signed_by != leader_user_id), 0) AS unsigned,
            coalesce(sum(supervision_due IS NOT NULL), 0) AS supervised,
            coalesce(sum(supervision_due < ?), 0) AS overdue
       FROM board_petitions WHERE ${col} = ? AND backlog = 1 AND resolved_at IS NULL`,
  ).get(q.now.getTime(), q.center) as { open: number; unsigned: number; supervised: number; overdue: number };
  const rows = stmt(
    db,
    `SELECT * FROM board_petitions WHERE ${col} = ? AND backlog = 1 ${q.includeResolved ? '' : 'AND resolved_at IS NULL'}
      ORDER BY resolved_at IS NOT NULL, supervision_due IS NULL, supervision_due, backlog_at, petition_id LIMIT ?`,
  ).all(q.center, limit) as PetitionRow[];
  return { center: q.center, open: counts.open, unsigned: counts.unsigned, underSupervision: counts.supervised, supervisionOverdue: counts.overdue, items: rows.map((r) => toBacklogItem(r, q.now)) };
}
