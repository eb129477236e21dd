import type { DisputeCategory, mediation, MediationEvent } from '@zz/contracts';

/** What the mediation decider needs to know about one mediation file, folded from its events. */
export interface MediationState {
  status: mediation.MediationStatus | 'none';
  mediationId: string;
  caseId: string;
  caseCode: string;
  areaCode: string;
  /** The center holding the dispute when the file was opened: who may act on it. */
  handlingCenter: string;
  category: DisputeCategory | null;
  organisationKind: mediation.OrganisationKind | null;
  organisationName: string;
  plannedEndAt: string | null;
  mediatorId: string | null;
  parties: mediation.PartyRef[];
  narratorId: string;
  sessions: number;
  refusedBy: string | null;
  agreement: { signedAt: string; performanceDeadline: string; amounts: mediation.AgreedAmount[] } | null;
  performance: mediation.PerformanceStatusValue | null;
  failureReason: mediation.FailureReasonValue | null;
}

export const initialState: MediationState = {
  status: 'none',
  mediationId: '',
  caseId: '',
  caseCode: '',
  areaCode: '',
  handlingCenter: '',
  category: null,
  organisationKind: null,
  organisationName: '',
  plannedEndAt: null,
  mediatorId: null,
  parties: [],
  narratorId: '',
  sessions: 0,
  refusedBy: null,
  agreement: null,
  performance: null,
  failureReason: null,
};

export function evolve(state: MediationState, event: MediationEvent): MediationState {
  switch (event.type) {
    case 'MediationOpened': {
      const d = event.data;
      return {
        ...initialState,
        status: 'opened',
        mediationId: d.mediationId,
        caseId: d.caseId,
        caseCode: d.caseCode,
        areaCode: d.areaCode,
        handlingCenter: d.handlingCenter,
        category: d.category,
        organisationKind: d.organisationKind,
        organisationName: d.organisationName,
        plannedEndAt: d.plannedEndAt ?? null,
        parties: d.parties,
        narratorId: d.narratorId,
      };
    }
    case 'MediatorAssigned':
      return { ...state, status: 'in_mediation', mediatorId: event.data.mediatorId };
    case 'MediationSessionRecorded':
      return { ...state, sessions: state.sessions + 1 };
    case 'MediationProgressNoted':
      return state;
    case 'MediationExtended':
      return { ...state, plannedEndAt: event.data.newEndAt };
    case 'MediationRefusedByParty':
      return { ...state, status: 'refused', refusedBy: event.data.personId };
    case 'MediationAgreementReached':
      return { ...state, status: 'agreed', agreement: { signedAt: event.data.signedAt, performanceDeadline: event.data.performanceDeadline, amounts: event.data.amounts } };
    case 'MediationFailed':
      return { ...state, status: 'failed', failureReason: event.data.reason };
    case 'AgreementPerformanceRecorded':
      return { ...state, performance: event.data.status };
    case 'MediationClosed':
      return { ...state, status: 'closed' };
  }
}
