import { z } from 'zod';

/**
 * The deadline policy table (时限规则表): which clocks run on a case, when they start, how long they
 * are, what extends, pauses and stops them. Data, not code — config/deadline-policy.json holds the
 * defaults (docs/domain.md § Deadlines) with their legal sources; a deployment may load its own file.
 *
 * Paths name a field of an event's data with dots (`court.code`, `department.code`); a few
 * envelope values are reachable with a `$` prefix: `$occurredAt`, `$eventId`, `$caseCode`,
 * `$actor.userId`, `$actor.centerCode`, and, inside a fan-out start, `$each.<field>`.
 */
export const FieldPath = z.string().regex(/^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted field path');
export type FieldPath = z.infer<typeof FieldPath>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A condition on one field: equal to a value, one of, none of, or present/absent. */
export const FieldCondition = z.union([Scalar, z.object({ in: z.array(Scalar).min(1) }).strict(), z.object({ notIn: z.array(Scalar).min(1) }).strict(), z.object({ exists: z.boolean() }).strict()]);
export type FieldCondition = z.infer<typeof FieldCondition>;
/** Every condition must hold. */
export const Where = z.record(FieldPath, FieldCondition);
export type Where = z.infer<typeof Where>;

/**
 * How an event finds its clock: clock-key name → path in this event. Only the names given are
 * compared, so `{ caseId: 'caseId' }` on DisputeClosed matches every clock of that case.
 */
export const KeyMap = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), FieldPath);
export type KeyMap = z.infer<typeof KeyMap>;

export const DayUnit = z.enum(['calendar_days', 'working_days']);
export type DayUnit = z.infer<typeof DayUnit>;

export const ClockFlow = z.enum(['intake', 'mediation', 'referral', 'petition']);
export type ClockFlow = z.infer<typeof ClockFlow>;

/** Who has to act before the due date: the center/department, a party (a window that closes), or the court. */
export const ObligedParty = z.enum(['center', 'party', 'court']);
export type ObligedParty = z.infer<typeof ObligedParty>;

/** When the clock starts and which instance it is. */
export const ClockStart = z
  .object({
    event: z.string().min(1),
    where: Where.optional(),
    /** The start instant (default `$occurredAt`, the time the event was recorded). */
    at: FieldPath.default('$occurredAt'),
    /** The clock instance's key; its values, joined, make the clock id (`<policy id>:<values…>`). */
    key: KeyMap.refine((k) => Object.keys(k).length > 0, 'at least one key field'),
    /** Fan out: one clock per element of this array (e.g. one per department called by a whistle). */
    each: FieldPath.optional(),
    /** The center answerable for the clock (default: the acting user's center, `$actor.centerCode`). */
    center: FieldPath.optional(),
  })
  .strict();
export type ClockStart = z.infer<typeof ClockStart>;

/** The limit, counted from the day after the start day (期间开始的日不计入). */
export const ClockLimit = z.object({ amount: z.int().min(0).max(3650), unit: DayUnit }).strict();
export type ClockLimit = z.infer<typeof ClockLimit>;

/**
 * An extension. Either from a flow event (e.g. MediationExtended with both parties' consent, giving a
 * new end), or an approval recorded on the clock itself (DeadlineClockExtended, with who approved, why
 * and how many days, within `maxTotal`).
 */
export const ClockExtension = z
  .object({
    event: z.string().min(1),
    /** Flow events: how the event finds its clock (DeadlineClock* events find it by clockId). */
    key: KeyMap.optional(),
    where: Where.optional(),
    /** Field holding a number of days to add (in the clock's unit). */
    days: FieldPath.optional(),
    /** Field holding a new due instant (replaces the due date). */
    newDueAt: FieldPath.optional(),
    approvedBy: FieldPath,
    reason: FieldPath.optional(),
    /** Most days all extensions of this kind may add together (DeadlineClockExtended is refused beyond it). */
    maxTotal: z.int().min(1).optional(),
    /** Roles that may approve (DeadlineClockExtended only). */
    approverRoles: z.array(z.string()).optional(),
    /** Why the law allows it (e.g. 经本机关负责人批准). */
    basis: z.string().optional(),
  })
  .strict()
  .refine((e) => Boolean(e.days) !== Boolean(e.newDueAt), 'exactly one of days or newDueAt');
export type ClockExtension = z.infer<typeof ClockExtension>;

/**
 * A pause: time between the pause and its resumption is not counted (e.g. expert appraisal 鉴定,
 * hearings 听证). Either flow events, or DeadlineClockPaused / DeadlineClockResumed on the clock.
 */
export const ClockPause = z
  .object({
    event: z.string().min(1),
    key: KeyMap.optional(),
    where: Where.optional(),
    at: FieldPath.default('$occurredAt'),
    /** The reasons this clock may be paused for (checked on DeadlineClockPaused's `reason`). */
    reasons: z.array(z.string().min(1)).min(1),
    resumedBy: z.object({ event: z.string().min(1), key: KeyMap.optional(), at: FieldPath.default('$occurredAt') }).strict(),
    basis: z.string().optional(),
  })
  .strict();
export type ClockPause = z.infer<typeof ClockPause>;

/** What ends the clock: `met` (the obligation was done — late if after the due date) or `cancelled` (no longer applies). */
export const ClockStop = z
  .object({
    event: z.string().min(1),
    key: KeyMap,
    where: Where.optional(),
    at: FieldPath.default('$occurredAt'),
    outcome: z.enum(['met', 'cancelled']),
  })
  .strict();
export type ClockStop = z.infer<typeof ClockStop>;

/**
 * When DeadlineApproaching is due: `days` before the due date, but never earlier than `fraction` of
 * the clock's whole span before it (so a 3-working-day clock is not "approaching" from its first hour).
 */
export const AlertLead = z.object({ days: z.number().min(0).max(60), fraction: z.number().min(0).max(1) }).strict();
export type AlertLead = z.infer<typeof AlertLead>;

export const Citation = z.object({ title: z.string().min(1), articles: z.string().optional(), note: z.string().optional() }).strict();
export type Citation = z.infer<typeof Citation>;

export const ClockPolicy = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'a dotted lower-case id, e.g. petition.accept'),
    flow: ClockFlow,
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    obligedParty: ObligedParty,
    start: ClockStart,
    /** Either a statutory limit … */
    limit: ClockLimit.optional(),
    /** … or a due instant carried by the start event (whistle, assign-down, listed supervision). */
    dueAt: FieldPath.optional(),
    extensions: z.array(ClockExtension).default([]),
    pauses: z.array(ClockPause).default([]),
    stops: z.array(ClockStop).min(1),
    lead: AlertLead.optional(),
    /**
     * false: no alerts while it runs, only DeadlineMissed if it ends late (for a window that may not
     * apply at all, e.g. returning an item outside remit, which is only known when it is declined).
     */
    alertWhileRunning: z.boolean().default(true),
    source: Citation,
  })
  .strict()
  .refine((c) => Boolean(c.limit) !== Boolean(c.dueAt), 'exactly one of limit or dueAt');
export type ClockPolicy = z.infer<typeof ClockPolicy>;

/**
 * A domain rule the deciders enforce that is not a clock (who decides a review, 诉访分离 …), kept
 * here with its legal source so the policy file cites every statute the system relies on.
 */
export const DomainRule = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/),
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    /** Where it is enforced (decider file), for readers. */
    enforcedIn: z.string().min(1),
    source: Citation,
  })
  .strict();
export type DomainRule = z.infer<typeof DomainRule>;

export const DeadlinePolicy = z
  .object({
    version: z.string().min(1),
    /** The default lead for DeadlineApproaching (a clock may override it). */
    lead: AlertLead,
    clocks: z.array(ClockPolicy).min(1),
    rules: z.array(DomainRule).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.clocks.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'id'], message: `duplicate clock id ${c.id}` });
      seen.add(c.id);
    });
  });
export type DeadlinePolicy = z.infer<typeof DeadlinePolicy>;
