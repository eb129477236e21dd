import type Database from 'better-sqlite3';
import { mediation, petition, referral, type MediationEvent, type PetitionEvent, type ReferralEvent } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { countingCenters, type AreaResolver } from './area.js';

/**
 * The tier views' counts of the other flows' files per center area: mediations, pre-litigation
 * referrals and petitions, each by state. One row per file in `flow_items` (its area and state),
 * counters in `case_counts` under their own dimensions, moved by differences like the dispute counts.
 */
export const FLOW_ITEMS_DDL = `
CREATE TABLE IF NOT EXISTS flow_items (
  item_id       TEXT PRIMARY KEY,
  flow          TEXT NOT NULL,
  case_code     TEXT NOT NULL,
  township_code TEXT,
  county_code   TEXT,
  city_code     TEXT,
  state         TEXT NOT NULL,
  last_position INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Counter dimensions of the other flows (values: the buckets below). */
export const FLOW_DIMS = ['mediation', 'referral', 'petition', 'petition_mark'] as const;

export type MediationBucket = 'open' | 'agreement' | 'failed' | 'refused';
export type FlowItemState =
  | { flow: 'mediation'; bucket: MediationBucket }
  | { flow: 'referral'; status: referral.ReferralStatus }
  | { flow: 'petition'; status: petition.PetitionStatus; backlog: boolean; supervisions: string[] };

/** The (dimension, value) counters a file adds one to. Pure. */
export function flowBuckets(s: FlowItemState): [string, string][] {
  if (s.flow === 'mediation') return [['mediation', s.bucket]];
  if (s.flow === 'referral') return [['referral', s.status]];
  const out: [string, string][] = [['petition', s.status]];
  const open = s.status !== 'resolved' && s.status !== 'declined' && s.status !== 'diverted';
  if (open && s.backlog) out.push(['petition_mark', 'backlog']);
  if (open && s.supervisions.length) out.push(['petition_mark', 'supervised']);
  return out;
}

function evolveMediation(s: FlowItemState | undefined, e: MediationEvent): FlowItemState | undefined {
  if (e.type === 'MediationOpened') return s ?? { flow: 'mediation', bucket: 'open' };
  if (s?.flow !== 'mediation') return undefined;
  switch (e.type) {
    case 'MediationAgreementReached':
      return { ...s, bucket: 'agreement' };
    case 'MediationFailed':
      return { ...s, bucket: 'failed' };
    case 'MediationRefusedByParty':
      return { ...s, bucket: 'refused' };
    case 'MediationClosed':
      return { ...s, bucket: e.data.outcome };
    default:
      return s;
  }
}

const REFERRAL_STATUS_AFTER: Partial<Record<ReferralEvent['type'], referral.ReferralStatus>> = {
  ReferralAccepted: 'in_mediation',
  ReferralSettled: 'settled',
  ReferralFailed: 'failed',
  JudicialConfirmationApplied: 'confirmation_applied',
  ConfirmationApplicationAccepted: 'confirmation_accepted',
  ConfirmationApplicationRefused: 'confirmation_refused',
  JudicialConfirmationGranted: 'confirmed',
  JudicialConfirmationRejected: 'confirmation_rejected',
  CaseFiled: 'filed',
};
function evolveReferral(s: FlowItemState | undefined, e: ReferralEvent): FlowItemState | undefined {
  if (e.type === 'ReferredToCourt') return s ?? { flow: 'referral', status: 'referred' };
  if (e.type === 'AgreementSubmittedForConfirmation') return s ?? { flow: 'referral', status: 'confirmation_applied' };
  if (s?.flow !== 'referral') return undefined;
  const status = REFERRAL_STATUS_AFTER[e.type];
  return status ? { ...s, status } : s;
}

const PETITION_STATUS_AFTER: Partial<Record<PetitionEvent['type'], petition.PetitionStatus>> = {
  PetitionAccepted: 'accepted',
  PetitionDeclined: 'declined',
  PetitionAnswered: 'answered',
  PetitionReviewRequested: 'review_requested',
  PetitionReviewDecided: 'reviewed',
  PetitionReReviewRequested: 're_review_requested',
  PetitionReReviewDecided: 're_reviewed',
  PetitionResolved: 'resolved',
  PetitionDivertedToLegalChannel: 'diverted',
};
function evolvePetition(s: FlowItemState | undefined, e: PetitionEvent): FlowItemState | undefined {
  if (e.type === 'PetitionRegistered') return s ?? { flow: 'petition', status: 'registered', backlog: false, supervisions: [] };
  if (s?.flow !== 'petition') return undefined;
  if (e.type === 'PetitionMarkedBacklog') return { ...s, backlog: true };
  if (e.type === 'PetitionListedForSupervision') return { ...s, supervisions: [...s.supervisions.filter((id) => id !== e.data.supervisionId), e.data.supervisionId] };
  if (e.type === 'PetitionSupervisionLifted') return { ...s, supervisions: s.supervisions.filter((id) => id !== e.data.supervisionId) };
  const status = PETITION_STATUS_AFTER[e.type];
  return status ? { ...s, status } : s;
}

interface Step {
  id: string;
  flow: string;
  caseCode: string;
  areaCode?: string;
  next: (s: FlowItemState | undefined) => FlowItemState | undefined;
}

function stepOf(r: RecordedEvent): Step | undefined {
  if (r.streamId.startsWith(mediation.MEDIATION_STREAM_PREFIX)) {
    const e = mediation.decodeMediationEvent(r);
    if (!e) return undefined;
    return { id: e.data.mediationId, flow: 'mediation', caseCode: e.data.caseCode, ...(e.type === 'MediationOpened' ? { areaCode: e.data.areaCode } : {}), next: (s) => evolveMediation(s, e) };
  }
  if (r.streamId.startsWith(referral.REFERRAL_STREAM_PREFIX)) {
    const e = referral.decodeReferralEvent(r);
    if (!e) return undefined;
    return {
      id: e.data.referralId,
      flow: 'referral',
      caseCode: e.data.caseCode,
      ...(e.type === 'ReferredToCourt' || e.type === 'AgreementSubmittedForConfirmation' ? { areaCode: e.data.areaCode } : {}),
      next: (s) => evolveReferral(s, e),
    };
  }
  if (r.streamId.startsWith(petition.PETITION_STREAM_PREFIX)) {
    const e = petition.decodePetitionEvent(r);
    if (!e) return undefined;
    return { id: e.data.petitionId, flow: 'petition', caseCode: e.data.caseCode, ...(e.type === 'PetitionRegistered' ? { areaCode: e.data.areaCode } : {}), next: (s) => evolvePetition(s, e) };
  }
  return undefined;
}

interface ItemRow {
  item_id: string;
  flow: string;
  case_code: string;
  township_code: string | null;
  county_code: string | null;
  city_code: string | null;
  state: string;
  last_position: number;
}

/** Applies mediation, referral and petition events inside the caller's transaction; other events are ignored. Idempotent per file. */
export function flowStatesApply(db: Database.Database, areas: AreaResolver): (events: RecordedEvent[]) => void {
  db.exec(FLOW_ITEMS_DDL);
  const select = db.prepare('SELECT * FROM flow_items WHERE item_id = ?');
  const put = db.prepare(
    `INSERT OR REPLACE INTO flow_items (item_id, flow, case_code, township_code, county_code, city_code, state, last_position)
     VALUES (@item_id, @flow, @case_code, @township_code, @county_code, @city_code, @state, @last_position)`,
  );
  const bump = db.prepare('INSERT INTO case_counts (center, dim, value, n) VALUES (?, ?, ?, ?) ON CONFLICT (center, dim, value) DO UPDATE SET n = n + excluded.n');
  const dropEmpty = db.prepare('DELETE FROM case_counts WHERE center = ? AND dim = ? AND value = ? AND n = 0');

  return (events) => {
    const deltas = new Map<string, number>();
    for (const r of events) {
      const step = stepOf(r);
      if (!step) continue;
      const row = select.get(step.id) as ItemRow | undefined;
      if (row && row.last_position >= Number(r.position)) continue; // already applied
      const prev = row ? (JSON.parse(row.state) as FlowItemState) : undefined;
      const next = step.next(prev);
      if (!next) continue;
      let place: Pick<ItemRow, 'township_code' | 'county_code' | 'city_code'>;
      if (row) place = row;
      else if (step.areaCode) {
        const a = areas(step.areaCode);
        place = { township_code: a.township, county_code: a.county, city_code: a.city };
      } else continue;
      const centers = countingCenters({ township: place.township_code, county: place.county_code, city: place.city_code });
      for (const [buckets, sign] of [
        [prev ? flowBuckets(prev) : [], -1],
        [flowBuckets(next), 1],
      ] as const) {
        for (const [dim, value] of buckets) for (const c of centers) deltas.set(`${c}\u0000${dim}\u0000${value}`, (deltas.get(`${c}\u0000${dim}\u0000${value}`) ?? 0) + sign);
      }
      put.run({ item_id: step.id, flow: step.flow, case_code: row?.case_code ?? step.caseCode, ...place, state: JSON.stringify(next), last_position: Number(r.position) });
    }
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [center, dim, value] = key.split('\u0000') as [string, string, string];
      bump.run(center, dim, value, n);
      if (n < 0) dropEmpty.run(center, dim, value);
    }
  };
}
