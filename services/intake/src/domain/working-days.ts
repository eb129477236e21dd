/**
 * Working days (Monday–Friday, China time) passed from one instant to another: the day of `from`
 * does not count. Public holidays and make-up days are not known here (the holiday calendar is the
 * deadline service's configuration), so a window counted here may close a holiday early — the
 * deciders use it only for short local-policy windows (退回 within N working days).
 */
export function workingDaysBetween(fromIso: string, to: Date): number {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const end = day(to.getTime());
  let d = day(Date.parse(fromIso));
  let n = 0;
  for (let i = 0; i < 3660 && d < end; i++) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}
