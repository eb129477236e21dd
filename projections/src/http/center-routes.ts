import { canViewCenter, DisputeCategory, intake, RiskGrade, viewParty, type PersonalDataVault, type RegionDirectory, type Role } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { CaseView, TierViews } from '../tier-views/index.js';
import { InvalidCursorError, UnknownCenterError } from '../tier-views/index.js';

export interface CenterRoutesOptions {
  views: TierViews;
  vault: PersonalDataVault;
  regions: RegionDirectory;
  now?: () => Date;
  /** How long a query with ?minPosition waits for the view to catch up before answering anyway. */
  minPositionWaitMs?: number;
}

const CenterParams = z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/, '须为综治中心行政区划代码 / must be a center division code') });
const MinPosition = z.coerce.number().int().min(0).optional().describe('等待视图追上此全局位置（最多约2秒） / wait (briefly) until the view has reached this global position');
const QueueQuery = z.object({
  status: intake.DisputeStatus.optional(),
  category: DisputeCategory.optional(),
  risk: z.union([RiskGrade, z.literal('unassessed')]).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  scope: z.enum(['own', 'area']).default('area').describe('own：本中心承办；area：辖区内全部 / own: handled by this center; area: everything in its area'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  minPosition: MinPosition,
});

/** A queue row as a viewer may see it: parties opened (or erased) and masked for the viewer's role. */
function queueItem(c: CaseView, vault: PersonalDataVault, role: Role) {
  const { parties, description: _sealed, revision, lastPosition, ...rest } = c;
  return {
    ...rest,
    revision: Number(revision),
    lastPosition: Number(lastPosition),
    parties: parties.map((p) => {
      const v = viewParty(vault, p, role);
      return { role: v.role, name: v.name, erased: v.erased };
    }),
  };
}

/** Township / county / city views over HTTP, scoped to the caller's jurisdiction (404 elsewhere). */
export const centerRoutes: FastifyPluginAsyncZod<CenterRoutesOptions> = async (app, opts) => {
  const { views, vault, regions } = opts;
  const now = opts.now ?? (() => new Date());
  const waitMs = opts.minPositionWaitMs ?? 2000;

  // Ready once the views have caught up with the log as it was at start.
  let caughtUp = false;
  void views.projection.caughtUp.then(() => (caughtUp = true));
  app.addReadinessCheck('tier-views', () => ({ ok: caughtUp, detail: `position ${views.projection.position()}` }));

  /** Jurisdiction, then wait for ?minPosition; answers the view's position in a header either way. */
  async function prepare(actorCenter: string, code: string, minPosition: number | undefined, reply: { header(k: string, v: string): unknown }) {
    if (!canViewCenter(regions, actorCenter, code) || regions.get(code)?.tier === 'grid') {
      throw new HttpError(404, 'not_found', '综治中心不存在或不在辖区内 / no such center in your jurisdiction');
    }
    const reached = minPosition === undefined ? true : await views.projection.waitFor(BigInt(minPosition), waitMs);
    reply.header('x-view-position', String(views.projection.position()));
    if (!reached) reply.header('x-view-stale', 'true');
  }

  app.get(
    '/api/centers/:code/cases',
    {
      onRequest: app.authenticate,
      schema: { tags: ['views 视图'], summary: '案件队列 / open-case queue of a center (filters, keyset paging)', params: CenterParams, querystring: QueueQuery },
    },
    async (request, reply) => {
      const q = request.query;
      await prepare(request.actor.centerCode, request.params.code, q.minPosition, reply);
      try {
        const page = views.queue({
          center: request.params.code,
          scope: q.scope,
          now: now(),
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.risk ? { risk: q.risk } : {}),
          ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        return { position: Number(views.projection.position()), items: page.items.map((c) => queueItem(c, vault, request.actor.role)), nextCursor: page.nextCursor };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'querystring.cursor', message: err.message }]);
        throw err;
      }
    },
  );

  app.get(
    '/api/centers/:code/stats',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '统计与下级汇总 / counts by status, category, risk, source, with child-center rollups',
        params: CenterParams,
        querystring: z.object({ minPosition: MinPosition }),
      },
    },
    async (request, reply) => {
      await prepare(request.actor.centerCode, request.params.code, request.query.minPosition, reply);
      try {
        return { position: Number(views.projection.position()), ...views.stats({ center: request.params.code, now: now() }) };
      } catch (err) {
        if (err instanceof UnknownCenterError) throw new HttpError(404, 'not_found', err.message);
        throw err;
      }
    },
  );

  app.get(
    '/api/centers/:code/overdue',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '超期案件 / overdue cases in the area, most overdue first',
        params: CenterParams,
        querystring: z.object({ minPosition: MinPosition, limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (request, reply) => {
      await prepare(request.actor.centerCode, request.params.code, request.query.minPosition, reply);
      const items = views.overdueList({ center: request.params.code, now: now(), limit: request.query.limit });
      return { position: Number(views.projection.position()), items: items.map((c) => queueItem(c, vault, request.actor.role)) };
    },
  );
};
