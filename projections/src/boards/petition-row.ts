import type { PetitionEvent, petition } from '@zz/contracts';
import type { AreaResolver } from '../tier-views/area.js';

/** One row of `board_petitions`, column for column. */
export interface PetitionRow {
  petition_id: string;
  case_code: string;
  area_code: string;
  township_code: string | null;
  county_code: string | null;
  city_code: string | null;
  center_code: string;
  title: string;
  channel: string;
  subject_area: string;
  status: petition.PetitionStatus;
  received_at: string;
  accepted_at: string | null;
  repeat_of: string | null;
  backlog: 0 | 1;
  backlog_at: string | null;
  leader_user_id: string | null;
  leader_post: string | null;
  leader_assigned_at: string | null;
  signed_by: string | null;
  signed_at: string | null;
  statement_sha256: string | null;
  supervisions: string;
  supervision_due: number | null;
  interviews: string;
  notices: string;
  answered_at: string | null;
  resolved_at: string | null;
  resolution_kind: string | null;
  last_position: number;
}

export interface Supervision {
  supervisionId: string;
  supervisingCenter: string;
  dueAt: string;
  listedAt: string;
  liftedAt: string | null;
}

const supervisionsOf = (row: PetitionRow): Supervision[] => JSON.parse(row.supervisions) as Supervision[];
function supervisionPatch(list: Supervision[]): Pick<PetitionRow, 'supervisions' | 'supervision_due'> {
  const due = list.filter((s) => s.liftedAt === null).map((s) => Date.parse(s.dueAt));
  return { supervisions: JSON.stringify(list), supervision_due: due.length ? Math.min(...due) : null };
}
const push = (json: string, item: unknown): string => JSON.stringify([...(JSON.parse(json) as unknown[]), item]);

/** The board's next row for one petition event (undefined: a petition the board never saw registered). Pure. */
export function evolvePetitionRow(row: PetitionRow | undefined, event: PetitionEvent, place: { occurredAt: string; position: number }, areas: AreaResolver): PetitionRow | undefined {
  if (event.type === 'PetitionRegistered') {
    if (row) return row;
    const d = event.data;
    const area = areas(d.areaCode);
    return {
      petition_id: d.petitionId,
      case_code: d.caseCode,
      area_code: d.areaCode,
      township_code: area.township,
      county_code: area.county,
      city_code: area.city,
      center_code: d.centerCode,
      title: d.title,
      channel: d.channel,
      subject_area: d.matter.subjectArea,
      status: 'registered',
      received_at: d.receivedAt,
      accepted_at: null,
      repeat_of: null,
      backlog: 0,
      backlog_at: null,
      leader_user_id: null,
      leader_post: null,
      leader_assigned_at: null,
      signed_by: null,
      signed_at: null,
      statement_sha256: null,
      supervisions: '[]',
      supervision_due: null,
      interviews: '[]',
      notices: '[]',
      answered_at: null,
      resolved_at: null,
      resolution_kind: null,
      last_position: place.position,
    };
  }
  if (!row) return undefined;
  return { ...row, ...patch(row, event, place.occurredAt), last_position: place.position };
}

function patch(row: PetitionRow, event: Exclude<PetitionEvent, { type: 'PetitionRegistered' }>, at: string): Partial<PetitionRow> {
  switch (event.type) {
    case 'PetitionRepeatDetected':
      return { repeat_of: JSON.stringify(event.data.repeatOf.map((r) => ({ petitionId: r.petitionId, caseCode: r.caseCode, basis: r.basis }))) };
    case 'PetitionAccepted':
      return { status: 'accepted', accepted_at: event.data.decidedAt };
    case 'PetitionDeclined':
      return { status: 'declined' };
    case 'PetitionMarkedBacklog':
      return { backlog: 1, backlog_at: at };
    case 'ResponsibleLeaderAssigned':
      return { leader_user_id: event.data.leaderUserId, leader_post: event.data.post, leader_assigned_at: at };
    case 'ResponsibilityStatementSigned':
      return { signed_by: event.data.leaderUserId, signed_at: event.data.signedAt, statement_sha256: event.data.statementSha256 };
    case 'PetitionListedForSupervision': {
      const d = event.data;
      const list = supervisionsOf(row).filter((s) => s.supervisionId !== d.supervisionId);
      list.push({ supervisionId: d.supervisionId, supervisingCenter: d.supervisingCenter, dueAt: d.dueAt, listedAt: at, liftedAt: null });
      return supervisionPatch(list);
    }
    case 'PetitionSupervisionLifted':
      return supervisionPatch(supervisionsOf(row).map((s) => (s.supervisionId === event.data.supervisionId && s.liftedAt === null ? { ...s, liftedAt: at } : s)));
    case 'AdmonishingInterviewHeld':
      return { interviews: push(row.interviews, { interviewingCenter: event.data.interviewingCenter, interviewee: event.data.interviewee, heldAt: event.data.heldAt }) };
    case 'NoticeCirculated':
      return { notices: push(row.notices, { issuingCenter: event.data.issuingCenter, scope: event.data.scope, at }) };
    case 'PetitionAnswered':
      return { status: 'answered', answered_at: event.data.answeredAt };
    case 'PetitionReviewRequested':
      return { status: 'review_requested' };
    case 'PetitionReviewDecided':
      return { status: 'reviewed' };
    case 'PetitionReReviewRequested':
      return { status: 're_review_requested' };
    case 'PetitionReReviewDecided':
      return { status: 're_reviewed' };
    case 'PetitionResolved':
      return { status: 'resolved', resolved_at: at, resolution_kind: event.data.kind };
    case 'PetitionDivertedToLegalChannel':
      return { status: 'diverted' };
  }
}
