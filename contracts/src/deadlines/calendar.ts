import { z } from 'zod';

/** A calendar date in China Standard Time. */
export const CalendarDate = z.iso.date();

/**
 * The holiday calendar (法定节假日与调休): per year, the days off and the make-up working days (调休上班,
 * usually Saturdays or Sundays). Published each year by the General Office of the State Council, so
 * config/holidays-cn.json must be updated every year (see `provisional`).
 */
export const HolidayYear = z
  .object({
    /** The notice it follows, e.g. 国务院办公厅关于2026年部分节假日安排的通知. */
    source: z.string().min(1),
    /** True when the notice was not yet published: statutory days only, no 调休 — replace it when it is. */
    provisional: z.boolean().default(false),
    holidays: z.array(z.object({ date: CalendarDate, name: z.string().min(1) }).strict()),
    makeUpWorkdays: z.array(z.object({ date: CalendarDate, name: z.string().min(1) }).strict()).default([]),
  })
  .strict();
export type HolidayYear = z.infer<typeof HolidayYear>;

export const HolidayCalendarFile = z
  .object({
    /** Always +08:00 (China Standard Time has no daylight saving). */
    utcOffset: z.literal('+08:00'),
    note: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/), HolidayYear),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [year, y] of Object.entries(file.years)) {
      for (const d of [...y.holidays, ...y.makeUpWorkdays]) if (!d.date.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path: ['years', year], message: `${d.date} is not in ${year}` });
      const off = new Set(y.holidays.map((h) => h.date));
      for (const m of y.makeUpWorkdays) if (off.has(m.date)) ctx.addIssue({ code: 'custom', path: ['years', year], message: `${m.date} is both a holiday and a make-up working day` });
    }
  });
export type HolidayCalendarFile = z.infer<typeof HolidayCalendarFile>;
