import { z } from 'zod';

/**
 * Early-warning thresholds (见事早、看得准、下手先). Warnings are computed at read time, so these can
 * be changed per deployment (plugin options) or per request (query overrides) without a rebuild.
 */
export const WarningThresholds = z.object({
  /** The same party (by ID-number hash) in at least this many cases … */
  samePartyMinCases: z.coerce.number().int().min(2).max(100).default(3),
  /** … registered within this many days. */
  samePartyWindowDays: z.coerce.number().int().min(1).max(3650).default(90),
  /** At least this many disputes of one category in one township … */
  hotSpotMinCases: z.coerce.number().int().min(2).max(100000).default(5),
  /** … within this many days. */
  hotSpotWindowDays: z.coerce.number().int().min(1).max(365).default(7),
  /** Risk rises, repeat petitions and missed deadlines raised within this many days. */
  signalWindowDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** A whistled department that has not reported in this many hours after its due time. */
  reportInGraceHours: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(0),
});
export type WarningThresholds = z.infer<typeof WarningThresholds>;
export const DEFAULT_THRESHOLDS: WarningThresholds = WarningThresholds.parse({});
