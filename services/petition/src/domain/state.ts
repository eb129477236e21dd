import type { petition, PetitionEvent, Sealed, SealedParty } from '@zz/contracts';

export interface SupervisionState {
  supervisingCenter: string;
  dueAt: string;
  instructions: string;
  lifted: boolean;
}

export interface ReviewState {
  requestedAt: string;
  /** The office that must decide it (the level above); null for requests recorded before it was. */
  reviewingCenter: string | null;
  decidingCenter: string | null;
  decidedAt: string | null;
  outcome: petition.ReviewOutcome | null;
}

/** What the petition decider needs to know about one petition, folded from its events. */
export interface PetitionState {
  status: petition.PetitionStatus | 'none';
  petitionId: string;
  caseCode: string;
  centerCode: string;
  areaCode: string;
  /** The center that handles it (jurisdiction): the registering center. */
  handlingCenter: string;
  channel: petition.PetitionChannel | null;
  title: string;
  description: Sealed | null;
  petitioners: SealedParty[];
  groupVisit: { visitorCount: number } | null;
  matter: petition.PetitionMatter | null;
  receivedAt: string;
  repeatOf: { petitionId: string; caseCode: string; basis: 'linked_case' | 'matter_key' }[];
  decision: { accepted: boolean; decidedAt: string; withinWindow: boolean; reason?: petition.PetitionDeclineReason } | null;
  backlog: { reason: string } | null;
  leader: { leaderUserId: string; post: string; signedAt: string | null; statementSha256: string | null; statement?: Sealed | null } | null;
  supervisions: Record<string, SupervisionState>;
  interviews: { interviewingCenter: string; interviewee: string; heldAt: string }[];
  notices: { issuingCenter: string; scope: string }[];
  answer: { answeredAt: string; text: Sealed; textSha256: string; answeringCenter: string | null } | null;
  review: ReviewState | null;
  reReview: ReviewState | null;
  resolution: { kind: 'resolved' | 'ceased'; summary: string } | null;
  /** 诉访分离: where the matter went instead of the administrative path. */
  diversion: {
    legalChannel: petition.LegalChannel;
    mode: 'guided' | 'transferred';
    unit: { kind: petition.PoliticalLegalUnitKind; name: string } | null;
    divertedAt: string;
    divertingCenter: string;
  } | null;
}

export const initialState: PetitionState = {
  status: 'none',
  petitionId: '',
  caseCode: '',
  centerCode: '',
  areaCode: '',
  handlingCenter: '',
  channel: null,
  title: '',
  description: null,
  petitioners: [],
  groupVisit: null,
  matter: null,
  receivedAt: '',
  repeatOf: [],
  decision: null,
  backlog: null,
  leader: null,
  supervisions: {},
  interviews: [],
  notices: [],
  answer: null,
  review: null,
  reReview: null,
  resolution: null,
  diversion: null,
};

export function evolve(state: PetitionState, event: PetitionEvent): PetitionState {
  switch (event.type) {
    case 'PetitionRegistered': {
      const d = event.data;
      return {
        ...initialState,
        status: 'registered',
        petitionId: d.petitionId,
        caseCode: d.caseCode,
        centerCode: d.centerCode,
        areaCode: d.areaCode,
        handlingCenter: d.centerCode,
        channel: d.channel,
        title: d.title,
        description: d.description,
        petitioners: d.petitioners,
        groupVisit: d.groupVisit ?? null,
        matter: d.matter,
        receivedAt: d.receivedAt,
      };
    }
    case 'PetitionRepeatDetected':
      return { ...state, repeatOf: [...state.repeatOf, ...event.data.repeatOf] };
    case 'PetitionAccepted':
      return { ...state, status: 'accepted', decision: { accepted: true, decidedAt: event.data.decidedAt, withinWindow: event.data.withinWindow } };
    case 'PetitionDeclined':
      return { ...state, status: 'declined', decision: { accepted: false, decidedAt: event.data.decidedAt, withinWindow: event.data.withinWindow, reason: event.data.reason } };
    case 'PetitionMarkedBacklog':
      return { ...state, backlog: { reason: event.data.reason } };
    case 'ResponsibleLeaderAssigned':
      // A new leader signs afresh: the previous signature was theirs, not this one's.
      return { ...state, leader: { leaderUserId: event.data.leaderUserId, post: event.data.post, signedAt: null, statementSha256: null } };
    case 'ResponsibilityStatementSigned':
      return state.leader ? { ...state, leader: { ...state.leader, signedAt: event.data.signedAt, statementSha256: event.data.statementSha256, statement: event.data.statement ?? null } } : state;
    case 'PetitionListedForSupervision':
      return {
        ...state,
        supervisions: {
          ...state.supervisions,
          [event.data.supervisionId]: { supervisingCenter: event.data.supervisingCenter, dueAt: event.data.dueAt, instructions: event.data.instructions, lifted: false },
        },
      };
    case 'PetitionSupervisionLifted': {
      const s = state.supervisions[event.data.supervisionId];
      return s ? { ...state, supervisions: { ...state.supervisions, [event.data.supervisionId]: { ...s, lifted: true } } } : state;
    }
    case 'AdmonishingInterviewHeld':
      return { ...state, interviews: [...state.interviews, { interviewingCenter: event.data.interviewingCenter, interviewee: event.data.interviewee, heldAt: event.data.heldAt }] };
    case 'NoticeCirculated':
      return { ...state, notices: [...state.notices, { issuingCenter: event.data.issuingCenter, scope: event.data.scope }] };
    case 'PetitionAnswered':
      return {
        ...state,
        status: 'answered',
        answer: { answeredAt: event.data.answeredAt, text: event.data.text, textSha256: event.data.textSha256, answeringCenter: event.data.answeringCenter ?? null },
      };
    case 'PetitionReviewRequested':
      return { ...state, status: 'review_requested', review: requested(event.data) };
    case 'PetitionReviewDecided':
      return { ...state, status: 'reviewed', review: decided(state.review, event.data) };
    case 'PetitionReReviewRequested':
      return { ...state, status: 're_review_requested', reReview: requested(event.data) };
    case 'PetitionReReviewDecided':
      return { ...state, status: 're_reviewed', reReview: decided(state.reReview, event.data) };
    case 'PetitionDivertedToLegalChannel': {
      const d = event.data;
      return { ...state, status: 'diverted', diversion: { legalChannel: d.legalChannel, mode: d.mode, unit: d.unit ?? null, divertedAt: d.divertedAt, divertingCenter: d.divertingCenter } };
    }
    case 'PetitionResolved':
      return { ...state, status: 'resolved', resolution: { kind: event.data.kind, summary: event.data.summary } };
  }
}

const requested = (d: { requestedAt: string; reviewingCenter?: string | undefined }): ReviewState => ({
  requestedAt: d.requestedAt,
  reviewingCenter: d.reviewingCenter ?? null,
  decidingCenter: null,
  decidedAt: null,
  outcome: null,
});
const decided = (prev: ReviewState | null, d: { decidedAt: string; outcome: petition.ReviewOutcome; decidingCenter?: string | undefined }): ReviewState => ({
  requestedAt: prev?.requestedAt ?? d.decidedAt,
  reviewingCenter: prev?.reviewingCenter ?? null,
  decidingCenter: d.decidingCenter ?? null,
  decidedAt: d.decidedAt,
  outcome: d.outcome,
});
