import { randomUUID } from 'node:crypto';
import { intake, mediation, petition, referral, sealParties, type Actor, type PersonalDataVault } from '@zz/contracts';
import type { EventData } from '@zz/eventstore';

/**
 * Test support: one case walked through every flow, as stored events (data in the flows' current
 * shapes, sealed with a real key store), plus two neighbouring cases, for the flow views' tests.
 */

/** The person whose details the no-clear-text tests grep the view files for. */
export const SEEDED_PERSON = { name: '王秀英', idNumber: '230302198001011234', phone: '13812345678', address: '鸡冠区红军路街道幸福小区7号楼' };

export const T1 = '230302101'; // demo township of 鸡冠区
export const T2 = '230302102';
export const H1 = '230303101'; // demo township of 恒山区
export const JIGUAN = '230302';
export const HENGSHAN = '230303';
export const CITY = '230300';

export const T0 = Date.parse('2025-03-03T09:00:00+08:00');
const DAY = 86_400_000;
export const at = (days: number, minutes = 0) => new Date(T0 + days * DAY + minutes * 60_000).toISOString();
const sha = (c: string) => c.repeat(64);

export interface Appended {
  stream: string;
  events: EventData[];
}

const VERSIONS: Record<string, number> = { ...intake.INTAKE_SCHEMA_VERSIONS, ...mediation.MEDIATION_SCHEMA_VERSIONS, ...referral.REFERRAL_SCHEMA_VERSIONS, ...petition.PETITION_SCHEMA_VERSIONS };

function ev(caseCode: string, actor: Actor, type: string, data: Record<string, unknown>, occurredAt: string, schemaVersion = VERSIONS[type] ?? 1): EventData {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion,
    occurredAt,
    data: { ...data, caseCode },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), caseCode, actor },
  };
}

const clerk = (center: string): Actor => ({ userId: `clerk@${center}`, role: 'intake_clerk', centerCode: center });
const mediatorActor: Actor = { userId: 'mediator-li', role: 'mediator', centerCode: T1 };
const court: Actor = { userId: 'court-zhang', role: 'court_liaison', centerCode: JIGUAN };
const officer: Actor = { userId: 'petition-officer', role: 'petition_officer', centerCode: T1 };
const leader: Actor = { userId: 'leader-sun', role: 'responsible_leader', centerCode: JIGUAN };
const system: Actor = { userId: 'system:reactions', role: 'admin', centerCode: CITY };

/**
 * The scenario, in append order (each entry one append to one stream):
 * - case A (township T1): accepted in a day, whistle to two departments (one reports in), routed to
 *   mediation which fails, referred to court, settled and judicially confirmed, taken on, closed
 *   resolved on time, follow-up satisfied; a deadline event of a type the views don't know;
 *   petition P1 on the same case (accepted in time, backlog, leader, signed, listed supervision,
 *   interview, notice, answered, review, re-review) and P2 (repeat of P1, declined in time).
 * - case B (township T2): accepted after 5 days, closed unresolved after its due date, dissatisfied.
 * - case C (恒山区 H1): registered only; a whistle nobody answers (due in a day).
 */
export async function scenario(vault: PersonalDataVault) {
  const caseA = { caseId: randomUUID(), caseCode: `${T1}-2025-000001` };
  const caseB = { caseId: randomUUID(), caseCode: `${T2}-2025-000001` };
  const caseC = { caseId: randomUUID(), caseCode: `${H1}-2025-000001` };
  const mediationId = randomUUID();
  const referralId = randomUUID();
  const p1 = randomUUID();
  const p2 = randomUUID();
  const { parties, description } = await sealParties(
    vault,
    [
      { role: 'applicant', kind: 'person', details: SEEDED_PERSON },
      { role: 'respondent', kind: 'organization', details: { name: '鸡西市某建筑公司' } },
    ],
    `${SEEDED_PERSON.name}反映邻居装修漏水`,
  );
  const narrator = parties[0]!.personId;
  const seal = (text: string) => vault.seal(narrator, text);

  const A = (type: string, data: Record<string, unknown>, when: string, actor: Actor = clerk(T1)) => ev(caseA.caseCode, actor, type, { caseId: caseA.caseId, ...data }, when);
  const M = (type: string, data: Record<string, unknown>, when: string) => ev(caseA.caseCode, mediatorActor, type, { mediationId, caseId: caseA.caseId, ...data }, when);
  const R = (type: string, data: Record<string, unknown>, when: string) => ev(caseA.caseCode, court, type, { referralId, caseId: caseA.caseId, ...data }, when);
  const P = (id: string, type: string, data: Record<string, unknown>, when: string, actor: Actor = officer) => ev(caseA.caseCode, actor, type, { petitionId: id, ...data }, when);
  const B = (type: string, data: Record<string, unknown>, when: string) => ev(caseB.caseCode, clerk(T2), type, { caseId: caseB.caseId, ...data }, when);
  const C = (type: string, data: Record<string, unknown>, when: string) => ev(caseC.caseCode, clerk(H1), type, { caseId: caseC.caseId, ...data }, when);
  const registered = (area: string, center: string, title: string) => ({ centerCode: center, areaCode: area, category: 'neighbours', source: 'party_application', title, description, parties });

  const dA = intake.disputeStream(caseA.caseId);
  const dB = intake.disputeStream(caseB.caseId);
  const dC = intake.disputeStream(caseC.caseId);
  const mA = mediation.mediationStream(mediationId);
  const rA = referral.referralStream(referralId);
  const sP1 = petition.petitionStream(p1);
  const sP2 = petition.petitionStream(p2);
  const petitionRegistered = (title: string, receivedAt: string) => ({
    centerCode: T1,
    areaCode: `${T1}001`,
    channel: 'letter',
    title,
    description,
    petitioners: [parties[0]],
    matter: { subjectArea: 'land_expropriation', linkedCaseCode: caseA.caseCode, linkedDisputeId: caseA.caseId },
    receivedAt,
  });

  const appends: Appended[] = [
    { stream: dA, events: [A('DisputeRegistered', registered(`${T1}001`, T1, '楼上装修漏水纠纷'), at(0))] },
    { stream: dB, events: [B('DisputeRegistered', registered(T2, T2, '宅基地边界纠纷'), at(0, 5))] },
    { stream: dC, events: [C('DisputeRegistered', registered(H1, H1, '物业费纠纷'), at(0, 10))] },
    {
      stream: dA,
      events: [
        A('DisputeAccepted', {}, at(1)),
        A('RiskAssessed', { grade: 'yellow', ruleGrade: 'green', factors: ['repeated_calls'], supervision: 'ordinary', overrideReason: '多次报警' }, at(1, 10)),
        A(
          'WhistleBlown',
          {
            whistleId: 'w1',
            centerCode: T1,
            departments: [
              { code: 'hrss', name: '人社局' },
              { code: 'housing', name: '住建局' },
            ],
            reportInDueAt: at(3),
            reason: '需部门报到',
          },
          at(1, 20),
        ),
      ],
    },
    { stream: dC, events: [C('WhistleBlown', { whistleId: 'w2', centerCode: H1, departments: [{ code: 'justice', name: '司法局' }], reportInDueAt: at(1), reason: '需部门报到' }, at(0, 30))] },
    {
      stream: dA,
      events: [
        A('DepartmentReportedIn', { whistleId: 'w1', departmentCode: 'hrss' }, at(2)),
        A('DisputeRoutedToMediation', { centerCode: T1, organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会' }, at(2, 10)),
      ],
    },
    {
      stream: mA,
      events: [
        M(
          'MediationOpened',
          {
            areaCode: `${T1}001`,
            handlingCenter: T1,
            category: 'neighbours',
            organisationKind: 'peoples_mediation_committee',
            organisationName: '红军路街道人民调解委员会',
            parties: parties.map((p) => ({ personId: p.personId, role: p.role })),
            narratorId: narrator,
          },
          at(2, 20),
        ),
        M('MediatorAssigned', { mediatorId: 'mediator-li' }, at(2, 30)),
        M(
          'MediationSessionRecorded',
          {
            sessionNo: 1,
            heldAt: at(3),
            attendees: [
              { kind: 'party', personId: narrator },
              { kind: 'role', role: 'mediator' },
            ],
            notes: seal(`${SEEDED_PERSON.name}坚持索赔两万元`),
          },
          at(3, 10),
        ),
        M('MediationFailed', { reason: 'no_agreement' }, at(4)),
        M('MediationClosed', { outcome: 'failed' }, at(4, 5)),
      ],
    },
    {
      stream: dA,
      events: [
        A('MediationOutcomeRecorded', { mediationId, outcome: 'failed', failureReason: 'no_agreement' }, at(4, 10), system),
        A('DisputeAwaitingReferral', { mediationId, reason: 'mediation_failed' }, at(4, 10), system),
      ],
    },
    {
      stream: rA,
      events: [
        R(
          'ReferredToCourt',
          {
            areaCode: `${T1}001`,
            handlingCenter: T1,
            category: 'neighbours',
            court: { code: 'jg-court', name: '鸡冠区人民法院' },
            consents: [{ personId: narrator, consentedAt: at(4, 20) }],
            parties: [],
            narratorId: narrator,
            fromMediationId: mediationId,
          },
          at(4, 30),
        ),
        R('ReferralAccepted', { preFilingNumber: '(2025)黑0302诉前调1号', mediatorId: 'court-mediator-1', acceptedAt: at(5) }, at(5)),
        R('ReferralSettled', { terms: seal('赔偿八千元'), amounts: [{ label: '赔偿款', amountFen: 800_000 }], effectiveAt: at(6), confirmationApplyBy: at(36) }, at(6)),
        R('JudicialConfirmationApplied', { applicants: [narrator], appliedAt: at(7) }, at(7)),
        R('JudicialConfirmationGranted', { ruledAt: at(8), rulingNumber: '(2025)黑0302民特1号' }, at(8)),
      ],
    },
    {
      stream: dA,
      events: [
        A('CourtOutcomeRecorded', { referralId, outcome: 'confirmed' }, at(8, 10), system),
        A('DisputeTakenOn', { centerCode: T1, dueAt: at(20) }, at(8, 20)),
        A('DisputeClosed', { outcome: 'resolved', summary: '司法确认后履行完毕' }, at(10)),
        A('FollowUpVisited', { satisfaction: 'satisfied', method: 'phone' }, at(12)),
      ],
    },
    {
      stream: `deadline-${caseA.caseId}-w1`,
      events: [
        ev(
          caseA.caseCode,
          system,
          'DeadlineMissed',
          {
            clockId: `${caseA.caseId}-w1`,
            policyId: 'intake.whistle-report-in',
            centerCode: T1,
            obligedParty: 'center',
            startedAt: at(1, 20),
            dueAt: at(3),
            dueDate: at(3).slice(0, 10),
            detectedAt: at(3, 1),
          },
          at(3, 1),
        ),
      ],
    },
    // A reaction event this version of the views doesn't know: shown by type, nothing of its data kept.
    { stream: dA, events: [A('SomethingNewHappened', { secret: SEEDED_PERSON.phone }, at(3, 2), system)] },
    {
      stream: dB,
      events: [
        B('DisputeAccepted', {}, at(5)),
        B('DisputeTakenOn', { centerCode: T2, dueAt: at(6) }, at(5, 10)),
        B('DisputeClosed', { outcome: 'unresolved', summary: '双方分歧较大' }, at(8)),
        B('FollowUpVisited', { satisfaction: 'dissatisfied', method: 'visit' }, at(9)),
      ],
    },
    {
      stream: sP1,
      events: [
        P(p1, 'PetitionRegistered', petitionRegistered('征地补偿款未足额发放', at(1)), at(1)),
        P(p1, 'PetitionAccepted', { decidedAt: at(3), withinWindow: true }, at(3)),
        P(p1, 'PetitionMarkedBacklog', { reason: '久拖未决' }, at(4)),
        P(p1, 'ResponsibleLeaderAssigned', { leaderUserId: 'leader-sun', post: '区委副书记' }, at(4, 10)),
        P(p1, 'ResponsibilityStatementSigned', { leaderUserId: 'leader-sun', signedAt: at(4, 20), statementSha256: sha('a') }, at(4, 20), leader),
        P(p1, 'PetitionListedForSupervision', { supervisionId: 's1', supervisingCenter: JIGUAN, dueAt: at(30), instructions: '限期化解' }, at(5)),
        P(p1, 'AdmonishingInterviewHeld', { interviewingCenter: JIGUAN, interviewee: '红军路街道办事处', heldAt: at(6), summary: '督促落实' }, at(6)),
        P(p1, 'NoticeCirculated', { issuingCenter: JIGUAN, scope: '全区', summary: '通报进展' }, at(6, 10)),
        P(p1, 'PetitionAnswered', { text: seal(`${SEEDED_PERSON.name}：经核查，补偿款已补发`), textSha256: sha('b'), answeredAt: at(20) }, at(20)),
        P(p1, 'PetitionReviewRequested', { requestedAt: at(25) }, at(25)),
        P(p1, 'PetitionReviewDecided', { outcome: 'upheld', text: seal('维持原答复'), textSha256: sha('c'), decidedAt: at(40), withinWindow: true }, at(40)),
        P(p1, 'PetitionReReviewRequested', { requestedAt: at(45) }, at(45)),
        P(p1, 'PetitionReReviewDecided', { outcome: 'upheld', text: seal('复核维持'), textSha256: sha('d'), decidedAt: at(60), withinWindow: true }, at(60)),
      ],
    },
    {
      stream: sP2,
      events: [
        P(p2, 'PetitionRegistered', petitionRegistered('征地补偿款未足额发放', at(61)), at(61)),
        P(p2, 'PetitionRepeatDetected', { repeatOf: [{ petitionId: p1, caseCode: caseA.caseCode, basis: 'linked_case' }] }, at(61)),
        P(p2, 'PetitionDeclined', { reason: 'matter_finally_reviewed', explanation: '已复核终结', decidedAt: at(62), withinWindow: true }, at(62)),
      ],
    },
  ];
  return { caseA, caseB, caseC, mediationId, referralId, p1, p2, narrator, appends };
}
