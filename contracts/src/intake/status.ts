import { z } from 'zod';

/**
 * Lifecycle of a dispute (矛盾纠纷) as every view and decider understands it:
 * registered → accepted | declined; accepted → in_progress (handled here, assigned down, whistled) | escalated;
 * escalated → in_progress (the upper center routes it); in_progress → closed → followed_up; closed/followed_up → in_progress (reopen).
 */
export const DisputeStatus = z.enum([
  'registered', // 已登记
  'accepted', // 已受理
  'declined', // 不予受理
  'in_progress', // 办理中
  'escalated', // 已上报
  'closed', // 已办结
  'followed_up', // 已回访
]);
export type DisputeStatus = z.infer<typeof DisputeStatus>;
export const OPEN_STATUSES: readonly DisputeStatus[] = ['registered', 'accepted', 'in_progress', 'escalated'];
export const isOpen = (s: DisputeStatus): boolean => OPEN_STATUSES.includes(s);

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  accepted: { zh: '已受理', en: 'Accepted' },
  declined: { zh: '不予受理', en: 'Declined' },
  in_progress: { zh: '办理中', en: 'In progress' },
  escalated: { zh: '已上报', en: 'Escalated' },
  closed: { zh: '已办结', en: 'Closed' },
  followed_up: { zh: '已回访', en: 'Followed up' },
};
