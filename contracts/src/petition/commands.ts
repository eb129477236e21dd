import { z } from 'zod';
import { PartyKind, PersonalDetails } from '../personal-data.js';
import { RedirectChannel } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import { MAX_GROUP_VISIT_REPRESENTATIVES } from './status.js';
import { PetitionSubjectArea } from './subject-areas.js';

/** Bodies of the petition commands (信访积案化解), as the HTTP API takes them. */

const isoDateTime = z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' });

/** How a petition arrived (信访形式). */
export const PetitionChannel = z.enum([
  'online', // 网上信访
  'letter', // 来信
  'phone', // 来电
  'fax', // 传真
  'visit', // 来访（走访）
]);
export type PetitionChannel = z.infer<typeof PetitionChannel>;

/** A petitioner (信访人): always a person or an organisation, sealed like a dispute party. */
export const PetitionerInput = z.object({
  kind: PartyKind.default('person'),
  details: PersonalDetails,
});
export type PetitionerInput = z.infer<typeof PetitionerInput>;

export const RegisterPetition = z
  .object({
    /** Where the matter arose: a township or grid inside the registering center's area. */
    areaCode: DivisionCode,
    channel: PetitionChannel,
    subjectArea: PetitionSubjectArea,
    /** A short title for queues; no names or numbers of people (it is not sealed). */
    title: z.string().trim().min(2).max(100),
    /** The petitioner's account (诉求); sealed under the first petitioner's key. */
    description: z.string().trim().min(1).max(5000),
    /** The petitioners; for a group visit, the representatives who came forward (at most 5). */
    petitioners: z.array(PetitionerInput).min(1, '至少一名信访人 / at least one petitioner').max(50),
    /** A group visit (集体访): how many people came in all. Only for the visit channel. */
    groupVisit: z.object({ visitorCount: z.int().min(2).max(100000) }).optional(),
    /** The dispute this petition is about, if any: the petition joins its case code. */
    disputeId: z.uuid({ message: '须为案件ID(UUID) / must be a case id (UUID)' }).optional(),
    /**
     * What the petition is about, in a few words (e.g. "红星村2019年征地补偿款"), without names of people.
     * Normalised, it identifies the matter for repeat detection when no dispute is linked.
     */
    matterKey: z.string().trim().min(2).max(200).optional(),
    /** When the petition was received (a letter may arrive before it is registered); defaults to now. */
    receivedAt: isoDateTime.optional(),
  })
  // Cross-field rules run even when other fields are invalid, so a 400 lists every problem at once
  // (the body is then only partly typed: every access below tolerates missing or wrong-typed fields).
  .superRefine(
    (b, ctx) => {
      if (b.channel === 'visit' && Array.isArray(b.petitioners) && b.petitioners.length > MAX_GROUP_VISIT_REPRESENTATIVES) {
        ctx.addIssue({
          code: 'custom',
          path: ['petitioners'],
          message: `走访人数众多的应推选代表，代表人数不超过${MAX_GROUP_VISIT_REPRESENTATIVES}人 / a group visit sends at most ${MAX_GROUP_VISIT_REPRESENTATIVES} representatives`,
        });
      }
      if (b.groupVisit && b.channel !== 'visit') {
        ctx.addIssue({ code: 'custom', path: ['groupVisit'], message: '仅走访可登记集体访 / only a visit can be a group visit' });
      }
      if (b.groupVisit && Array.isArray(b.petitioners) && b.groupVisit.visitorCount < b.petitioners.length) {
        ctx.addIssue({ code: 'custom', path: ['groupVisit', 'visitorCount'], message: '来访人数不能少于代表人数 / fewer visitors than representatives' });
      }
      if (!b.disputeId && !b.matterKey) {
        ctx.addIssue({ code: 'custom', path: ['matterKey'], message: '未关联案件时须填写事项关键词 / name the matter when no dispute is linked' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type RegisterPetition = z.infer<typeof RegisterPetition>;

export const AcceptPetition = z.object({ note: z.string().max(500).optional() }).default({});

/** Why a petition is not accepted (不予受理). */
export const PetitionDeclineReason = z.enum([
  'outside_remit', // 不属于信访事项受理范围
  'other_legal_channel', // 应当通过诉讼、仲裁、行政复议等法定途径解决
  'already_being_handled', // 已在办理中
  'matter_finally_reviewed', // 已经复核终结，不再受理
  'other',
]);
export type PetitionDeclineReason = z.infer<typeof PetitionDeclineReason>;
export const DeclinePetition = z.object({
  reason: PetitionDeclineReason,
  explanation: z.string().trim().min(1).max(1000),
  /** The channel the petitioner should use instead (告知其他途径). */
  redirectChannel: RedirectChannel.optional(),
});

export const MarkBacklog = z.object({ reason: z.string().trim().min(1).max(1000) });

/** 包保领导: who the leader is (their user id) and their post; they sign themselves. */
export const AssignResponsibleLeader = z.object({
  leaderUserId: z.string().trim().min(1).max(100),
  /** The leader's post (职务), e.g. 区委副书记. */
  post: z.string().trim().min(1).max(100),
});

/** The responsibility statement (包保责任书) as signed; only its SHA-256 is kept. */
export const SignResponsibilityStatement = z.object({ statementText: z.string().trim().min(10).max(20000) });

/** 挂牌督办: listed supervision with its own deadline. */
export const ListForSupervision = z.object({ dueAt: isoDateTime, instructions: z.string().trim().min(1).max(2000) });
export const LiftSupervision = z.object({ supervisionId: z.string().min(1), reason: z.string().trim().min(1).max(1000) });

/** 约谈: an admonishing interview with the responsible body; no names of petitioners. */
export const RecordAdmonishingInterview = z.object({
  /** The body or post interviewed (被约谈单位/职务). */
  interviewee: z.string().trim().min(1).max(200),
  heldAt: isoDateTime,
  summary: z.string().trim().min(1).max(2000),
});

/** 通报: a circulated notice. */
export const CirculateNotice = z.object({
  /** Who it was circulated to (通报范围), e.g. 全区. */
  scope: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(2000),
});

/** 书面答复: the written answer; the text is sealed under the first petitioner's key. */
export const AnswerPetition = z.object({ text: z.string().trim().min(1).max(20000) });

export const ReviewOutcome = z.enum([
  'upheld', // 维持
  'changed', // 变更
  'revoked', // 撤销，重新办理
]);
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

/** 复查/复核 requests: the date the petitioner asked (defaults to now); it must fall within 30 days. */
export const RequestReview = z.object({ requestedAt: isoDateTime.optional(), note: z.string().max(1000).optional() }).default({});
export const DecideReview = z.object({ outcome: ReviewOutcome, text: z.string().trim().min(1).max(20000) });
export const RequestReReview = RequestReview;
export const DecideReReview = DecideReview;

/**
 * 诉访分离: where a 涉法涉诉 matter belongs (信访工作条例 arts. 31–32, see config/deadline-policy.json
 * `rules`): litigation, arbitration or administrative reconsideration.
 */
export const LegalChannel = z.enum([
  'litigation', // 诉讼
  'arbitration', // 仲裁（含劳动人事争议仲裁）
  'administrative_reconsideration', // 行政复议
]);
export type LegalChannel = z.infer<typeof LegalChannel>;
export const LEGAL_CHANNEL_LABELS: Record<LegalChannel, { zh: string; en: string }> = {
  litigation: { zh: '诉讼', en: 'litigation' },
  arbitration: { zh: '仲裁', en: 'arbitration' },
  administrative_reconsideration: { zh: '行政复议', en: 'administrative reconsideration' },
};
/** The political-legal units (政法单位) a 涉法涉诉 petition is transferred to. */
export const PoliticalLegalUnitKind = z.enum(['court', 'procuratorate', 'public_security', 'justice_bureau']);
export type PoliticalLegalUnitKind = z.infer<typeof PoliticalLegalUnitKind>;
export const POLITICAL_LEGAL_UNIT_LABELS: Record<PoliticalLegalUnitKind, { zh: string; en: string }> = {
  court: { zh: '人民法院', en: 'court' },
  procuratorate: { zh: '人民检察院', en: 'procuratorate' },
  public_security: { zh: '公安机关', en: 'public security' },
  justice_bureau: { zh: '司法行政机关', en: 'justice bureau' },
};
/**
 * 诉访分离: guide the petitioner to the legal channel (引导), or transfer the matter to the
 * political-legal unit (转交政法单位). Either way it leaves the administrative review path.
 */
export const DivertToLegalChannel = z
  .object({
    legalChannel: LegalChannel,
    mode: z.enum(['guided', 'transferred']),
    /** Required when transferred: which unit received it. */
    unit: z.object({ kind: PoliticalLegalUnitKind, name: z.string().trim().min(2).max(100) }).optional(),
    /** What the petitioner was told (释法明理); no names of people. */
    explanation: z.string().trim().min(1).max(2000),
  })
  .superRefine(
    (b, ctx) => {
      if (b.mode === 'transferred' && !b.unit) ctx.addIssue({ code: 'custom', path: ['unit'], message: '转交时须写明接收的政法单位 / name the political-legal unit it is transferred to' });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type DivertToLegalChannel = z.infer<typeof DivertToLegalChannel>;

export const ResolutionKind = z.enum([
  'resolved', // 化解
  'ceased', // 息诉罢访
]);
export const ResolvePetition = z.object({ kind: ResolutionKind, summary: z.string().trim().min(1).max(2000) });
