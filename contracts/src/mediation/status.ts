import { z } from 'zod';

/**
 * Lifecycle of a mediation file (调解):
 * opened → in_mediation (mediator assigned) → agreed | failed | refused → closed.
 * A clear refusal by a party stops mediation: only closing is allowed after it.
 */
export const MediationStatus = z.enum([
  'opened', // 已立卷，待指派调解员
  'in_mediation', // 调解中
  'refused', // 当事人明确拒绝，调解终止
  'agreed', // 达成调解协议（履行跟踪中）
  'failed', // 调解不成
  'closed', // 已结卷
]);
export type MediationStatus = z.infer<typeof MediationStatus>;

export const MEDIATION_STATUS_LABELS: Record<MediationStatus, { zh: string; en: string }> = {
  opened: { zh: '已立卷', en: 'Opened' },
  in_mediation: { zh: '调解中', en: 'In mediation' },
  refused: { zh: '当事人拒绝调解', en: 'Refused by a party' },
  agreed: { zh: '达成协议', en: 'Agreement reached' },
  failed: { zh: '调解不成', en: 'Failed' },
  closed: { zh: '已结卷', en: 'Closed' },
};

export const ORGANISATION_KIND_LABELS = {
  peoples_mediation_committee: { zh: '人民调解委员会', en: "People's mediation committee" },
  industry_professional: { zh: '行业性专业性调解组织', en: 'Industry/professional mediation organisation' },
  administrative: { zh: '行政调解', en: 'Administrative mediation' },
  court_invited: { zh: '法院特邀调解', en: 'Court-invited mediation' },
} as const;
