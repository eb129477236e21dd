import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@zz/eventstore';
import { caseEventMeta, decodeFlowEvent, type FlowEvent } from '../flow-views/flow-event.js';
import { eventFacts } from './facts.js';

interface Place {
  flow: string;
  itemId: string;
  areaCode: string;
  handlingCenter: string;
}

/** A flow item's place as its opening event sets it. */
function openedPlace(fe: FlowEvent): Place | undefined {
  if (!fe.event) return undefined;
  const e = fe.event;
  switch (e.type) {
    case 'DisputeRegistered':
      return { flow: 'dispute', itemId: e.data.caseId, areaCode: e.data.areaCode, handlingCenter: e.data.centerCode };
    case 'MediationOpened':
      return { flow: 'mediation', itemId: e.data.mediationId, areaCode: e.data.areaCode, handlingCenter: e.data.handlingCenter };
    case 'ReferredToCourt':
    case 'AgreementSubmittedForConfirmation':
      return { flow: 'referral', itemId: e.data.referralId, areaCode: e.data.areaCode, handlingCenter: e.data.handlingCenter };
    case 'PetitionRegistered':
      return { flow: 'petition', itemId: e.data.petitionId, areaCode: e.data.areaCode, handlingCenter: e.data.centerCode };
    default:
      return undefined;
  }
}

/** The center a routing event hands a dispute to. */
function movedTo(fe: FlowEvent): { caseId: string; center: string } | undefined {
  if (fe.flow !== 'dispute' || !fe.event) return undefined;
  const e = fe.event;
  if (e.type === 'DisputeTakenOn') return { caseId: e.data.caseId, center: e.data.centerCode };
  if (e.type === 'DisputeAssignedDown' || e.type === 'DisputeEscalated') return { caseId: e.data.caseId, center: e.data.toCenter };
  if (e.type === 'DisputeAssignmentSentBack') return { caseId: e.data.caseId, center: e.data.fromCenter };
  return undefined;
}

/**
 * The timeline's batch apply (inside the caller's transaction): one row per event of a case
 * stream, whatever its type, and each flow item's place for jurisdiction. Idempotent: an event
 * whose position is already in the table changes nothing.
 */
export function timelineApply(db: Database.Database): (events: RecordedEvent[]) => void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO timeline (position, case_code, flow, stream_id, revision, type, occurred_at, actor_user, actor_role, actor_center, facts, sealed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const place = db.prepare('INSERT OR IGNORE INTO case_places (case_code, flow, item_id, area_code, handling_center) VALUES (?, ?, ?, ?, ?)');
  const move = db.prepare("UPDATE case_places SET handling_center = ? WHERE case_code = ? AND flow = 'dispute' AND item_id = ?");
  return (events) => {
    for (const r of events) {
      const fe = decodeFlowEvent(r);
      if (!fe) continue;
      const meta = caseEventMeta(r);
      if (!meta) continue;
      const { facts, sealed } = eventFacts(fe);
      const { changes } = insert.run(
        Number(r.position),
        meta.caseCode,
        fe.flow,
        r.streamId,
        Number(r.revision),
        r.type,
        r.occurredAt,
        meta.actor.userId,
        meta.actor.role,
        meta.actor.centerCode,
        JSON.stringify(facts),
        sealed ? JSON.stringify(sealed) : null,
      );
      if (changes === 0) continue; // already applied
      const opened = openedPlace(fe);
      if (opened) place.run(meta.caseCode, opened.flow, opened.itemId, opened.areaCode, opened.handlingCenter);
      const moved = movedTo(fe);
      if (moved) move.run(moved.center, meta.caseCode, moved.caseId);
    }
  };
}
