import { z } from 'zod';

/**
 * Lifecycle of a pre-litigation referral (诉前调解):
 * referred → in_mediation (court accepted, mediator designated) → settled | failed;
 * settled → confirmation_applied → confirmation_accepted (the court accepts the application: its
 * 15(+10)-day ruling clock starts) → confirmed | confirmation_rejected; confirmation_applied →
 * confirmation_refused (不予受理). A mediation agreement made elsewhere (people's mediation) starts a
 * file directly at confirmation_applied (人民调解法 art. 33);
 * any non-terminal state → filed (立案 is always an exit). confirmed and filed are terminal.
 */
export const ReferralStatus = z.enum([
  'referred', // 已委派，待法院接收
  'in_mediation', // 诉前调解中
  'settled', // 调解成功
  'failed', // 调解不成
  'confirmation_applied', // 已申请司法确认
  'confirmation_accepted', // 法院已受理司法确认申请
  'confirmation_refused', // 法院不予受理司法确认申请
  'confirmed', // 司法确认有效
  'confirmation_rejected', // 驳回司法确认申请
  'filed', // 已立案
]);
export type ReferralStatus = z.infer<typeof ReferralStatus>;
export const REFERRAL_TERMINAL: readonly ReferralStatus[] = ['confirmed', 'filed'];

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, { zh: string; en: string }> = {
  referred: { zh: '已委派', en: 'Referred' },
  in_mediation: { zh: '诉前调解中', en: 'In pre-filing mediation' },
  settled: { zh: '调解成功', en: 'Settled' },
  failed: { zh: '调解不成', en: 'Failed' },
  confirmation_applied: { zh: '已申请司法确认', en: 'Judicial confirmation applied for' },
  confirmation_accepted: { zh: '司法确认已受理', en: 'Confirmation application accepted' },
  confirmation_refused: { zh: '司法确认不予受理', en: 'Confirmation application not accepted' },
  confirmed: { zh: '司法确认有效', en: 'Judicially confirmed' },
  confirmation_rejected: { zh: '驳回确认申请', en: 'Confirmation rejected' },
  filed: { zh: '已立案', en: 'Case filed' },
};

/** Parties apply for judicial confirmation within 30 days of the agreement taking effect (人民调解法 art. 33). */
export const CONFIRMATION_WINDOW_DAYS = 30;
