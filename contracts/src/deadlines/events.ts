import { z } from 'zod';
import { CalendarDate } from './calendar.js';
import { DayUnit, ObligedParty } from './policy.js';

/**
 * Deadline events, on one stream per clock (`deadline-<clockId>`). The watcher appends
 * DeadlineApproaching / DeadlineMissed; staff record pauses and approved extensions on the same
 * stream, so the stream's revision orders everything that happens to one clock.
 * Every event carries the case code in its metadata (and data) so the case timeline joins it.
 */

const at = z.iso.datetime({ offset: true });
const base = {
  clockId: z.string().min(1),
  /** The policy row (e.g. petition.answer). */
  policyId: z.string().min(1),
  caseCode: z.string().min(1),
  /** The center answerable for the clock. */
  centerCode: z.string().min(1),
};

/** What the watcher saw when it raised the alert. */
const alert = {
  ...base,
  obligedParty: ObligedParty,
  startedAt: at,
  dueAt: at,
  /** The due day in China Standard Time, for people. */
  dueDate: CalendarDate,
  /** The watcher's clock when it decided. */
  detectedAt: at,
};

export const DeadlineApproaching = z.object({ ...alert, leadStartsAt: at });
/** `stoppedLateAt`: the clock had already ended, after its due date, when the miss was recorded. */
export const DeadlineMissed = z.object({ ...alert, stoppedLateAt: at.optional() });

export const PauseReason = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/);
export const DeadlineClockPaused = z.object({ ...base, reason: PauseReason, note: z.string().optional(), pausedAt: at });
export const DeadlineClockResumed = z.object({ ...base, resumedAt: at, note: z.string().optional() });
export const DeadlineClockExtended = z.object({
  ...base,
  days: z.int().min(1),
  unit: DayUnit,
  /** The approving official (user id) — 经本机关负责人批准. */
  approvedBy: z.string().min(1),
  reason: z.string().min(1),
  /** The petitioner / parties were told why (信访工作条例 art. 34: 并告知信访人延期理由). */
  notifiedAt: at.optional(),
});

export const DEADLINE_EVENT_SCHEMAS = {
  DeadlineApproaching,
  DeadlineMissed,
  DeadlineClockPaused,
  DeadlineClockResumed,
  DeadlineClockExtended,
} as const;

type Schemas = typeof DEADLINE_EVENT_SCHEMAS;
export type DeadlineEventType = keyof Schemas;
export type DeadlineEvent = { [K in DeadlineEventType]: { type: K; data: z.infer<Schemas[K]> } }[DeadlineEventType];
export type DeadlineEventOf<K extends DeadlineEventType> = Extract<DeadlineEvent, { type: K }>;

export const DEADLINE_SCHEMA_VERSIONS: Record<DeadlineEventType, number> = {
  DeadlineApproaching: 1,
  DeadlineMissed: 1,
  DeadlineClockPaused: 1,
  DeadlineClockResumed: 1,
  DeadlineClockExtended: 1,
};
