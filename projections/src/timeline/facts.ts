import type { Sealed, SealedParty } from '@zz/contracts';
import type { FlowEvent } from '../flow-views/flow-event.js';

/** Structured, person-free fields of an event (what the timeline may store in clear). */
export type Facts = Record<string, string | number | boolean | null | readonly unknown[]>;

/** Sealed values of an event, stored sealed and opened at read time: parties, or narrative texts. */
export interface SealedFacts {
  parties?: SealedParty[];
  texts?: Record<string, Sealed>;
}

export interface EventFacts {
  facts: Facts;
  sealed?: SealedFacts;
}

const totalFen = (amounts: readonly { amountFen: number }[]): number => amounts.reduce((s, a) => s + a.amountFen, 0);

/** Keeps only defined sealed texts; undefined when none. */
function texts(entries: Record<string, Sealed | undefined>): SealedFacts | undefined {
  const out: Record<string, Sealed> = {};
  for (const [k, v] of Object.entries(entries)) if (v) out[k] = v;
  return Object.keys(out).length ? { texts: out } : undefined;
}
const withSealed = (facts: Facts, sealed: SealedFacts | undefined): EventFacts => (sealed ? { facts, sealed } : { facts });

/**
 * What the timeline keeps of one event. Free text typed in clear by staff (reasons, summaries,
 * instructions) is left out on purpose: it may name people, and the flows' own views show it to
 * those who need it. Unknown event types keep nothing but their type.
 */
export function eventFacts(fe: FlowEvent): EventFacts {
  if (!fe.event) return { facts: {} };
  switch (fe.flow) {
    case 'dispute': {
      const e = fe.event;
      switch (e.type) {
        case 'DisputeRegistered':
          return {
            facts: {
              caseId: e.data.caseId,
              category: e.data.category,
              source: e.data.source,
              areaCode: e.data.areaCode,
              centerCode: e.data.centerCode,
              title: e.data.title,
              partyCount: e.data.parties.length,
            },
            sealed: { parties: e.data.parties, texts: { description: e.data.description } },
          };
        case 'DisputeAccepted':
        case 'DisputeReopened':
          return { facts: {} };
        case 'DisputeDeclined':
          return { facts: { redirectChannel: e.data.redirectChannel } };
        case 'RiskAssessed':
          return {
            facts: {
              grade: e.data.grade,
              ruleGrade: e.data.ruleGrade ?? null,
              supervision: e.data.supervision ?? null,
              overridden: e.data.ruleGrade !== undefined && e.data.ruleGrade !== e.data.grade,
            },
          };
        case 'DisputeTakenOn':
          return { facts: { centerCode: e.data.centerCode, dueAt: e.data.dueAt } };
        case 'DisputeAssignedDown':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, dueAt: e.data.dueAt, supervision: e.data.supervision } };
        case 'DisputeEscalated':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter } };
        case 'WhistleBlown':
          return {
            facts: { whistleId: e.data.whistleId, centerCode: e.data.centerCode, departments: e.data.departments.map((d) => ({ code: d.code, name: d.name })), reportInDueAt: e.data.reportInDueAt },
          };
        case 'DepartmentReportedIn':
          return { facts: { whistleId: e.data.whistleId, departmentCode: e.data.departmentCode, departmentName: e.data.departmentName ?? null } };
        case 'DisputeAssignmentSignedFor':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, signedAt: e.data.signedAt } };
        case 'DisputeAssignmentSentBack':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, reason: e.data.reason, sentBackAt: e.data.sentBackAt } };
        case 'DisputeCompletionReported':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, outcome: e.data.outcome, satisfaction: e.data.satisfaction, reportedAt: e.data.reportedAt } };
        case 'DisputeAssignmentSignedOff':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, signedOffAt: e.data.signedOffAt } };
        case 'DisputeReturnedForRework':
          return { facts: { fromCenter: e.data.fromCenter, toCenter: e.data.toCenter, round: e.data.round, dueAt: e.data.dueAt } };
        case 'DisputeCardIssued':
          return { facts: { card: e.data.card, chargedCenter: e.data.chargedCenter, step: e.data.step, clockId: e.data.clockId, dueAt: e.data.dueAt } };
        case 'DepartmentReleaseRequested':
          return { facts: { whistleId: e.data.whistleId, departmentCode: e.data.departmentCode, departmentName: e.data.departmentName ?? null } };
        case 'DepartmentReleaseDecided':
          return { facts: { whistleId: e.data.whistleId, departmentCode: e.data.departmentCode, departmentName: e.data.departmentName ?? null, approved: e.data.approved } };
        case 'DisputeListedForSupervision':
          return { facts: { supervisionId: e.data.supervisionId, supervisingCenter: e.data.supervisingCenter, supervisedCenter: e.data.supervisedCenter, dueAt: e.data.dueAt } };
        case 'DisputeSupervisionLifted':
          return { facts: { supervisionId: e.data.supervisionId } };
        case 'DisputeInterviewHeld':
          // The minutes stay in the flow (free text); the timeline shows who summoned whom and when.
          return { facts: { supervisingCenter: e.data.supervisingCenter, supervisedCenter: e.data.supervisedCenter, interviewee: e.data.interviewee, heldAt: e.data.heldAt } };
        case 'DisputeNoticeCirculated':
          return { facts: { supervisingCenter: e.data.supervisingCenter, supervisedCenter: e.data.supervisedCenter, scope: e.data.scope } };
        case 'WhistleSignedOff':
          return { facts: { whistleId: e.data.whistleId, centerCode: e.data.centerCode } };
        case 'DisputeClosed':
          return { facts: { outcome: e.data.outcome } };
        case 'FollowUpVisited':
          return { facts: { satisfaction: e.data.satisfaction, method: e.data.method } };
        // reported back by the cross-flow reactions
        case 'DisputeRoutedToMediation':
          return { facts: { centerCode: e.data.centerCode, organisationKind: e.data.organisationKind, organisationName: e.data.organisationName, plannedEndAt: e.data.plannedEndAt ?? null } };
        case 'MediationOutcomeRecorded':
          return { facts: { mediationId: e.data.mediationId, outcome: e.data.outcome, failureReason: e.data.failureReason ?? null } };
        case 'DisputeAwaitingReferral':
          return { facts: { mediationId: e.data.mediationId, reason: e.data.reason } };
        case 'ReferralLinked':
          return { facts: { referralId: e.data.referralId, courtCode: e.data.courtCode, courtName: e.data.courtName } };
        case 'CourtOutcomeRecorded':
          return { facts: { referralId: e.data.referralId, outcome: e.data.outcome } };
        case 'CaseFiledInCourt':
          return { facts: { referralId: e.data.referralId, caseNumber: e.data.caseNumber, filedAt: e.data.filedAt } };
        case 'PetitionLinked':
          return { facts: { petitionId: e.data.petitionId, petitionCaseCode: e.data.petitionCaseCode } };
      }
      break;
    }
    case 'mediation': {
      const e = fe.event;
      const d = e.data;
      switch (e.type) {
        case 'MediationOpened':
          return {
            facts: {
              mediationId: d.mediationId,
              organisationKind: e.data.organisationKind,
              organisationName: e.data.organisationName,
              plannedEndAt: e.data.plannedEndAt ?? null,
              partyCount: e.data.parties.length,
            },
          };
        case 'MediatorAssigned':
          return { facts: { mediationId: d.mediationId, mediatorId: e.data.mediatorId } };
        case 'MediationSessionRecorded':
          return withSealed({ mediationId: d.mediationId, sessionNo: e.data.sessionNo, heldAt: e.data.heldAt, attendeeCount: e.data.attendees.length }, texts({ notes: e.data.notes }));
        case 'MediationProgressNoted':
          return withSealed({ mediationId: d.mediationId }, texts({ note: e.data.note }));
        case 'MediationExtended':
          return withSealed(
            { mediationId: d.mediationId, previousEndAt: e.data.previousEndAt ?? null, newEndAt: e.data.newEndAt, consentCount: e.data.consents.length },
            texts({ reason: e.data.reason }),
          );
        case 'MediationRefusedByParty':
          return withSealed({ mediationId: d.mediationId, statedAt: e.data.statedAt }, texts({ statement: e.data.statement }));
        case 'MediationAgreementReached':
          return withSealed(
            { mediationId: d.mediationId, signedAt: e.data.signedAt, performanceDeadline: e.data.performanceDeadline, totalFen: totalFen(e.data.amounts), amountCount: e.data.amounts.length },
            texts({ terms: e.data.terms }),
          );
        case 'MediationFailed':
          return withSealed({ mediationId: d.mediationId, reason: e.data.reason }, texts({ note: e.data.note }));
        case 'AgreementPerformanceRecorded':
          return withSealed({ mediationId: d.mediationId, status: e.data.status, checkedAt: e.data.checkedAt }, texts({ note: e.data.note }));
        case 'MediationClosed':
          return withSealed({ mediationId: d.mediationId, outcome: e.data.outcome }, texts({ note: e.data.note }));
      }
      break;
    }
    case 'referral': {
      const e = fe.event;
      const id = e.data.referralId;
      switch (e.type) {
        case 'ReferredToCourt':
          return { facts: { referralId: id, courtCode: e.data.court.code, courtName: e.data.court.name, consentCount: e.data.consents.length, fromMediationId: e.data.fromMediationId ?? null } };
        case 'ReferralAccepted':
          return { facts: { referralId: id, preFilingNumber: e.data.preFilingNumber, mediatorId: e.data.mediatorId, acceptedAt: e.data.acceptedAt } };
        case 'ReferralSettled':
          return withSealed(
            { referralId: id, effectiveAt: e.data.effectiveAt, confirmationApplyBy: e.data.confirmationApplyBy, totalFen: totalFen(e.data.amounts), amountCount: e.data.amounts.length },
            texts({ terms: e.data.terms }),
          );
        case 'ReferralFailed':
          return withSealed({ referralId: id, reason: e.data.reason }, texts({ note: e.data.note }));
        case 'JudicialConfirmationApplied':
          return { facts: { referralId: id, appliedAt: e.data.appliedAt, applicantCount: e.data.applicants.length } };
        case 'AgreementSubmittedForConfirmation':
          return {
            facts: {
              referralId: id,
              courtCode: e.data.court.code,
              courtName: e.data.court.name,
              mediationId: e.data.mediationId,
              appliedAt: e.data.appliedAt,
              applicantCount: e.data.applicants.length,
            },
          };
        case 'ConfirmationApplicationAccepted':
          return { facts: { referralId: id, acceptedAt: e.data.acceptedAt, caseNumber: e.data.caseNumber ?? null } };
        case 'ConfirmationApplicationRefused':
          return withSealed({ referralId: id, refusedAt: e.data.refusedAt }, texts({ reason: e.data.reason }));
        case 'JudicialConfirmationGranted':
          return { facts: { referralId: id, ruledAt: e.data.ruledAt, rulingNumber: e.data.rulingNumber } };
        case 'JudicialConfirmationRejected':
          return withSealed({ referralId: id, ruledAt: e.data.ruledAt }, texts({ reason: e.data.reason }));
        case 'CaseFiled':
          return withSealed({ referralId: id, caseNumber: e.data.caseNumber, filedAt: e.data.filedAt }, texts({ note: e.data.note }));
      }
      break;
    }
    case 'petition': {
      const e = fe.event;
      const id = e.data.petitionId;
      switch (e.type) {
        case 'PetitionRegistered':
          return {
            facts: {
              petitionId: id,
              channel: e.data.channel,
              subjectArea: e.data.matter.subjectArea,
              areaCode: e.data.areaCode,
              centerCode: e.data.centerCode,
              title: e.data.title,
              petitionerCount: e.data.petitioners.length,
              groupVisitors: e.data.groupVisit?.visitorCount ?? null,
              receivedAt: e.data.receivedAt,
              linkedCaseCode: e.data.matter.linkedCaseCode ?? null,
            },
            sealed: { parties: e.data.petitioners, texts: { description: e.data.description } },
          };
        case 'PetitionRepeatDetected':
          return { facts: { petitionId: id, repeatOf: e.data.repeatOf.map((r) => ({ petitionId: r.petitionId, caseCode: r.caseCode, basis: r.basis })) } };
        case 'PetitionAccepted':
          return { facts: { petitionId: id, decidedAt: e.data.decidedAt, withinWindow: e.data.withinWindow } };
        case 'PetitionDeclined':
          return { facts: { petitionId: id, reason: e.data.reason, redirectChannel: e.data.redirectChannel ?? null, decidedAt: e.data.decidedAt, withinWindow: e.data.withinWindow } };
        case 'PetitionMarkedBacklog':
          return { facts: { petitionId: id } };
        case 'ResponsibleLeaderAssigned':
          return { facts: { petitionId: id, leaderUserId: e.data.leaderUserId, post: e.data.post } };
        case 'ResponsibilityStatementSigned':
          return { facts: { petitionId: id, leaderUserId: e.data.leaderUserId, signedAt: e.data.signedAt, statementSha256: e.data.statementSha256 } };
        case 'PetitionListedForSupervision':
          return {
            facts: { petitionId: id, supervisionId: e.data.supervisionId, supervisingCenter: e.data.supervisingCenter, supervisedCenter: e.data.supervisedCenter ?? null, dueAt: e.data.dueAt },
          };
        case 'PetitionSupervisionLifted':
          return { facts: { petitionId: id, supervisionId: e.data.supervisionId } };
        case 'AdmonishingInterviewHeld':
          return { facts: { petitionId: id, interviewingCenter: e.data.interviewingCenter, interviewee: e.data.interviewee, heldAt: e.data.heldAt } };
        case 'NoticeCirculated':
          return { facts: { petitionId: id, issuingCenter: e.data.issuingCenter, scope: e.data.scope } };
        case 'PetitionAnswered':
          return withSealed({ petitionId: id, answeredAt: e.data.answeredAt, textSha256: e.data.textSha256 }, texts({ text: e.data.text }));
        case 'PetitionReviewRequested':
        case 'PetitionReReviewRequested':
          return { facts: { petitionId: id, requestedAt: e.data.requestedAt, reviewingCenter: e.data.reviewingCenter ?? null } };
        case 'PetitionReviewDecided':
        case 'PetitionReReviewDecided':
          return withSealed({ petitionId: id, outcome: e.data.outcome, decidedAt: e.data.decidedAt, withinWindow: e.data.withinWindow, textSha256: e.data.textSha256 }, texts({ text: e.data.text }));
        case 'PetitionResolved':
          return { facts: { petitionId: id, kind: e.data.kind } };
        case 'PetitionDivertedToLegalChannel':
          return {
            facts: { petitionId: id, legalChannel: e.data.legalChannel, mode: e.data.mode, unitKind: e.data.unit?.kind ?? null, unitName: e.data.unit?.name ?? null, divertedAt: e.data.divertedAt },
          };
      }
      break;
    }
    case 'deadline': {
      const e = fe.event;
      const d = e.data;
      const head = { clockId: d.clockId, policyId: d.policyId, centerCode: d.centerCode };
      switch (e.type) {
        case 'DeadlineApproaching':
        case 'DeadlineMissed':
          return { facts: { ...head, obligedParty: e.data.obligedParty, startedAt: e.data.startedAt, dueAt: e.data.dueAt, dueDate: e.data.dueDate, detectedAt: e.data.detectedAt } };
        case 'DeadlineClockPaused':
          return { facts: { ...head, reason: e.data.reason, pausedAt: e.data.pausedAt } };
        case 'DeadlineClockResumed':
          return { facts: { ...head, resumedAt: e.data.resumedAt } };
        case 'DeadlineClockExtended':
          return { facts: { ...head, days: e.data.days, unit: e.data.unit, approvedBy: e.data.approvedBy, notifiedAt: e.data.notifiedAt ?? null } };
      }
      break;
    }
  }
  return { facts: {} };
}
