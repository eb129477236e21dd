import type { CaseSource, DisputeCategory, intake, IntakeEvent, RiskGrade, Sealed, SealedParty, SupervisionLevel } from '@zz/contracts';

/** A whistle (吹哨) and the departments that have yet to report in (报到). */
export interface WhistleState {
  departments: string[];
  pending: string[];
  reportInDueAt: string;
  /** Department code → its name as the whistle called it (for words people read). */
  names?: Record<string, string>;
  /** The whistling center (it decides release requests and signs the whistle off). */
  centerCode?: string;
  releaseRequested?: string[];
  released?: string[];
  signedOff?: boolean;
}

/** The current assignment (交办) and where its loop stands. */
export interface AssignmentState {
  fromCenter: string;
  toCenter: string;
  assignedAt: string | null;
  sendBackWithinWorkingDays: number | null;
  stage: 'awaiting_sign_for' | 'handling' | 'reported' | 'signed_off' | 'sent_back';
  report: { outcome: 'resolved' | 'partially_resolved' | 'unresolved'; satisfaction: string; reportedAt: string } | null;
  reworkRounds: number;
  cards: { card: 'yellow' | 'red'; step: string; clockId: string }[];
}

/** What the intake decider needs to know about one dispute, folded from its events. */
export interface DisputeState {
  status: intake.DisputeStatus | 'none';
  caseId: string;
  caseCode: string;
  centerCode: string;
  areaCode: string;
  category: DisputeCategory | null;
  source: CaseSource | null;
  title: string;
  description: Sealed | null;
  /** The center that holds the case now: routing moves it down, up, or keeps it. */
  handlingCenter: string;
  risk: RiskGrade | null;
  supervision: SupervisionLevel;
  dueAt: string | null;
  whistles: Record<string, WhistleState>;
  parties: SealedParty[];
  /** Routed to mediation and no outcome reported back yet. */
  inMediation: boolean;
  /** Files of the other flows this dispute is linked to (one case code joins them all). */
  mediations: { mediationId: string; outcome: intake.MediationOutcomeValue | null }[];
  /** Mediation ended without agreement and no referral has been made yet (诉前调解 needs the parties' consent). */
  awaitingReferral: boolean;
  referrals: { referralId: string; courtCode: string; courtName: string; outcome: intake.CourtOutcomeValue | 'filed' | null; caseNumber: string | null }[];
  petitions: { petitionId: string; petitionCaseCode: string }[];
  assignment: AssignmentState | null;
  /** 挂牌督办 from above, by id. */
  supervisions: Record<string, { supervisingCenter: string; supervisedCenter: string; dueAt: string; lifted: boolean }>;
}

export const initialState: DisputeState = {
  status: 'none',
  caseId: '',
  caseCode: '',
  centerCode: '',
  areaCode: '',
  category: null,
  source: null,
  title: '',
  description: null,
  handlingCenter: '',
  risk: null,
  supervision: 'ordinary',
  dueAt: null,
  whistles: {},
  parties: [],
  inMediation: false,
  mediations: [],
  awaitingReferral: false,
  referrals: [],
  petitions: [],
  assignment: null,
  supervisions: {},
};

export function evolve(state: DisputeState, event: IntakeEvent): DisputeState {
  switch (event.type) {
    case 'DisputeRegistered': {
      const d = event.data;
      return {
        ...initialState,
        status: 'registered',
        caseId: d.caseId,
        caseCode: d.caseCode,
        centerCode: d.centerCode,
        areaCode: d.areaCode,
        category: d.category,
        source: d.source,
        title: d.title,
        description: d.description,
        handlingCenter: d.centerCode,
        parties: d.parties,
      };
    }
    case 'DisputeAccepted':
      return { ...state, status: 'accepted' };
    case 'DisputeDeclined':
      return { ...state, status: 'declined' };
    case 'RiskAssessed':
      return { ...state, risk: event.data.grade, supervision: event.data.supervision };
    case 'DisputeTakenOn':
      return { ...state, status: 'in_progress', handlingCenter: event.data.centerCode, dueAt: event.data.dueAt };
    case 'DisputeAssignedDown': {
      const d = event.data;
      const assignment: AssignmentState = {
        fromCenter: d.fromCenter,
        toCenter: d.toCenter,
        assignedAt: d.assignedAt ?? null,
        sendBackWithinWorkingDays: d.sendBackWithinWorkingDays ?? null,
        stage: 'awaiting_sign_for',
        report: null,
        reworkRounds: 0,
        cards: [],
      };
      return { ...state, status: 'in_progress', handlingCenter: d.toCenter, dueAt: d.dueAt, supervision: d.supervision, assignment };
    }
    case 'DisputeAssignmentSignedFor':
      return withAssignment(state, { stage: 'handling' });
    case 'DisputeAssignmentSentBack':
      // Back in the assigning center's queue, awaiting its routing again.
      return { ...withAssignment(state, { stage: 'sent_back' }), status: 'accepted', handlingCenter: event.data.fromCenter, dueAt: null };
    case 'DisputeCompletionReported':
      return withAssignment(state, { stage: 'reported', report: { outcome: event.data.outcome, satisfaction: event.data.satisfaction, reportedAt: event.data.reportedAt } });
    case 'DisputeAssignmentSignedOff':
      return withAssignment(state, { stage: 'signed_off' });
    case 'DisputeReturnedForRework':
      return { ...withAssignment(state, { stage: 'handling', report: null, reworkRounds: event.data.round }), dueAt: event.data.dueAt };
    case 'DisputeCardIssued':
      return state.assignment ? withAssignment(state, { cards: [...state.assignment.cards, { card: event.data.card, step: event.data.step, clockId: event.data.clockId }] }) : state;
    case 'DepartmentReleaseRequested':
      return withWhistle(state, event.data.whistleId, (w) => ({ ...w, releaseRequested: [...(w.releaseRequested ?? []), event.data.departmentCode] }));
    case 'DepartmentReleaseDecided':
      return withWhistle(state, event.data.whistleId, (w) => ({
        ...w,
        releaseRequested: (w.releaseRequested ?? []).filter((c) => c !== event.data.departmentCode),
        ...(event.data.approved ? { released: [...(w.released ?? []), event.data.departmentCode], pending: w.pending.filter((c) => c !== event.data.departmentCode) } : {}),
      }));
    case 'DisputeListedForSupervision': {
      const d = event.data;
      return { ...state, supervisions: { ...state.supervisions, [d.supervisionId]: { supervisingCenter: d.supervisingCenter, supervisedCenter: d.supervisedCenter, dueAt: d.dueAt, lifted: false } } };
    }
    case 'DisputeSupervisionLifted': {
      const sv = state.supervisions[event.data.supervisionId];
      return sv ? { ...state, supervisions: { ...state.supervisions, [event.data.supervisionId]: { ...sv, lifted: true } } } : state;
    }
    case 'DisputeInterviewHeld':
    case 'DisputeNoticeCirculated':
      return state;
    case 'WhistleSignedOff':
      return withWhistle(state, event.data.whistleId, (w) => ({ ...w, signedOff: true }));
    case 'DisputeEscalated':
      return { ...state, status: 'escalated', handlingCenter: event.data.toCenter, dueAt: null, assignment: null };
    case 'WhistleBlown': {
      const codes = event.data.departments.map((d) => d.code);
      return {
        ...state,
        status: 'in_progress',
        whistles: {
          ...state.whistles,
          [event.data.whistleId]: {
            departments: codes,
            pending: codes,
            reportInDueAt: event.data.reportInDueAt,
            names: Object.fromEntries(event.data.departments.map((d) => [d.code, d.name])),
            centerCode: event.data.centerCode,
          },
        },
      };
    }
    case 'DepartmentReportedIn': {
      const w = state.whistles[event.data.whistleId];
      if (!w) return state;
      return { ...state, whistles: { ...state.whistles, [event.data.whistleId]: { ...w, pending: w.pending.filter((c) => c !== event.data.departmentCode) } } };
    }
    case 'DisputeClosed':
      return { ...state, status: 'closed' };
    case 'FollowUpVisited':
      return { ...state, status: 'followed_up' };
    case 'DisputeReopened':
      return { ...state, status: 'in_progress' };
    case 'DisputeRoutedToMediation':
      return { ...state, status: 'in_progress', inMediation: true, dueAt: event.data.plannedEndAt ?? state.dueAt };
    case 'MediationOutcomeRecorded': {
      const { mediationId, outcome } = event.data;
      const known = state.mediations.some((m) => m.mediationId === mediationId);
      const mediations = known ? state.mediations.map((m) => (m.mediationId === mediationId ? { ...m, outcome } : m)) : [...state.mediations, { mediationId, outcome }];
      return { ...state, inMediation: false, mediations };
    }
    case 'MediationLinked':
      if (state.mediations.some((m) => m.mediationId === event.data.mediationId)) return state;
      return { ...state, mediations: [...state.mediations, { mediationId: event.data.mediationId, outcome: null }] };
    case 'DisputeAwaitingReferral':
      return { ...state, awaitingReferral: true };
    case 'ReferralLinked': {
      const { referralId, courtCode, courtName } = event.data;
      return { ...state, awaitingReferral: false, referrals: [...state.referrals, { referralId, courtCode, courtName, outcome: null, caseNumber: null }] };
    }
    case 'CourtOutcomeRecorded':
      return { ...state, referrals: updateReferral(state.referrals, event.data.referralId, { outcome: event.data.outcome }) };
    case 'CaseFiledInCourt':
      return { ...state, awaitingReferral: false, referrals: updateReferral(state.referrals, event.data.referralId, { outcome: 'filed', caseNumber: event.data.caseNumber }) };
    case 'PetitionLinked':
      return { ...state, petitions: [...state.petitions, { petitionId: event.data.petitionId, petitionCaseCode: event.data.petitionCaseCode }] };
  }
}

type ReferralLink = DisputeState['referrals'][number];
/** A court outcome for a referral the dispute never saw linked still lands on the dispute. */
function updateReferral(referrals: ReferralLink[], referralId: string, patch: Partial<ReferralLink>): ReferralLink[] {
  if (!referrals.some((r) => r.referralId === referralId)) return [...referrals, { referralId, courtCode: '', courtName: '', outcome: null, caseNumber: null, ...patch }];
  return referrals.map((r) => (r.referralId === referralId ? { ...r, ...patch } : r));
}

const withAssignment = (state: DisputeState, patch: Partial<AssignmentState>): DisputeState => (state.assignment ? { ...state, assignment: { ...state.assignment, ...patch } } : state);
const withWhistle = (state: DisputeState, id: string, f: (w: WhistleState) => WhistleState): DisputeState => {
  const w = state.whistles[id];
  return w ? { ...state, whistles: { ...state.whistles, [id]: f(w) } } : state;
};
