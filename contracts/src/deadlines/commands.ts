import { z } from 'zod';
import { PauseReason } from './events.js';

/** Bodies of the clock commands staff may issue (pause for appraisal/hearing, resume, extend with approval). */

const isoDateTime = z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' });

export const PauseClock = z.object({
  /** One of the clock policy's pause reasons, e.g. expert_appraisal (鉴定), hearing (听证). */
  reason: PauseReason,
  note: z.string().trim().max(1000).optional(),
});
export type PauseClock = z.infer<typeof PauseClock>;

export const ResumeClock = z.object({ note: z.string().trim().max(1000).optional() });
export type ResumeClock = z.infer<typeof ResumeClock>;

export const ExtendClock = z.object({
  days: z.int().min(1).max(365),
  /** The approving official (user id). */
  approvedBy: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(1).max(1000),
  notifiedAt: isoDateTime.optional(),
});
export type ExtendClock = z.infer<typeof ExtendClock>;
