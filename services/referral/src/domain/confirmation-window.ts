import { referral } from '@zz/contracts';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The last moment parties may apply for judicial confirmation: the end of the 30th calendar day
 * (China time) after the agreement took effect (人民调解法 art. 33; 民事诉讼法 art. 205).
 * Holidays do not move it here; the deadline policy with its holiday calendar may later.
 */
export function confirmationApplyBy(effectiveAt: string): string {
  const local = new Date(Date.parse(effectiveAt) + CHINA_OFFSET_MS);
  const endOfLastDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + referral.CONFIRMATION_WINDOW_DAYS + 1) - 1;
  return new Date(endOfLastDay - CHINA_OFFSET_MS).toISOString();
}

/** 2026-04-09T15:59:59.999Z → 2026-04-09 (the China-time calendar date a person would read). */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
