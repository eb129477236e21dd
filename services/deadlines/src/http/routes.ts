import { canViewCenter, deadlines, DomainError, type Actor, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { allowedActions, callerOf, CommandAnswer, commandAnswer, commandHttpError, ERROR_RESPONSES as errors, forbiddenRole, outsideJurisdiction } from '@zz/commands';
import { z } from 'zod';
import type { ClockView, DeadlineWatcher } from '../watcher.js';
import { mayApproveExtensions, mayPauseOrResume } from './permissions.js';

export interface DeadlineRoutesOptions {
  watcher: DeadlineWatcher;
  regions: RegionDirectory;
  /** How long a read with ?minPosition waits for the clock view to catch up before answering anyway. */
  minPositionWaitMs?: number;
}

const TAGS = ['deadlines 时限'];
const CenterParams = z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/, '须为综治中心行政区划代码 / must be a center division code') });
const CaseParams = z.object({ caseCode: z.string().regex(/^[0-9A-Za-z-]{3,60}$/, '案件编码格式不正确 / invalid case code') });
// e.g. `petition.answer:<petitionId>`, `intake.whistle-report-in:<caseId>:<whistleId>:<department>`
const ClockParams = z.object({ clockId: z.string().regex(/^[a-z][a-z0-9.-]*:[0-9A-Za-z._:-]{1,300}$/, '时限编号格式不正确 / invalid clock id') });
const MinPosition = z.coerce.number().int().min(0).optional().describe('等待视图追上此全局位置（最多约2秒） / wait (briefly) until the view has reached this global position');
const ListedStatus = z.enum(['approaching', 'overdue', 'running', 'paused']);
const ExtendBody = deadlines.ExtendClock.omit({ approvedBy: true });

const NOT_FOUND_CENTER = '综治中心不存在或不在辖区内 / no such center in your jurisdiction';
const NOT_FOUND_CASE = '案件不存在或不在辖区内 / no such case in your jurisdiction';
const clockNotFound = () => new HttpError(404, 'not_found', '时限不存在 / clock not found');

/**
 * Deadline clocks over HTTP: the about-to-lapse list of a center's area, every clock of a case, and
 * the staff commands on a clock (pause, resume, extend with approval). Reads answer 404 outside the
 * caller's area (existence doesn't leak); writes there answer 403. Clock views carry ids, codes,
 * dates and approvers' user ids only: no personal data.
 */
export const deadlineRoutes: FastifyPluginAsyncZod<DeadlineRoutesOptions> = async (app, opts) => {
  const { watcher, regions } = opts;
  const waitMs = opts.minPositionWaitMs ?? 2000;

  /** Waits for ?minPosition (bounded), then answers the view's position in headers. */
  async function catchUp(minPosition: number | undefined, reply: { header(k: string, v: string): unknown }) {
    const reached = minPosition === undefined ? true : await watcher.reach(BigInt(minPosition), waitMs);
    reply.header('x-view-position', String(watcher.position()));
    if (!reached) reply.header('x-view-stale', 'true');
  }
  const inArea = (actor: Actor) => (c: ClockView) => regions.isWithin(c.centerCode, actor.centerCode);
  /** Every division code in a center's area: the clocks' centerCode is matched against these. */
  const areaOf = (code: string) =>
    regions
      .all()
      .filter((r) => regions.isWithin(r.code, code))
      .map((r) => r.code);

  app.get(
    '/api/centers/:code/deadlines',
    {
      onRequest: app.authenticate,
      schema: {
        tags: TAGS,
        summary: "辖区时限 / clocks in a center's area, soonest due first (default: about to lapse and lapsed)",
        security: [{ bearerAuth: [] }],
        params: CenterParams,
        querystring: z.object({
          status: ListedStatus.optional().describe('缺省：临期与超期 / default: approaching and overdue'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          minPosition: MinPosition,
        }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const q = request.query;
      if (!canViewCenter(regions, request.actor.centerCode, code) || regions.get(code)?.tier === 'grid') throw new HttpError(404, 'not_found', NOT_FOUND_CENTER);
      await catchUp(q.minPosition, reply);
      const centers = areaOf(code);
      const items = q.status ? watcher.clocks({ centers, statuses: [q.status], limit: q.limit }) : watcher.lapsing(centers).slice(0, q.limit);
      return { position: Number(watcher.position()), items };
    },
  );

  app.get(
    '/api/cases/:caseCode/deadlines',
    {
      onRequest: app.authenticate,
      schema: {
        tags: TAGS,
        summary: '案件全部时限（含已结束） / every clock of a case, ended ones included',
        security: [{ bearerAuth: [] }],
        params: CaseParams,
        querystring: z.object({ minPosition: MinPosition }),
      },
    },
    async (request, reply) => {
      await catchUp(request.query.minPosition, reply);
      // Only the clocks of centers in the caller's area: a township doesn't see the county's own clocks.
      const items = watcher.clocks({ caseCode: request.params.caseCode, includeEnded: true }).filter(inArea(request.actor));
      if (items.length === 0) throw new HttpError(404, 'not_found', NOT_FOUND_CASE);
      const actor = request.actor;
      // Per clock, what this caller may do now: the role check, then the clock's decider, dry run.
      const may = { pause: (c: ClockView) => mayPauseOrResume(actor.role, c.flow), resume: (c: ClockView) => mayPauseOrResume(actor.role, c.flow), extend: () => mayApproveExtensions(actor.role) };
      const withActions = items.map((c) => ({
        ...c,
        pauseReasons: watcher.pauseReasons(c.clockId),
        allowedActions: allowedActions(['pause', 'resume', 'extend'] as const, (path) => {
          if (!may[path as keyof typeof may](c)) throw forbiddenRole();
          return watcher.dryRun(c.clockId, path as 'pause' | 'resume' | 'extend', actor);
        }),
      }));
      return { position: Number(watcher.position()), caseCode: request.params.caseCode, items: withActions };
    },
  );

  /** 404 unknown clock, then 403 outside the caller's area, then 403 for the role; domain refusals are 409. */
  function authorize(clockId: string, actor: Actor, mayIssue: (clock: ClockView) => boolean): void {
    // The view may lag the log by a moment, but a clock's center never changes once it has started.
    const clock = watcher.clock(clockId);
    if (!clock) throw clockNotFound();
    if (!inArea(actor)(clock)) throw outsideJurisdiction();
    if (!mayIssue(clock)) throw forbiddenRole();
  }
  async function run(reply: Parameters<typeof commandAnswer>[0], command: () => Promise<{ revision: bigint; position: bigint; replayed: boolean }>) {
    try {
      return commandAnswer(reply, await command());
    } catch (err) {
      if (err instanceof DomainError && err.reason === 'clock_not_found') throw clockNotFound();
      throw commandHttpError(err);
    }
  }
  const commandSchema = (summary: string, body: z.ZodType) => ({
    tags: TAGS,
    summary,
    security: [{ bearerAuth: [] }],
    params: ClockParams,
    body,
    response: { 200: CommandAnswer, ...errors },
  });

  app.post(
    '/api/deadlines/:clockId/pause',
    { onRequest: app.authenticate, schema: commandSchema('中止计算（鉴定、听证等，依时限规则） / pause the clock for a reason its policy allows', deadlines.PauseClock) },
    async (request, reply) => {
      const { clockId } = request.params;
      authorize(clockId, request.actor, (c) => mayPauseOrResume(request.actor.role, c.flow));
      return run(reply, () => watcher.pause(clockId, request.body as deadlines.PauseClock, callerOf(request)));
    },
  );

  app.post('/api/deadlines/:clockId/resume', { onRequest: app.authenticate, schema: commandSchema('恢复计算 / resume a paused clock', deadlines.ResumeClock) }, async (request, reply) => {
    const { clockId } = request.params;
    authorize(clockId, request.actor, (c) => mayPauseOrResume(request.actor.role, c.flow));
    return run(reply, () => watcher.resume(clockId, request.body as deadlines.ResumeClock, callerOf(request)));
  });

  app.post(
    '/api/deadlines/:clockId/extend',
    { onRequest: app.authenticate, schema: commandSchema('审批延长（审批人为当前用户） / extend with approval (the caller is the approver)', ExtendBody) },
    async (request, reply) => {
      const { clockId } = request.params;
      const actor = request.actor;
      authorize(clockId, actor, () => mayApproveExtensions(actor.role));
      const body = request.body as z.infer<typeof ExtendBody>;
      return run(reply, () => watcher.extend(clockId, { ...body, approvedBy: actor.userId }, callerOf(request)));
    },
  );
};
