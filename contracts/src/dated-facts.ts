import { DomainError } from './envelope.js';

/**
 * Dated facts (DOMAIN.md: "every dated fact follows the facts it depends on"). A date a caller gives
 * (acceptedAt, effectiveAt, appliedAt, ruledAt …) may not lie before the fact it depends on, nor in
 * the future beyond a small clock skew between the caller's device and the server.
 */

/** How far ahead of the server's clock a caller's timestamp may be (device clocks drift a little). */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A dated field that breaks the order of facts. It is a DomainError (deciders return it), but the
 * HTTP layer answers 400 naming the field, because the request itself is wrong, not the state.
 */
export class InvalidDateError extends DomainError {
  constructor(
    /** The body field, e.g. `acceptedAt`. */
    readonly field: string,
    reason: string,
    message: string,
  ) {
    super(reason, message);
    this.name = 'InvalidDateError';
  }
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
/** An instant as a person in China reads it: 2026-03-10 10:00. */
export const chinaDateTime = (iso: string): string => new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Checks one dated field: not in the future beyond the skew, and on or after each fact it depends
 * on. Returns the first violation, or undefined. `after` lists [the earlier fact's instant, its name zh, en].
 */
export function checkDated(field: string, value: string, now: Date, after: readonly (readonly [string | null | undefined, string, string])[] = []): InvalidDateError | undefined {
  const t = Date.parse(value);
  if (t > now.getTime() + FUTURE_SKEW_MS) return new InvalidDateError(field, 'time_in_future', `${field}：时间不能晚于当前时间 / ${field} is in the future`);
  for (const [earlier, zh, en] of after) {
    // Whole seconds: callers (people, shell scripts, other systems) send times to the second.
    if (earlier && Math.floor(t / 1000) < Math.floor(Date.parse(earlier) / 1000)) {
      return new InvalidDateError(field, 'time_before_dependency', `${field}：不能早于${zh}（${chinaDateTime(earlier)}） / ${field} cannot be before ${en} (${chinaDateTime(earlier)} China time)`);
    }
  }
  return undefined;
}
