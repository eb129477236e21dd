import { z } from 'zod';

/**
 * Lifecycle of a petition (信访事项):
 * registered → accepted | declined; accepted → answered (书面答复) → review_requested (复查申请) → reviewed
 * → re_review_requested (复核申请) → re_reviewed (terminal for the matter: not accepted again);
 * any accepted, unresolved state → resolved (化解 / 息诉罢访); registered | accepted → diverted (诉访分离:
 * a 涉法涉诉 matter leaves the administrative path for the legal channel, no 复查/复核). Backlog, leader and supervision are
 * marks beside the status, not states of their own.
 */
export const PetitionStatus = z.enum([
  'registered', // 已登记
  'accepted', // 已受理
  'declined', // 不予受理
  'answered', // 已书面答复
  'review_requested', // 已申请复查
  'reviewed', // 已复查
  're_review_requested', // 已申请复核
  're_reviewed', // 已复核（终结）
  'resolved', // 已化解 / 息诉罢访
  'diverted', // 涉法涉诉，导入法定途径（诉访分离）
]);
export type PetitionStatus = z.infer<typeof PetitionStatus>;

/** Accepted and not yet resolved: where the heavier tools (backlog, leader, supervision) apply. */
export const ACTIVE_PETITION_STATUSES: readonly PetitionStatus[] = ['accepted', 'answered', 'review_requested', 'reviewed', 're_review_requested', 're_reviewed'];
export const isActivePetition = (s: PetitionStatus): boolean => ACTIVE_PETITION_STATUSES.includes(s);

export const PETITION_STATUS_LABELS: Record<PetitionStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  accepted: { zh: '已受理', en: 'Accepted' },
  declined: { zh: '不予受理', en: 'Declined' },
  answered: { zh: '已书面答复', en: 'Answered in writing' },
  review_requested: { zh: '已申请复查', en: 'Review requested' },
  reviewed: { zh: '已复查', en: 'Reviewed' },
  re_review_requested: { zh: '已申请复核', en: 'Re-review requested' },
  re_reviewed: { zh: '已复核（终结）', en: 'Re-reviewed (final)' },
  resolved: { zh: '已化解', en: 'Resolved' },
  diverted: { zh: '已导入法定途径（诉访分离）', en: 'Diverted to the legal channel' },
};

/**
 * Statutory windows (信访工作条例 2022, arts. 22–23, 35, 36) in calendar days. The deciders use them to
 * refuse late review requests and to record whether a decision was timely; the deadline clocks (with
 * holidays, pauses and extensions) are the deadlines service's policy table.
 */
export const PETITION_WINDOWS = {
  acceptanceDays: 15,
  reviewRequestDays: 30,
  reviewDecisionDays: 30,
  reReviewRequestDays: 30,
  reReviewDecisionDays: 30,
} as const;

/** 多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人 (art. 18). */
export const MAX_GROUP_VISIT_REPRESENTATIVES = 5;
