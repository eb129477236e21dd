import { mediation, viewNarrative, type PersonalDataVault, type Role, type Sealed } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { mediationCodec, type LoadedMediation } from './mediation-service.js';

/**
 * A mediation file as a reader sees it: every session, note, extension and outcome, with free text
 * opened at read time for roles that need it (erased → shown as erased, others → restricted).
 */
export function mediationView(loaded: LoadedMediation, vault: PersonalDataVault, role: Role) {
  const s = loaded.state;
  const text = (sealed: Sealed | undefined) => (sealed ? viewNarrative(vault, sealed, role) : null);
  const sessions: unknown[] = [];
  const progress: unknown[] = [];
  const extensions: unknown[] = [];
  const performance: unknown[] = [];
  const mediators: unknown[] = [];
  let refusal: unknown = null;
  let agreement: unknown = null;
  let failure: unknown = null;
  let closed: unknown = null;
  for (const r of loaded.events as RecordedEvent[]) {
    const e = mediationCodec.decode(r);
    if (!e) continue;
    const at = r.occurredAt;
    switch (e.type) {
      case 'MediatorAssigned':
        mediators.push({ mediatorId: e.data.mediatorId, assignedAt: at });
        break;
      case 'MediationSessionRecorded':
        sessions.push({ sessionNo: e.data.sessionNo, heldAt: e.data.heldAt, attendees: e.data.attendees, notes: text(e.data.notes), recordedAt: at });
        break;
      case 'MediationProgressNoted':
        progress.push({ note: text(e.data.note), notedAt: at });
        break;
      case 'MediationExtended':
        extensions.push({ consents: e.data.consents, previousEndAt: e.data.previousEndAt ?? null, newEndAt: e.data.newEndAt, reason: text(e.data.reason), extendedAt: at });
        break;
      case 'MediationRefusedByParty':
        refusal = { personId: e.data.personId, statedAt: e.data.statedAt, statement: text(e.data.statement) };
        break;
      case 'MediationAgreementReached':
        agreement = { terms: text(e.data.terms), amounts: e.data.amounts, signedAt: e.data.signedAt, performanceDeadline: e.data.performanceDeadline };
        break;
      case 'MediationFailed':
        failure = { reason: e.data.reason, note: text(e.data.note), failedAt: at };
        break;
      case 'AgreementPerformanceRecorded':
        performance.push({ status: e.data.status, checkedAt: e.data.checkedAt, note: text(e.data.note) });
        break;
      case 'MediationClosed':
        closed = { outcome: e.data.outcome, note: text(e.data.note), closedAt: at };
        break;
      case 'MediationOpened':
        break;
    }
  }
  return {
    mediationId: s.mediationId,
    caseId: s.caseId,
    caseCode: s.caseCode,
    status: s.status,
    statusLabel: s.status === 'none' ? null : mediation.MEDIATION_STATUS_LABELS[s.status],
    areaCode: s.areaCode,
    handlingCenter: s.handlingCenter,
    category: s.category,
    organisationKind: s.organisationKind,
    organisationKindLabel: s.organisationKind ? mediation.ORGANISATION_KIND_LABELS[s.organisationKind] : null,
    organisationName: s.organisationName,
    plannedEndAt: s.plannedEndAt,
    mediatorId: s.mediatorId,
    mediators,
    parties: s.parties,
    sessions,
    progress,
    extensions,
    refusal,
    agreement,
    failure,
    performance,
    performanceStatus: s.performance,
    closed,
    openedAt: loaded.events[0]!.occurredAt,
    revision: Number(loaded.revision),
  };
}
