import { canViewCenter, type PersonalDataVault, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { FlowViews } from '../flow-views/index.js';
import { canSeeCase, presentTimelineEntry } from '../timeline/queries.js';

export interface FlowRoutesOptions {
  views: FlowViews;
  vault: PersonalDataVault;
  regions: RegionDirectory;
  now?: () => Date;
  /** How long a query with ?minPosition waits for the view to catch up before answering anyway. */
  minPositionWaitMs?: number;
}

const CenterParams = z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/, '须为综治中心行政区划代码 / must be a center division code') });
const CaseParams = z.object({ caseCode: z.string().regex(/^[0-9A-Za-z-]{3,60}$/, '案件编码格式不正确 / invalid case code') });
const MinPosition = z.coerce.number().int().min(0).optional().describe('等待视图追上此全局位置（最多约2秒） / wait (briefly) until the view has reached this global position');
const Flag = z.enum(['true', 'false']).optional();
const NOT_FOUND_CENTER = '综治中心不存在或不在辖区内 / no such center in your jurisdiction';
const NOT_FOUND_CASE = '案件不存在或不在辖区内 / no such case in your jurisdiction';

/**
 * Case timeline, whistle board, backlog board and assessment indicators over HTTP. Reads answer
 * 404 outside the caller's jurisdiction (existence doesn't leak); personal data is opened at read
 * time and masked for the caller's role.
 */
export const flowRoutes: FastifyPluginAsyncZod<FlowRoutesOptions> = async (app, opts) => {
  const { views, vault, regions } = opts;
  const now = opts.now ?? (() => new Date());
  const waitMs = opts.minPositionWaitMs ?? 2000;

  let caughtUp = false;
  void views.projection.caughtUp.then(() => (caughtUp = true));
  app.addReadinessCheck('flow-views', () => ({ ok: caughtUp, detail: `position ${views.projection.position()}` }));

  /** Waits for ?minPosition (bounded), then answers the view's position in headers. */
  async function catchUp(minPosition: number | undefined, reply: { header(k: string, v: string): unknown }) {
    const reached = minPosition === undefined ? true : await views.projection.waitFor(BigInt(minPosition), waitMs);
    reply.header('x-view-position', String(views.projection.position()));
    if (!reached) reply.header('x-view-stale', 'true');
  }
  function centerInJurisdiction(actorCenter: string, code: string) {
    if (!canViewCenter(regions, actorCenter, code) || regions.get(code)?.tier === 'grid') throw new HttpError(404, 'not_found', NOT_FOUND_CENTER);
  }
  const position = () => Number(views.projection.position());

  app.get(
    '/api/cases/:caseCode/timeline',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '案件时间线 / every event of every flow of one case, in order, with actor and time',
        params: CaseParams,
        querystring: z.object({
          minPosition: MinPosition,
          after: z.coerce.number().int().min(0).optional().describe('上一页的 nextAfter / nextAfter of the previous page'),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      await catchUp(q.minPosition, reply);
      const { caseCode } = request.params;
      // Jurisdiction after the wait, so a case registered just before is found (or refused) as of minPosition.
      if (!canSeeCase(regions, request.actor.centerCode, views.casePlaces(caseCode))) throw new HttpError(404, 'not_found', NOT_FOUND_CASE);
      const page = views.timeline({ caseCode, limit: q.limit, ...(q.after !== undefined ? { after: q.after } : {}) });
      return { position: position(), caseCode, entries: page.entries.map((e) => presentTimelineEntry(e, vault, request.actor.role)), nextAfter: page.nextAfter };
    },
  );

  app.get(
    '/api/centers/:code/whistles',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '吹哨报到看板 / whistles in the area with departments still to report in, report-in date soonest first',
        params: CenterParams,
        querystring: z.object({
          minPosition: MinPosition,
          overdue: Flag.describe('true：仅超期未报到 / only whistles past their report-in date'),
          all: Flag.describe('true：含已全部报到 / include whistles every department has answered'),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      centerInJurisdiction(request.actor.centerCode, request.params.code);
      await catchUp(q.minPosition, reply);
      return { position: position(), ...views.whistleBoard({ center: request.params.code, now: now(), overdueOnly: q.overdue === 'true', all: q.all === 'true', limit: q.limit }) };
    },
  );

  app.get(
    '/api/centers/:code/backlog',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '信访积案看板 / backlog petitions: responsible leader, sign-off, listed supervision, interviews and notices',
        params: CenterParams,
        querystring: z.object({
          minPosition: MinPosition,
          includeResolved: Flag.describe('true：含已化解积案 / include resolved backlog petitions'),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      centerInJurisdiction(request.actor.centerCode, request.params.code);
      await catchUp(q.minPosition, reply);
      return { position: position(), ...views.backlogBoard({ center: request.params.code, now: now(), includeResolved: q.includeResolved === 'true', limit: q.limit }) };
    },
  );

  app.get(
    '/api/centers/:code/indicators',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['views 视图'],
        summary: '考核指标 / assessment indicators (numerators, denominators, rates) with child-center rollups',
        params: CenterParams,
        querystring: z.object({ minPosition: MinPosition }),
      },
    },
    async (request, reply) => {
      centerInJurisdiction(request.actor.centerCode, request.params.code);
      await catchUp(request.query.minPosition, reply);
      return { position: position(), ...views.indicators({ center: request.params.code }) };
    },
  );
};
