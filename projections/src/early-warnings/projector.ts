import { ADDRESS_PREFIX } from './queries.js';
import type Database from 'better-sqlite3';
import { intake, mediation, petition, RISK_ORDER, type deadlines, type RiskGrade } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { countingCenters, type AreaLineage, type AreaResolver } from '../tier-views/area.js';
import { chinaDay } from './day.js';
import { DailyCounts } from './daily-counts.js';

/** What the apply below looks at: a rebuild reads only these (`readAll({ types })`). */
export const EARLY_WARNING_EVENT_TYPES: readonly string[] = [
  ...intake.INTAKE_EVENT_TYPES,
  ...petition.PETITION_EVENT_TYPES,
  ...mediation.MEDIATION_EVENT_TYPES,
  ...(['DeadlineMissed', 'DeadlineApproaching'] satisfies deadlines.DeadlineEventType[]),
];

interface CaseLine {
  case_code: string;
  township: string | null;
  county: string | null;
  city: string | null;
  risk: string | null;
}

const MEDIATION_STATUS: Record<string, string | undefined> = {
  MediatorAssigned: 'in_mediation',
  MediationAgreementReached: 'agreed',
  MediationFailed: 'failed',
  MediationRefusedByParty: 'refused',
  MediationClosed: 'closed',
};

/** Deadline events (DeadlineApproaching / DeadlineMissed) as far as warnings need them; their full contract lives with the deadline watcher. */
interface DeadlineData {
  caseCode?: string;
  clock?: string;
  dueAt?: string;
}

export interface EarlyWarningsApply {
  /** Applies a batch inside the caller's transaction. */
  (events: RecordedEvent[]): void;
  /** Writes the daily counts still held (a rebuild's `holdCounts`: call inside the last transaction). */
  flush(): void;
}

/**
 * The early-warning projection's batch apply (inside the runner's transaction, with the checkpoint).
 * Idempotent per event: rows are keyed by case code / event position, so a batch re-applied after
 * a crash before its checkpoint cannot double a counter (the whole transaction rolled back).
 * Daily counts are summed per batch and written once each; `holdCounts` (a rebuild only, into a
 * throw-away file) keeps summing them across batches until `flush()`.
 */
export function earlyWarningsApply(db: Database.Database, areas: AreaResolver, options: { holdCounts?: boolean } = {}): EarlyWarningsApply {
  const insertCase = db.prepare(
    `INSERT OR IGNORE INTO ew_cases (case_code, case_id, kind, area_code, township, county, city, handling_center, category, risk, registered_day)
     VALUES (@case_code, @case_id, @kind, @area_code, @township, @county, @city, @handling_center, @category, NULL, @registered_day)`,
  );
  const caseByCode = db.prepare('SELECT case_code, township, county, city, risk FROM ew_cases WHERE case_code = ?');
  const setRisk = db.prepare('UPDATE ew_cases SET risk = ? WHERE case_code = ?');
  const setHandling = db.prepare('UPDATE ew_cases SET handling_center = ? WHERE case_code = ?');
  const insertParty = db.prepare('INSERT OR IGNORE INTO ew_parties (id_hash, case_code, day) VALUES (?, ?, ?)');
  const bump = db.prepare('INSERT INTO ew_daily (center, day, dim, value, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT (center, day, dim, value) DO UPDATE SET n = n + excluded.n');
  const daily = new DailyCounts();
  const signal = db.prepare('INSERT OR IGNORE INTO ew_signals (position, kind, case_code, township, county, city, day, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const addPending = db.prepare(
    `INSERT OR IGNORE INTO ew_pending_reports (case_code, whistle_id, department_code, department_name, due_at, due_ms, township, county, city)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const reportedIn = db.prepare('DELETE FROM ew_pending_reports WHERE case_code = ? AND whistle_id = ? AND department_code = ?');
  const closeWhistles = db.prepare('DELETE FROM ew_pending_reports WHERE case_code = ?');
  const markBacklog = db.prepare('INSERT OR IGNORE INTO ew_backlog (petition_id, case_code, township, county, city, marked_at, supervised, due_at) VALUES (?, ?, ?, ?, ?, ?, 0, NULL)');
  const listBacklog = db.prepare('UPDATE ew_backlog SET supervised = 1, due_at = ? WHERE petition_id = ?');
  const liftBacklog = db.prepare('UPDATE ew_backlog SET supervised = 0, due_at = NULL WHERE petition_id = ?');
  const resolveBacklog = db.prepare('DELETE FROM ew_backlog WHERE petition_id = ?');
  const openMediation = db.prepare("INSERT OR IGNORE INTO ew_mediations (mediation_id, case_id, case_code, status, opened_at) VALUES (?, ?, ?, 'opened', ?)");
  const setMediation = db.prepare('UPDATE ew_mediations SET status = ? WHERE mediation_id = ?');

  const bumpAll = (l: Pick<AreaLineage, 'township' | 'county' | 'city'>, day: string, dim: string, value: string) => daily.add(countingCenters(l), day, dim, value);
  const lineOf = (caseCode: string) => caseByCode.get(caseCode) as CaseLine | undefined;
  const addSignal = (e: RecordedEvent, kind: string, line: CaseLine, detail: object) =>
    signal.run(Number(e.position), kind, line.case_code, line.township, line.county, line.city, chinaDay(e.occurredAt), e.occurredAt, JSON.stringify(detail));

  const applyIntake = (e: RecordedEvent, ev: NonNullable<ReturnType<typeof intake.decodeIntakeEvent>>) => {
    switch (ev.type) {
      case 'DisputeRegistered': {
        const day = chinaDay(e.occurredAt);
        const d = ev.data;
        const l = areas(d.areaCode);
        insertCase.run({ case_code: d.caseCode, case_id: d.caseId, kind: 'dispute', area_code: d.areaCode, ...l, handling_center: d.centerCode, category: d.category, registered_day: day });
        for (const p of d.parties) {
          if (p.idHash) insertParty.run(p.idHash, d.caseCode, day);
          // The same address in several disputes (e.g. one courtyard's recurring quarrels): a keyed hash, never the address.
          if (p.addressHash) insertParty.run(`${ADDRESS_PREFIX}${p.addressHash}`, d.caseCode, day);
        }
        bumpAll(l, day, 'registered', d.category);
        bumpAll(l, day, 'source', d.source);
        return;
      }
      case 'RiskAssessed': {
        const line = lineOf(ev.data.caseCode);
        if (!line) return;
        const before = line.risk as RiskGrade | null;
        if (before && RISK_ORDER[ev.data.grade] > RISK_ORDER[before]) addSignal(e, 'risk_rise', line, { from: before, to: ev.data.grade });
        setRisk.run(ev.data.grade, ev.data.caseCode);
        return;
      }
      case 'DisputeTakenOn':
        setHandling.run(ev.data.centerCode, ev.data.caseCode);
        return;
      case 'DisputeAssignedDown':
      case 'DisputeEscalated':
        setHandling.run(ev.data.toCenter, ev.data.caseCode);
        return;
      case 'DisputeAssignmentSentBack':
        setHandling.run(ev.data.fromCenter, ev.data.caseCode);
        return;
      case 'WhistleBlown': {
        const line = lineOf(ev.data.caseCode);
        if (!line) return;
        for (const dep of ev.data.departments) {
          addPending.run(ev.data.caseCode, ev.data.whistleId, dep.code, dep.name, ev.data.reportInDueAt, Date.parse(ev.data.reportInDueAt), line.township, line.county, line.city);
        }
        return;
      }
      case 'DepartmentReportedIn':
        reportedIn.run(ev.data.caseCode, ev.data.whistleId, ev.data.departmentCode);
        return;
      case 'DepartmentReleaseDecided':
        // A department released at its request no longer counts as not reporting in.
        if (ev.data.approved) reportedIn.run(ev.data.caseCode, ev.data.whistleId, ev.data.departmentCode);
        return;
      case 'DisputeClosed': {
        // A closed case no longer waits for anyone to report in.
        closeWhistles.run(ev.data.caseCode);
        const line = lineOf(ev.data.caseCode);
        if (line && (ev.data.outcome === 'resolved' || ev.data.outcome === 'partially_resolved')) bumpAll(line, chinaDay(e.occurredAt), 'resolved', ev.data.outcome);
        return;
      }
      default:
        return;
    }
  };

  const applyPetition = (e: RecordedEvent, ev: NonNullable<ReturnType<typeof petition.decodePetitionEvent>>) => {
    const day = chinaDay(e.occurredAt);
    const d = ev.data;
    switch (ev.type) {
      case 'PetitionRegistered': {
        const l = areas(ev.data.areaCode);
        // A petition about a dispute shares its case code: the dispute's row stays, the petitioners join it.
        insertCase.run({ case_code: d.caseCode, case_id: d.petitionId, kind: 'petition', area_code: ev.data.areaCode, ...l, handling_center: ev.data.centerCode, category: null, registered_day: day });
        for (const p of ev.data.petitioners) if (p.idHash) insertParty.run(p.idHash, d.caseCode, day);
        bumpAll(l, day, 'petition', ev.data.channel);
        return;
      }
      case 'PetitionRepeatDetected': {
        const line = lineOf(d.caseCode);
        if (line) addSignal(e, 'repeat_petition', line, { petitionId: d.petitionId, repeatOf: ev.data.repeatOf.map((r) => r.caseCode) });
        return;
      }
      case 'PetitionMarkedBacklog': {
        const line = lineOf(d.caseCode);
        if (line) markBacklog.run(d.petitionId, d.caseCode, line.township, line.county, line.city, e.occurredAt);
        return;
      }
      case 'PetitionListedForSupervision':
        listBacklog.run(ev.data.dueAt, d.petitionId);
        return;
      case 'PetitionSupervisionLifted':
        liftBacklog.run(d.petitionId);
        return;
      case 'PetitionResolved':
        resolveBacklog.run(d.petitionId);
        return;
      default:
        return;
    }
  };

  const apply = (events: RecordedEvent[]) => {
    for (const e of events) {
      const i = intake.decodeIntakeEvent(e);
      if (i) {
        applyIntake(e, i);
        continue;
      }
      const p = petition.decodePetitionEvent(e);
      if (p) {
        applyPetition(e, p);
        continue;
      }
      if (mediation.isMediationEventType(e.type)) {
        const d = e.data as { mediationId: string; caseId: string; caseCode: string };
        if (e.type === 'MediationOpened') openMediation.run(d.mediationId, d.caseId, d.caseCode, e.occurredAt);
        const status = MEDIATION_STATUS[e.type];
        if (status) setMediation.run(status, d.mediationId);
        const line = e.type === 'MediationAgreementReached' ? lineOf(d.caseCode) : undefined;
        if (line) bumpAll(line, chinaDay(e.occurredAt), 'agreement', '*');
        continue;
      }
      if (e.type === 'DeadlineMissed' || e.type === 'DeadlineApproaching') {
        const d = e.data as DeadlineData;
        const caseCode = d.caseCode ?? (e.metadata as { caseCode?: string }).caseCode;
        const line = caseCode ? lineOf(caseCode) : undefined;
        if (line) addSignal(e, e.type === 'DeadlineMissed' ? 'deadline_missed' : 'deadline_approaching', line, { clock: d.clock ?? null, dueAt: d.dueAt ?? null });
      }
    }
    if (!options.holdCounts) daily.writeTo(bump);
  };
  apply.flush = () => daily.writeTo(bump);
  return apply;
}
