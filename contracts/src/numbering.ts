/**
 * The bookkeeping events of case numbering (一案一编码, see services/intake/src/application/case-code.ts).
 * They are not facts of any case: views, the timeline and the live feed skip them.
 */

/** A number of a center-year counter was taken by a case (counter stream `casecode-<center>-<year>`). */
export const CASE_CODE_CLAIMED = 'CaseCodeClaimed';
/** A claimed number was given back (its case was never written, or was a duplicate): the next case takes it. */
export const CASE_CODE_RELEASED = 'CaseCodeReleased';
/**
 * Written into a case stream that a claim named but that was never written (its writer died or
 * stalled), so the writer can no longer write it under that number. Only stores without
 * multi-stream transactions (EventStoreDB) ever need it.
 */
export const REGISTRATION_ABANDONED = 'RegistrationAbandoned';

export const isNumberingEvent = (type: string): boolean => type === CASE_CODE_CLAIMED || type === CASE_CODE_RELEASED || type === REGISTRATION_ABANDONED;
