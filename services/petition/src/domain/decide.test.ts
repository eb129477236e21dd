import t from 'tap';
import { deciderSpecification } from '@zz/commands';
import { RegionDirectory, jixiDemoRegions, type Actor, type PetitionEvent, type petition } from '@zz/contracts';
import type { EarlierPetition, PetitionCommand, PetitionContext } from './commands.js';
import { petitionDecider } from './decider.js';
import { findRepeats } from './repeat.js';

const spec = deciderSpecification(petitionDecider);
const regions = new RegionDirectory(jixiDemoRegions());
const township = '230302101';
const county = '230302';
const now = new Date('2026-03-02T02:00:00.000Z');
const day = 86_400_000;
const later = (days: number) => new Date(now.getTime() + days * day);
const officer: Actor = { userId: 'officer-1', role: 'petition_officer', centerCode: township };
const director: Actor = { userId: 'dir-1', role: 'supervisor', centerCode: county };
const leader: Actor = { userId: 'leader-7', role: 'responsible_leader', centerCode: county };
const city = '230300';
const cityDirector: Actor = { userId: 'dir-city', role: 'supervisor', centerCode: city };
const ctx = (actor: Actor = officer, at = now): PetitionContext => ({ now: at, actor, regions });

const petitionId = '5b0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11';
const base = { petitionId, caseCode: `${township}-2026-000001` };
const sealed = { keyId: 'p1', ciphertext: 'AAAA' };
const hash = 'a'.repeat(64);
const matter: petition.PetitionMatter = { subjectArea: 'land_expropriation', key: '红星村征地补偿款' };
const petitioner = { personId: 'p1', role: 'applicant' as const, kind: 'person' as const, details: sealed, idHash: 'H1' };
type RegisterData = Extract<PetitionCommand, { type: 'RegisterPetition' }>['data'];
const registerData: RegisterData = {
  ...base,
  centerCode: township,
  areaCode: '230302101001',
  channel: 'letter',
  title: '征地补偿款未发放',
  description: sealed,
  petitioners: [petitioner],
  matter,
  earlier: [],
};
const register = (over: Partial<RegisterData> = {}): PetitionCommand => ({ type: 'RegisterPetition', data: { ...registerData, ...over } });

const registered: PetitionEvent = {
  type: 'PetitionRegistered',
  data: {
    ...base,
    centerCode: township,
    areaCode: '230302101001',
    channel: 'letter',
    title: '征地补偿款未发放',
    description: sealed,
    petitioners: [petitioner],
    matter,
    receivedAt: now.toISOString(),
  },
};
const accepted: PetitionEvent = { type: 'PetitionAccepted', data: { ...base, decidedAt: now.toISOString(), withinWindow: true } };
const backlog: PetitionEvent = { type: 'PetitionMarkedBacklog', data: { ...base, reason: '信访三年未化解' } };
const leaderAssigned: PetitionEvent = { type: 'ResponsibleLeaderAssigned', data: { ...base, leaderUserId: 'leader-7', post: '区委副书记' } };
const signed: PetitionEvent = { type: 'ResponsibilityStatementSigned', data: { ...base, leaderUserId: 'leader-7', signedAt: now.toISOString(), statementSha256: hash } };
const listed: PetitionEvent = {
  type: 'PetitionListedForSupervision',
  data: { ...base, supervisionId: 's1', supervisingCenter: county, supervisedCenter: township, dueAt: later(20).toISOString(), instructions: '限期化解' },
};
const answered: PetitionEvent = { type: 'PetitionAnswered', data: { ...base, text: sealed, textSha256: hash, answeredAt: now.toISOString(), answeringCenter: township } };
const reviewRequested: PetitionEvent = { type: 'PetitionReviewRequested', data: { ...base, requestedAt: later(10).toISOString(), reviewingCenter: county } };
const reviewed: PetitionEvent = {
  type: 'PetitionReviewDecided',
  data: { ...base, outcome: 'upheld', text: sealed, textSha256: hash, decidedAt: later(20).toISOString(), withinWindow: true, decidingCenter: county },
};
const reReviewRequested: PetitionEvent = { type: 'PetitionReReviewRequested', data: { ...base, requestedAt: later(30).toISOString(), reviewingCenter: city } };
const reReviewed: PetitionEvent = {
  type: 'PetitionReReviewDecided',
  data: { ...base, outcome: 'upheld', text: sealed, textSha256: hash, decidedAt: later(40).toISOString(), withinWindow: true, decidingCenter: city },
};
const resolved: PetitionEvent = { type: 'PetitionResolved', data: { ...base, kind: 'ceased', summary: '息诉罢访' } };

const earlier = (over: Partial<EarlierPetition> = {}): EarlierPetition => ({
  petitionId: '11111111-1111-4111-8111-111111111111',
  caseCode: `${township}-2025-000042`,
  idHashes: ['H1'],
  matter,
  finallyReviewed: false,
  receivedAt: '2025-06-01T00:00:00.000Z',
  ...over,
});

t.test('register', async (t) => {
  spec.given([]).when(register(), ctx()).then(t, [registered], 'a new petition, received now');
  spec.given([registered]).when(register(), ctx()).thenRefused(t, 'already_registered');
  spec
    .given([])
    .when(register({ receivedAt: '2026-02-27T08:00:00+08:00' }), ctx())
    .then(t, [{ ...registered, data: { ...registered.data, receivedAt: '2026-02-27T00:00:00.000Z' } } as PetitionEvent], 'a letter received earlier keeps its receipt date');
  spec
    .given([])
    .when(register({ receivedAt: later(1).toISOString() }), ctx())
    .thenRefused(t, 'time_in_future');
  const six = Array.from({ length: 6 }, (_, i) => ({ ...petitioner, personId: `p${i}` }));
  spec
    .given([])
    .when(register({ channel: 'visit', petitioners: six, groupVisit: { visitorCount: 40 } }), ctx())
    .thenRefused(t, 'too_many_representatives', 'a group visit sends at most 5');
  const five = six.slice(0, 5);
  const group = spec
    .given([])
    .when(register({ channel: 'visit', petitioners: five, groupVisit: { visitorCount: 40 } }), ctx())
    .result();
  t.match(group, [{ type: 'PetitionRegistered', data: { channel: 'visit', groupVisit: { visitorCount: 40 } } }], 'five representatives of forty visitors');
  t.equal(
    (
      spec
        .given([])
        .when(register({ channel: 'letter', petitioners: six }), ctx())
        .result() as PetitionEvent[]
    ).length,
    1,
    'a joint letter may have more signatories',
  );
});

t.test('repeat detection: same petitioner and same matter', async (t) => {
  const repeatOf = [{ petitionId: earlier().petitionId, caseCode: earlier().caseCode, basis: 'matter_key' as const }];
  spec
    .given([])
    .when(register({ earlier: [earlier()] }), ctx())
    .then(t, [registered, { type: 'PetitionRepeatDetected', data: { ...base, repeatOf } }], 'linked to the earlier petition');
  spec
    .given([])
    .when(register({ earlier: [earlier({ matter: { ...matter, key: '其他事项' } })] }), ctx())
    .then(t, [registered], 'another matter of the same person is not a repeat');
  spec
    .given([])
    .when(register({ earlier: [earlier({ idHashes: ['H9'] })] }), ctx())
    .then(t, [registered], 'the same matter from another person is not a repeat');
  spec
    .given([])
    .when(register({ earlier: [earlier({ matter: { ...matter, subjectArea: 'labour_social_security' } })] }), ctx())
    .then(t, [registered], 'same words in another subject area are another matter');

  const viaCase = { subjectArea: 'labour_social_security' as const, linkedCaseCode: '230302101-2026-000007' };
  const r = spec
    .given([])
    .when(register({ matter: viaCase, earlier: [earlier({ matter: { subjectArea: 'other', linkedCaseCode: '230302101-2026-000007' } })] }), ctx())
    .result();
  t.match(r, [{ type: 'PetitionRegistered' }, { type: 'PetitionRepeatDetected', data: { repeatOf: [{ basis: 'linked_case' }] } }], 'the same linked case is the same matter');

  spec
    .given([])
    .when(register({ petitioners: [{ ...petitioner, idHash: undefined } as never], earlier: [earlier()] }), ctx())
    .then(t, [{ ...registered, data: { ...registered.data, petitioners: [{ ...petitioner, idHash: undefined }] } } as PetitionEvent], 'no ID number, nothing to match on');

  const finalised = earlier({ finallyReviewed: true });
  spec
    .given([])
    .when(register({ earlier: [finalised] }), ctx())
    .then(
      t,
      [
        registered,
        { type: 'PetitionRepeatDetected', data: { ...base, repeatOf } },
        {
          type: 'PetitionDeclined',
          data: {
            ...base,
            reason: 'matter_finally_reviewed',
            explanation: '该事项已经复核终结，不再受理 / this matter has been re-reviewed and is final; it is not accepted again',
            decidedAt: now.toISOString(),
            withinWindow: true,
          },
        },
      ],
      'a matter finally re-reviewed is registered and refused at once',
    );
});

t.test('findRepeats orders earliest first', async (t) => {
  const a = earlier({ petitionId: '22222222-2222-4222-8222-222222222222', receivedAt: '2025-09-01T00:00:00Z' });
  const b = earlier({ receivedAt: '2025-01-01T00:00:00Z' });
  t.same(
    findRepeats(['H1'], matter, [a, b]).map((r) => r.petitionId),
    [b.petitionId, a.petitionId],
  );
  t.same(findRepeats([], matter, [a]), []);
});

t.test('accept or decline, recording whether within the 15-day window', async (t) => {
  spec.given([registered]).when({ type: 'AcceptPetition', data: {} }, ctx()).then(t, [accepted]);
  spec
    .given([registered])
    .when({ type: 'AcceptPetition', data: { note: '属本级职责' } }, ctx(officer, later(16)))
    .then(t, [{ type: 'PetitionAccepted', data: { ...base, note: '属本级职责', decidedAt: later(16).toISOString(), withinWindow: false } }], 'late, and recorded as late');
  spec.given([registered, accepted]).when({ type: 'AcceptPetition', data: {} }, ctx()).thenRefused(t, 'not_awaiting_acceptance');
  spec.given([]).when({ type: 'AcceptPetition', data: {} }, ctx()).thenRefused(t, 'not_registered');
  spec
    .given([registered])
    .when({ type: 'DeclinePetition', data: { reason: 'other_legal_channel', explanation: '应通过劳动仲裁解决', redirectChannel: 'labour_arbitration' } }, ctx(officer, later(15)))
    .then(t, [
      {
        type: 'PetitionDeclined',
        data: { ...base, reason: 'other_legal_channel', explanation: '应通过劳动仲裁解决', redirectChannel: 'labour_arbitration', decidedAt: later(15).toISOString(), withinWindow: true },
      },
    ]);
  spec
    .given([registered, accepted])
    .when({ type: 'DeclinePetition', data: { reason: 'other', explanation: 'x' } }, ctx())
    .thenRefused(t, 'not_awaiting_acceptance');
});

t.test('backlog, responsible leader and sign-off', async (t) => {
  spec
    .given([registered, accepted])
    .when({ type: 'MarkBacklog', data: { reason: '信访三年未化解' } }, ctx())
    .then(t, [backlog]);
  spec
    .given([registered])
    .when({ type: 'MarkBacklog', data: { reason: 'x' } }, ctx())
    .thenRefused(t, 'petition_not_active', 'not before acceptance');
  spec
    .given([registered, accepted, backlog])
    .when({ type: 'MarkBacklog', data: { reason: 'x' } }, ctx())
    .thenRefused(t, 'already_backlog');
  spec
    .given([registered, accepted, resolved])
    .when({ type: 'MarkBacklog', data: { reason: 'x' } }, ctx())
    .thenRefused(t, 'petition_not_active', 'not after resolution');

  const assign: PetitionCommand = { type: 'AssignResponsibleLeader', data: { leaderUserId: 'leader-7', post: '区委副书记' } };
  spec.given([registered, accepted, backlog]).when(assign, ctx(director)).then(t, [leaderAssigned]);
  spec.given([registered, accepted]).when(assign, ctx(director)).thenRefused(t, 'not_backlog');
  spec.given([registered, accepted, backlog, leaderAssigned]).when(assign, ctx(director)).thenRefused(t, 'already_assigned');

  const sign: PetitionCommand = { type: 'SignResponsibilityStatement', data: { statementSha256: hash } };
  spec.given([registered, accepted, backlog, leaderAssigned]).when(sign, ctx(leader)).then(t, [signed], 'who, when and the hash of the text');
  spec.given([registered, accepted, backlog]).when(sign, ctx(leader)).thenRefused(t, 'no_responsible_leader');
  spec
    .given([registered, accepted, backlog, leaderAssigned])
    .when(sign, ctx({ ...leader, userId: 'leader-8' }))
    .thenRefused(t, 'not_the_responsible_leader');
  spec.given([registered, accepted, backlog, leaderAssigned, signed]).when(sign, ctx(leader)).thenRefused(t, 'already_signed');
  const reassigned: PetitionEvent = { type: 'ResponsibleLeaderAssigned', data: { ...base, leaderUserId: 'leader-8', post: '副区长' } };
  spec
    .given([registered, accepted, backlog, leaderAssigned, signed, reassigned])
    .when(sign, ctx({ ...leader, userId: 'leader-8' }))
    .then(t, [{ type: 'ResponsibilityStatementSigned', data: { ...signed.data, leaderUserId: 'leader-8' } } as PetitionEvent], 'a new leader signs afresh');
});

t.test('listed supervision, interview, notice', async (t) => {
  const list: PetitionCommand = { type: 'ListForSupervision', data: { supervisionId: 's1', dueAt: later(20).toISOString(), instructions: '限期化解' } };
  spec.given([registered, accepted, backlog]).when(list, ctx(director)).then(t, [listed], 'the supervising center is the caller');
  spec
    .given([registered, accepted, backlog, listed])
    .when({ ...list, data: { ...list.data, supervisionId: 's2' } }, ctx(director))
    .thenRefused(t, 'already_listed');
  spec
    .given([registered, accepted])
    .when({ ...list, data: { ...list.data, dueAt: '2026-03-01T00:00:00Z' } }, ctx(director))
    .thenRefused(t, 'due_date_in_past');
  spec.given([registered]).when(list, ctx(director)).thenRefused(t, 'petition_not_active');

  const lift: PetitionCommand = { type: 'LiftSupervision', data: { supervisionId: 's1', reason: '已化解' } };
  const lifted: PetitionEvent = { type: 'PetitionSupervisionLifted', data: { ...base, supervisionId: 's1', reason: '已化解' } };
  spec.given([registered, accepted, listed]).when(lift, ctx(director)).then(t, [lifted]);
  spec.given([registered, accepted, listed, lifted]).when(lift, ctx(director)).thenRefused(t, 'already_lifted');
  spec.given([registered, accepted]).when(lift, ctx(director)).thenRefused(t, 'unknown_supervision');
  spec
    .given([registered, accepted, listed, lifted])
    .when({ ...list, data: { ...list.data, supervisionId: 's2' } }, ctx(director))
    .then(t, [{ ...listed, data: { ...listed.data, supervisionId: 's2' } } as PetitionEvent], 'listed again after lifting');

  const interview: PetitionCommand = { type: 'RecordAdmonishingInterview', data: { interviewee: '街道办事处主任', heldAt: '2026-03-02T10:00:00+08:00', summary: '督促限期化解' } };
  spec
    .given([registered, accepted])
    .when(interview, ctx(director))
    .then(t, [{ type: 'AdmonishingInterviewHeld', data: { ...base, interviewingCenter: county, interviewee: '街道办事处主任', heldAt: '2026-03-02T02:00:00.000Z', summary: '督促限期化解' } }]);
  spec
    .given([registered, accepted])
    .when({ ...interview, data: { ...interview.data, heldAt: later(1).toISOString() } } as PetitionCommand, ctx(director))
    .thenRefused(t, 'time_in_future');
  spec.given([registered, accepted, resolved]).when(interview, ctx(director)).thenRefused(t, 'petition_not_active');

  const notice: PetitionCommand = { type: 'CirculateNotice', data: { scope: '全区', summary: '积案化解不力' } };
  spec
    .given([registered, accepted])
    .when(notice, ctx(director))
    .then(t, [{ type: 'NoticeCirculated', data: { ...base, issuingCenter: county, scope: '全区', summary: '积案化解不力' } }]);
  spec.given([registered]).when(notice, ctx(director)).thenRefused(t, 'petition_not_active');
});

t.test('answer, review (复查) and re-review (复核) within their windows', async (t) => {
  const answer: PetitionCommand = { type: 'AnswerPetition', data: { text: sealed, textSha256: hash } };
  spec.given([registered, accepted]).when(answer, ctx()).then(t, [answered]);
  spec.given([registered]).when(answer, ctx()).thenRefused(t, 'not_awaiting_answer');
  spec.given([registered, accepted, answered]).when(answer, ctx()).thenRefused(t, 'not_awaiting_answer', 'answered once');

  spec
    .given([registered, accepted, answered])
    .when({ type: 'RequestReview', data: {} }, ctx(officer, later(10)))
    .then(t, [reviewRequested], 'dated now by default');
  spec
    .given([registered, accepted, answered])
    .when({ type: 'RequestReview', data: { requestedAt: later(30).toISOString() } }, ctx(officer, later(33)))
    .then(t, [{ type: 'PetitionReviewRequested', data: { ...base, requestedAt: later(30).toISOString(), reviewingCenter: county } }], 'day 30 is still in time');
  spec
    .given([registered, accepted, answered])
    .when({ type: 'RequestReview', data: {} }, ctx(officer, later(31)))
    .thenRefused(t, 'review_window_closed');
  spec
    .given([registered, accepted, answered])
    .when({ type: 'RequestReview', data: { requestedAt: later(-1).toISOString() } }, ctx())
    .thenRefused(t, 'time_before_dependency');
  spec
    .given([registered, accepted, answered])
    .when({ type: 'RequestReview', data: { requestedAt: later(2).toISOString() } }, ctx(officer, later(1)))
    .thenRefused(t, 'time_in_future');
  spec.given([registered, accepted]).when({ type: 'RequestReview', data: {} }, ctx()).thenRefused(t, 'not_answered');

  const decideReview: PetitionCommand = { type: 'DecideReview', data: { outcome: 'upheld', text: sealed, textSha256: hash } };
  spec
    .given([registered, accepted, answered, reviewRequested])
    .when(decideReview, ctx(director, later(20)))
    .then(t, [reviewed]);
  spec
    .given([registered, accepted, answered, reviewRequested])
    .when(decideReview, ctx(director, later(41)))
    .then(t, [{ type: 'PetitionReviewDecided', data: { ...reviewed.data, decidedAt: later(41).toISOString(), withinWindow: false } } as PetitionEvent], 'decided late, recorded as late');
  spec.given([registered, accepted, answered]).when(decideReview, ctx(director)).thenRefused(t, 'no_review_pending');

  spec
    .given([registered, accepted, answered, reviewRequested, reviewed])
    .when({ type: 'RequestReReview', data: {} }, ctx(officer, later(30)))
    .then(t, [reReviewRequested]);
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed])
    .when({ type: 'RequestReReview', data: {} }, ctx(officer, later(51)))
    .thenRefused(t, 're_review_window_closed', '30 days after the review decision');
  spec.given([registered, accepted, answered]).when({ type: 'RequestReReview', data: {} }, ctx()).thenRefused(t, 'not_reviewed');

  const decideReReview: PetitionCommand = { type: 'DecideReReview', data: { outcome: 'upheld', text: sealed, textSha256: hash } };
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed, reReviewRequested])
    .when(decideReReview, ctx(cityDirector, later(40)))
    .then(t, [reReviewed]);
  spec.given([registered, accepted, answered, reviewRequested, reviewed]).when(decideReReview, ctx(director)).thenRefused(t, 'no_re_review_pending');
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed, reReviewRequested, reReviewed])
    .when({ type: 'RequestReReview', data: {} }, ctx(officer, later(41)))
    .thenRefused(t, 'not_reviewed', 're-review is final');
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed, reReviewRequested, reReviewed])
    .when({ type: 'RequestReview', data: {} }, ctx(officer, later(41)))
    .thenRefused(t, 'not_answered', 'and no second review');
});

t.test('review goes up a tier: 复查 above the answering office, 复核 above the reviewer (arts. 35–36)', async (t) => {
  const decideReview: PetitionCommand = { type: 'DecideReview', data: { outcome: 'upheld', text: sealed, textSha256: hash } };
  const asCounty: PetitionEvent = { ...answered, data: { ...answered.data, answeringCenter: county } } as PetitionEvent;
  spec
    .given([registered, accepted, asCounty])
    .when({ type: 'RequestReview', data: {} }, ctx(officer, later(1)))
    .then(t, [{ type: 'PetitionReviewRequested', data: { ...base, requestedAt: later(1).toISOString(), reviewingCenter: city } }], 'a county answer is reviewed by the city');
  const countyReview: PetitionEvent = { type: 'PetitionReviewRequested', data: { ...base, requestedAt: later(1).toISOString(), reviewingCenter: city } };
  spec
    .given([registered, accepted, asCounty, countyReview])
    .when(decideReview, ctx(director, later(2)))
    .thenRefused(t, 'not_review_office', 'the county that answered does not review itself');
  spec
    .given([registered, accepted, answered, reviewRequested])
    .when(decideReview, ctx({ ...director, centerCode: '230303' }, later(20)))
    .thenRefused(t, 'not_review_office', 'nor a sibling county');
  spec
    .given([registered, accepted, answered, reviewRequested])
    .when(decideReview, ctx(cityDirector, later(20)))
    .thenRefused(t, 'not_review_office', 'nor the office two levels up');
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed, reReviewRequested])
    .when({ type: 'DecideReReview', data: { outcome: 'upheld', text: sealed, textSha256: hash } }, ctx(director, later(40)))
    .thenRefused(t, 'not_review_office', 'the reviewer does not re-review');
  const asCity: PetitionEvent = { ...answered, data: { ...answered.data, answeringCenter: city } } as PetitionEvent;
  spec
    .given([registered, accepted, asCity])
    .when({ type: 'RequestReview', data: {} }, ctx(officer, later(1)))
    .thenRefused(t, 'no_higher_office', 'above the city is the province');
});

t.test('诉访分离: a 涉法涉诉 matter is diverted to the legal channel and leaves the review path', async (t) => {
  const divert: PetitionCommand = {
    type: 'DivertToLegalChannel',
    data: { legalChannel: 'litigation', mode: 'transferred', unit: { kind: 'court', name: '鸡冠区人民法院' }, explanation: '属民事诉讼范围，已转交法院' },
  };
  const diverted: PetitionEvent = {
    type: 'PetitionDivertedToLegalChannel',
    data: {
      ...base,
      legalChannel: 'litigation',
      mode: 'transferred',
      unit: { kind: 'court', name: '鸡冠区人民法院' },
      explanation: '属民事诉讼范围，已转交法院',
      divertingCenter: township,
      divertedAt: now.toISOString(),
    },
  };
  spec.given([registered]).when(divert, ctx()).then(t, [diverted]);
  spec.given([registered, accepted]).when(divert, ctx()).then(t, [diverted], 'also once accepted, before the answer');
  spec.given([registered, accepted, answered]).when(divert, ctx()).thenRefused(t, 'not_divertible');
  spec.given([registered, diverted]).when({ type: 'AcceptPetition', data: {} }, ctx()).thenRefused(t, 'not_awaiting_acceptance');
  spec
    .given([registered, diverted])
    .when({ type: 'AnswerPetition', data: { text: sealed, textSha256: hash } }, ctx())
    .thenRefused(t, 'not_awaiting_answer');
  spec.given([registered, diverted]).when({ type: 'RequestReview', data: {} }, ctx()).thenRefused(t, 'not_answered', 'no 复查 after diversion');
  spec
    .given([registered])
    .when({ type: 'DivertToLegalChannel', data: { legalChannel: 'arbitration', mode: 'transferred', explanation: 'x' } }, ctx())
    .thenRefused(t, 'unit_required');
});

t.test('resolution (化解 / 息诉罢访)', async (t) => {
  const resolve: PetitionCommand = { type: 'ResolvePetition', data: { kind: 'ceased', summary: '息诉罢访' } };
  spec.given([registered, accepted]).when(resolve, ctx()).then(t, [resolved]);
  spec
    .given([registered, accepted, answered, reviewRequested, reviewed, reReviewRequested, reReviewed])
    .when(resolve, ctx())
    .then(t, [resolved], 'a finally reviewed backlog case can still be resolved');
  spec.given([registered]).when(resolve, ctx()).thenRefused(t, 'petition_not_active');
  spec.given([registered, accepted, resolved]).when(resolve, ctx()).thenRefused(t, 'petition_not_active');
  spec
    .given([registered, { type: 'PetitionDeclined', data: { ...base, reason: 'other', explanation: 'x', decidedAt: now.toISOString(), withinWindow: true } }])
    .when(resolve, ctx())
    .thenRefused(t, 'petition_not_active');
});

t.test('evolve keeps the marks beside the status', async (t) => {
  const s = [registered, accepted, backlog, leaderAssigned, signed, listed].reduce(petitionDecider.evolve, petitionDecider.initialState);
  t.match(s, {
    status: 'accepted',
    backlog: { reason: '信访三年未化解' },
    leader: { leaderUserId: 'leader-7', signedAt: now.toISOString(), statementSha256: hash },
    supervisions: { s1: { lifted: false, supervisingCenter: county } },
  });
});
