/** Days are China-time calendar days (UTC+8, no DST): a case registered at 07:00 on the 2nd in Beijing counts on the 2nd. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of an instant in China time. */
export function chinaDay(at: Date | string | number): string {
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The China-time day `days` days before `now`'s day (0 = today). */
export function daysBefore(now: Date, days: number): string {
  return chinaDay(now.getTime() - days * DAY_MS);
}

/** The last `days` China-time days, oldest first, ending today. */
export function dayRange(now: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) => daysBefore(now, days - 1 - i));
}
