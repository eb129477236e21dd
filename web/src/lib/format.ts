import { i18n } from '../i18n';

const TZ = 'Asia/Shanghai';

function locale(): string {
  return i18n.global.locale.value === 'en' ? 'en-GB' : 'zh-CN';
}

/** A date-time in China time (UTC+8), as people read it: never an ISO string on screen. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function dateOnly(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00+08:00` : iso);
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function shortDay(day: string): string {
  const d = new Date(`${day}T00:00:00+08:00`);
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, month: 'numeric', day: 'numeric' }).format(d);
}

export function clockTime(d: Date): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

/** "3天5小时后" / "已超期2天": the countdown on a deadline clock. */
export function countdown(iso: string | null | undefined, now: number = Date.now()): { text: string; overdue: boolean } {
  if (!iso) return { text: '—', overdue: false };
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const t = i18n.global.t;
  const span = days > 0 ? t('time.daysHours', { d: days, h: hours }) : t('time.hours', { h: Math.max(hours, 0), m: Math.floor((abs % 3_600_000) / 60_000) });
  return ms >= 0 ? { text: t('time.left', { span }), overdue: false } : { text: t('time.overdue', { span }), overdue: true };
}

/** An ISO date-time from a date picker's value, at the end of that day in China time when only a day is chosen. */
export function toIso(v: Date | string | null | undefined): string | undefined {
  if (!v) return undefined;
  return new Date(v).toISOString();
}
