import { canSee, canViewCenter, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { EarlyWarnings } from '../early-warnings/index.js';
import { WarningThresholds } from '../early-warnings/thresholds.js';
import type { TierViews } from '../tier-views/index.js';

export interface BoardRoutesOptions {
  warnings: EarlyWarnings;
  views: TierViews;
  regions: RegionDirectory;
  now: () => Date;
}

const CenterParams = z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/, '须为综治中心行政区划代码 / must be a center division code') });
const MinPosition = z.coerce.number().int().min(0).optional().describe('等待视图追上此全局位置（最多约2秒） / wait (briefly) until the view has reached this global position');
const HOUR = 3600_000;

/** Early warnings, activity trends and alert lists of a center's area; jurisdiction-scoped (404 elsewhere). */
export const boardRoutes: FastifyPluginAsyncZod<BoardRoutesOptions> = async (app, opts) => {
  const { warnings, views, regions, now } = opts;

  async function prepare(actorCenter: string, code: string, minPosition: number | undefined, reply: { header(k: string, v: string): unknown }) {
    if (!canViewCenter(regions, actorCenter, code) || regions.get(code)?.tier === 'grid') {
      throw new HttpError(404, 'not_found', '综治中心不存在或不在辖区内 / no such center in your jurisdiction');
    }
    const reached = minPosition === undefined ? true : await warnings.projection.waitFor(BigInt(minPosition), 2000);
    reply.header('x-view-position', String(warnings.projection.position()));
    if (!reached) reply.header('x-view-stale', 'true');
  }

  app.get(
    '/api/centers/:code/warnings',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '预警（同一当事人多案、类别热点、风险升级、重复信访、部门未报到） / early warnings of the area',
        description: '阈值可按请求覆盖 / thresholds may be overridden per request',
        params: CenterParams,
        querystring: WarningThresholds.partial().extend({ minPosition: MinPosition, limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (request, reply) => {
      const { minPosition, limit, ...overrides } = request.query;
      await prepare(request.actor.centerCode, request.params.code, minPosition, reply);
      const thresholds = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
      return {
        position: Number(warnings.projection.position()),
        thresholds: { ...warnings.thresholds, ...thresholds },
        items: warnings.warnings({ center: request.params.code, now: now(), thresholds, limit }),
      };
    },
  );

  app.get(
    '/api/centers/:code/activity',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '每日动态（今日新增、化解、调解协议；类别、来源趋势） / daily activity and trends of the area',
        params: CenterParams,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(14), minPosition: MinPosition }),
      },
    },
    async (request, reply) => {
      await prepare(request.actor.centerCode, request.params.code, request.query.minPosition, reply);
      return { position: Number(warnings.projection.position()), ...warnings.activity({ center: request.params.code, now: now(), days: request.query.days }) };
    },
  );

  app.get(
    '/api/centers/:code/alerts',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '提醒：期限将至/已过、吹哨待报到、挂牌督办积案 / alerts: deadlines about to lapse and lapsed, whistles awaiting report-in, backlog under supervision',
        params: CenterParams,
        querystring: z.object({
          withinHours: z.coerce
            .number()
            .int()
            .min(1)
            .max(24 * 30)
            .default(72),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          minPosition: MinPosition,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      await prepare(request.actor.centerCode, request.params.code, q.minPosition, reply);
      if (q.minPosition !== undefined) await views.projection.waitFor(BigInt(q.minPosition), 2000);
      const at = now();
      const brief = (c: { caseId: string; caseCode: string; category: string; risk: string; dueAt: string | null; handlingCenter: string; areaCode: string; status: string }) => ({
        caseId: c.caseId,
        caseCode: c.caseCode,
        category: c.category,
        risk: c.risk,
        dueAt: c.dueAt,
        handlingCenter: c.handlingCenter,
        areaCode: c.areaCode,
        status: c.status,
      });
      const upcoming = views
        .queue({ center: request.params.code, scope: 'area', overdue: false, now: at, limit: q.limit })
        .items.filter((c) => c.dueAt !== null && Date.parse(c.dueAt) - at.getTime() <= q.withinHours * HOUR);
      return {
        position: Number(warnings.projection.position()),
        dueSoon: upcoming.map(brief),
        lapsed: views.overdueList({ center: request.params.code, now: at, limit: q.limit }).map(brief),
        awaitingReportIn: warnings.pendingReports({ center: request.params.code, limit: q.limit }).map((r) => ({ ...r, lapsed: Date.parse(r.dueAt) < at.getTime() })),
        backlogUnderSupervision: warnings.backlog({ center: request.params.code, supervisedOnly: true, limit: q.limit }),
      };
    },
  );

  app.get(
    '/api/workbench/disputes/:caseId/mediations',
    {
      onRequest: app.authenticate,
      schema: { tags: ['views 视图'], summary: '案件的调解卷宗 / mediation files of a dispute', params: z.object({ caseId: z.uuid() }) },
    },
    async (request) => {
      const c = views.getCase(request.params.caseId);
      if (!c || !canSee(regions, request.actor.centerCode, c)) throw new HttpError(404, 'not_found', '案件不存在 / case not found');
      return { items: warnings.mediationsOf(request.params.caseId) };
    },
  );

  app.get(
    '/api/workbench/regions',
    { onRequest: app.authenticate, schema: { tags: ['views 视图'], summary: '本辖区的行政区划（中心、乡镇、网格） / the regions of your jurisdiction' } },
    async (request) => {
      const own = request.actor.centerCode;
      return {
        center: own,
        items: regions
          .all()
          .filter((r) => regions.isWithin(r.code, own))
          .map((r) => ({ code: r.code, name: r.name, tier: r.tier, parentCode: r.parentCode, demo: r.demo })),
      };
    },
  );
};
