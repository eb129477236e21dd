import { deadlines, intake, mediation, petition, referral, type Actor } from '@zz/contracts';
import { reactionKey, type DisputeReport, type ReactionCommand, type ReactionName } from './reaction-command.js';
import { centerOfCaseCode, DEFAULT_CITY_CODE, systemActor } from './system-actor.js';

/** An event as any transport delivers it: the store's RecordedEvent fits, and so does a Kafka message. */
export interface ReactableEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface ReactOptions {
  /** The city center, for a case whose own center cannot be told. */
  cityCode?: string;
}

/** Every event type some rule below reacts to. */
export const REACTING_TYPES: ReadonlySet<string> = new Set([
  'DisputeRoutedToMediation',
  'MediationOpened',
  'MediationAgreementReached',
  'MediationFailed',
  'MediationRefusedByParty',
  'ReferredToCourt',
  'ReferralSettled',
  'ReferralFailed',
  'JudicialConfirmationGranted',
  'JudicialConfirmationRejected',
  'CaseFiled',
  'PetitionRegistered',
  'DeadlineMissed',
]);

/** The assignment loop's clocks whose miss earns the unit a card (黄牌, then 红牌): id `<policy>:<caseId>:<…>`. */
export const CARD_CLOCKS: ReadonlySet<string> = new Set(['intake.assignment-sign-for', 'intake.assign-down', 'intake.assignment-rework']);

/**
 * The cross-flow rules (process managers), pure: which commands one event calls for.
 *   DisputeRoutedToMediation                       → open its mediation file
 *   MediationOpened                                → link the file to the dispute (it lists its files)
 *   MediationAgreementReached / Failed / RefusedByParty → record the outcome on the dispute
 *                                                    (failed/refused put it up for referral)
 *   ReferredToCourt                                → link the referral to the dispute
 *   ReferralSettled / ReferralFailed / JudicialConfirmationGranted / Rejected → record the court outcome
 *   CaseFiled                                      → record the filing (closes the dispute)
 *   PetitionRegistered about a dispute             → link the petition to the dispute
 *   DeadlineMissed of a step of the assignment loop → a yellow (then red) card on the dispute
 * Everything else calls for nothing — including the reports' own events, so reactions never loop.
 */
export function react(event: ReactableEvent, options: ReactOptions = {}): ReactionCommand[] {
  // Most of the log (registrations, risk, routing, …) calls for nothing: tell by the type alone,
  // before anything reads the event's data (a store that parses it lazily then never does).
  if (!REACTING_TYPES.has(event.type)) return [];
  const city = options.cityCode ?? DEFAULT_CITY_CODE;
  const issued = (reaction: ReactionName, centerCode: string | undefined) => ({
    reaction,
    idempotencyKey: reactionKey(reaction, event.eventId),
    correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : event.eventId,
    actor: systemActor(centerCode, city) satisfies Actor,
    causation: { eventId: event.eventId, type: event.type },
  });
  const report = (reaction: ReactionName, caseId: string, caseCode: string, command: DisputeReport): ReactionCommand[] => [
    { ...issued(reaction, centerOfCaseCode(caseCode)), kind: 'report_to_dispute', caseId, command },
  ];

  const i = intake.decodeIntakeEvent(event);
  if (i?.type === 'DisputeRoutedToMediation') {
    const d = i.data;
    const body: mediation.OpenMediation = { caseId: d.caseId, organisationKind: d.organisationKind, organisationName: d.organisationName, ...(d.plannedEndAt ? { plannedEndAt: d.plannedEndAt } : {}) };
    return [{ ...issued('open_mediation_file', d.centerCode), kind: 'open_mediation', body }];
  }
  if (i) return [];

  const m = mediation.decodeMediationEvent(event);
  if (m) {
    const d = m.data;
    const outcome = (data: DisputeReport & { type: 'RecordMediationOutcome' }) => report('mediation_outcome_to_dispute', d.caseId, d.caseCode, data);
    switch (m.type) {
      case 'MediationOpened':
        return report('mediation_to_dispute', d.caseId, d.caseCode, { type: 'LinkMediation', data: { mediationId: d.mediationId, organisationName: m.data.organisationName } });
      case 'MediationAgreementReached':
        return outcome({ type: 'RecordMediationOutcome', data: { mediationId: d.mediationId, outcome: 'agreement' } });
      case 'MediationFailed':
        return outcome({ type: 'RecordMediationOutcome', data: { mediationId: d.mediationId, outcome: 'failed', failureReason: m.data.reason } });
      case 'MediationRefusedByParty':
        // A clear refusal stops mediation (人民调解法 art. 26): the same exit as a failure.
        return outcome({ type: 'RecordMediationOutcome', data: { mediationId: d.mediationId, outcome: 'refused' } });
      default:
        return [];
    }
  }

  const r = referral.decodeReferralEvent(event);
  if (r) {
    const d = r.data;
    const court = (outcome: intake.CourtOutcomeValue) => report('court_outcome_to_dispute', d.caseId, d.caseCode, { type: 'RecordCourtOutcome', data: { referralId: d.referralId, outcome } });
    switch (r.type) {
      case 'ReferredToCourt':
        return report('referral_to_dispute', d.caseId, d.caseCode, { type: 'LinkReferral', data: { referralId: d.referralId, courtCode: r.data.court.code, courtName: r.data.court.name } });
      case 'ReferralSettled':
        return court('settled');
      case 'ReferralFailed':
        return court('failed');
      case 'JudicialConfirmationGranted':
        return court('confirmed');
      case 'JudicialConfirmationRejected':
        return court('rejected');
      case 'CaseFiled':
        return report('filing_to_dispute', d.caseId, d.caseCode, { type: 'RecordCaseFiled', data: { referralId: d.referralId, caseNumber: r.data.caseNumber, filedAt: r.data.filedAt } });
      default:
        return [];
    }
  }

  const dl = deadlines.decodeDeadlineEvent(event);
  if (dl?.type === 'DeadlineMissed') {
    const d = dl.data;
    if (!CARD_CLOCKS.has(d.policyId)) return [];
    const caseId = d.clockId.split(':')[1];
    if (!caseId) return [];
    return report('card_for_missed_step', caseId, d.caseCode, { type: 'IssueCard', data: { clockId: d.clockId, policyId: d.policyId, centerCode: d.centerCode, dueAt: d.dueAt } });
  }

  const p = petition.decodePetitionEvent(event);
  if (p?.type === 'PetitionRegistered' && p.data.matter.linkedDisputeId) {
    const disputeId = p.data.matter.linkedDisputeId;
    // A petition about a dispute carries the dispute's own case code (一案一编码), so its center is the dispute's.
    return report('petition_to_dispute', disputeId, p.data.caseCode, { type: 'LinkPetition', data: { petitionId: p.data.petitionId, petitionCaseCode: p.data.caseCode } });
  }
  return [];
}
