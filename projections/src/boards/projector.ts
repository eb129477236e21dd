import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@zz/eventstore';
import { decodeFlowEvent } from '../flow-views/flow-event.js';
import type { AreaResolver } from '../tier-views/area.js';
import { evolvePetitionRow, type PetitionRow } from './petition-row.js';

export interface WhistleDepartment {
  code: string;
  name: string;
  reportedAt: string | null;
  /** Released by the whistling center at its request (准予退出): no longer pending, not reported in. */
  releasedAt?: string | null;
}

const PETITION_COLUMNS: (keyof PetitionRow)[] = [
  'petition_id',
  'case_code',
  'area_code',
  'township_code',
  'county_code',
  'city_code',
  'center_code',
  'title',
  'channel',
  'subject_area',
  'status',
  'received_at',
  'accepted_at',
  'repeat_of',
  'backlog',
  'backlog_at',
  'leader_user_id',
  'leader_post',
  'leader_assigned_at',
  'signed_by',
  'signed_at',
  'statement_sha256',
  'supervisions',
  'supervision_due',
  'interviews',
  'notices',
  'answered_at',
  'resolved_at',
  'resolution_kind',
  'last_position',
];

/**
 * The boards' batch apply (inside the caller's transaction). Whistles take their area from the
 * dispute's registration; petitions are evolved row by row. Rows remember the last position
 * applied, so re-applying an event changes nothing.
 */
export function boardsApply(db: Database.Database, areas: AreaResolver): (events: RecordedEvent[]) => void {
  const addDispute = db.prepare('INSERT OR IGNORE INTO board_disputes (case_id, case_code, area_code, township_code, county_code, city_code, title) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const dispute = db.prepare('SELECT * FROM board_disputes WHERE case_id = ?');
  const whistle = db.prepare('SELECT departments, last_position FROM whistles WHERE case_id = ? AND whistle_id = ?');
  const putWhistle = db.prepare(
    `INSERT OR REPLACE INTO whistles (case_id, whistle_id, case_code, area_code, township_code, county_code, city_code, title, calling_center, blown_at, report_in_due_at, due_sort, departments, pending, last_position)
     VALUES (@case_id, @whistle_id, @case_code, @area_code, @township_code, @county_code, @city_code, @title, @calling_center, @blown_at, @report_in_due_at, @due_sort, @departments, @pending, @last_position)`,
  );
  const reportIn = db.prepare('UPDATE whistles SET departments = ?, pending = ?, last_position = ? WHERE case_id = ? AND whistle_id = ?');
  const petition = db.prepare('SELECT * FROM board_petitions WHERE petition_id = ?');
  const putPetition = db.prepare(`INSERT OR REPLACE INTO board_petitions (${PETITION_COLUMNS.join(', ')}) VALUES (${PETITION_COLUMNS.map((c) => `@${c}`).join(', ')})`);

  return (events) => {
    for (const r of events) {
      const fe = decodeFlowEvent(r);
      if (!fe?.event) continue;
      const position = Number(r.position);
      if (fe.flow === 'dispute') {
        const e = fe.event;
        if (e.type === 'DisputeRegistered') {
          const a = areas(e.data.areaCode);
          addDispute.run(e.data.caseId, e.data.caseCode, e.data.areaCode, a.township, a.county, a.city, e.data.title);
        } else if (e.type === 'WhistleBlown') {
          const d = dispute.get(e.data.caseId) as
            | { case_code: string; area_code: string; township_code: string | null; county_code: string | null; city_code: string | null; title: string }
            | undefined;
          if (!d) continue;
          const existing = whistle.get(e.data.caseId, e.data.whistleId) as { last_position: number } | undefined;
          if (existing && existing.last_position >= position) continue;
          const departments: WhistleDepartment[] = e.data.departments.map((dep) => ({ code: dep.code, name: dep.name, reportedAt: null }));
          putWhistle.run({
            case_id: e.data.caseId,
            whistle_id: e.data.whistleId,
            case_code: d.case_code,
            area_code: d.area_code,
            township_code: d.township_code,
            county_code: d.county_code,
            city_code: d.city_code,
            title: d.title,
            calling_center: e.data.centerCode,
            blown_at: r.occurredAt,
            report_in_due_at: e.data.reportInDueAt,
            due_sort: Date.parse(e.data.reportInDueAt),
            departments: JSON.stringify(departments),
            pending: departments.length,
            last_position: position,
          });
        } else if (e.type === 'DepartmentReportedIn') {
          const w = whistle.get(e.data.caseId, e.data.whistleId) as { departments: string; last_position: number } | undefined;
          if (!w || w.last_position >= position) continue;
          const departments = (JSON.parse(w.departments) as WhistleDepartment[]).map((dep) =>
            dep.code === e.data.departmentCode && dep.reportedAt === null ? { ...dep, reportedAt: r.occurredAt } : dep,
          );
          reportIn.run(JSON.stringify(departments), departments.filter((dep) => dep.reportedAt === null && !dep.releasedAt).length, position, e.data.caseId, e.data.whistleId);
        } else if (e.type === 'DepartmentReleaseDecided' && e.data.approved) {
          const w = whistle.get(e.data.caseId, e.data.whistleId) as { departments: string; last_position: number } | undefined;
          if (!w || w.last_position >= position) continue;
          const departments = (JSON.parse(w.departments) as WhistleDepartment[]).map((dep) =>
            dep.code === e.data.departmentCode && dep.reportedAt === null ? { ...dep, releasedAt: r.occurredAt } : dep,
          );
          reportIn.run(JSON.stringify(departments), departments.filter((dep) => dep.reportedAt === null && !dep.releasedAt).length, position, e.data.caseId, e.data.whistleId);
        }
      } else if (fe.flow === 'petition') {
        const e = fe.event;
        const row = petition.get(e.data.petitionId) as PetitionRow | undefined;
        if (row && row.last_position >= position) continue;
        const next = evolvePetitionRow(row, e, { occurredAt: r.occurredAt, position }, areas);
        if (next && next !== row) putPetition.run(next);
      }
    }
  };
}
