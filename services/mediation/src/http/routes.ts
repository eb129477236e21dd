import { canAct, canSee, mediation, type Actor, type PersonalDataVault, type RegionDirectory } from '@zz/contracts';
import { StreamNotFoundError } from '@zz/commands';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import { mediationView } from '../application/mediation-view.js';
import type { MediationRequest, MediationService } from '../application/mediation-service.js';
import { mayIssue } from '../domain/permissions.js';
import type { MediationState } from '../domain/state.js';
import { commandHttpError, etag, parseIdempotencyKey, parseIfMatch } from '@zz/commands';

export interface MediationRoutesOptions {
  service: MediationService;
  /** Opens sealed free text for readers (the key store). */
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const TAGS = ['mediation 调解'];
const Params = z.object({ mediationId: z.uuid({ message: '须为调解卷宗ID(UUID) / must be a mediation id (UUID)' }) });
const CommandAnswer = z.object({ revision: z.number(), position: z.number() });
const Opened = CommandAnswer.extend({ mediationId: z.string(), caseCode: z.string() });
const ErrorAnswer = z.object({ error: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
const errors = { 400: ErrorAnswer, 401: ErrorAnswer, 403: ErrorAnswer, 404: ErrorAnswer, 409: ErrorAnswer, 412: ErrorAnswer, 422: ErrorAnswer };
const HEADERS_DOC = '可选 If-Match（卷宗版本，过期返回412）与 Idempotency-Key（重试返回首次结果）/ optional If-Match (stale → 412) and Idempotency-Key (a retry returns the first answer)';

/** POST /api/mediations/:mediationId/<command>: each path, its body schema and its command type. */
const COMMAND_ROUTES: Record<string, { type: MediationRequest['type']; summary: string; body: z.ZodType }> = {
  'assign-mediator': { type: 'AssignMediator', summary: '指派调解员 / assign a mediator', body: mediation.AssignMediator },
  'record-session': { type: 'RecordSession', summary: '记录调解会议 / record a session', body: mediation.RecordSession },
  'note-progress': { type: 'NoteProgress', summary: '记录调解进展 / note progress', body: mediation.NoteProgress },
  extend: { type: 'ExtendMediation', summary: '经双方同意延长调解期限 / extend with the parties’ consent', body: mediation.ExtendMediation },
  'record-refusal': { type: 'RecordRefusal', summary: '当事人明确拒绝调解（终止） / a party refuses: mediation stops', body: mediation.RecordRefusal },
  'reach-agreement': { type: 'ReachAgreement', summary: '达成调解协议 / end with an agreement', body: mediation.ReachAgreement },
  'record-failure': { type: 'RecordFailure', summary: '调解不成 / end with a failure', body: mediation.RecordFailure },
  'record-performance': { type: 'RecordPerformance', summary: '记录协议履行情况 / record performance of the agreement', body: mediation.RecordPerformance },
  close: { type: 'CloseMediation', summary: '结卷 / close the file', body: mediation.CloseMediation },
};

const forbiddenRole = () => new HttpError(403, 'forbidden_role', '您的角色无权执行此操作 / your role may not do this');
const outsideJurisdiction = () => new HttpError(403, 'outside_jurisdiction', '案件不在本中心辖区 / the case is outside your jurisdiction');
const notFound = () => new HttpError(404, 'not_found', '调解卷宗不存在 / mediation file not found');

/** Jurisdiction first, then role: the answer for a file elsewhere doesn't depend on who asks. */
function authorize(regions: RegionDirectory, actor: Actor, type: MediationRequest['type'] | 'OpenMediation') {
  return (c: { handlingCenter: string }) => {
    if (!canAct(regions, actor.centerCode, c)) throw outsideJurisdiction();
    if (!mayIssue(actor.role, type)) throw forbiddenRole();
  };
}

export const mediationRoutes: FastifyPluginAsyncZod<MediationRoutesOptions> = async (app, opts) => {
  const { service, vault, regions } = opts;

  app.post(
    '/api/mediations',
    {
      onRequest: app.authenticate,
      schema: { tags: TAGS, summary: '为纠纷立调解卷宗 / open a mediation file for a dispute', description: '可选 Idempotency-Key / optional Idempotency-Key', security: [{ bearerAuth: [] }], body: mediation.OpenMediation, response: { 201: Opened, ...errors } },
    },
    async (request, reply) => {
      const actor = request.actor;
      const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
      try {
        const r = await service.open(request.body, { actor, correlationId: request.correlationId, ...(idempotencyKey ? { idempotencyKey } : {}) }, authorize(regions, actor, 'OpenMediation'));
        reply.header('etag', etag(r.revision)).header('location', `/api/mediations/${r.mediationId}`);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ mediationId: r.mediationId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position) });
      } catch (err) {
        throw commandHttpError(err);
      }
    },
  );

  app.get(
    '/api/mediations/:mediationId',
    { onRequest: app.authenticate, schema: { tags: TAGS, summary: '调解卷宗详情 / mediation file (ETag = revision)', security: [{ bearerAuth: [] }], params: Params } },
    async (request, reply) => {
      const loaded = await service.load(request.params.mediationId);
      // Reads outside the caller's area answer 404, so existence doesn't leak.
      if (!loaded || !canSee(regions, request.actor.centerCode, loaded.state)) throw notFound();
      reply.header('etag', etag(loaded.revision));
      return mediationView(loaded, vault, request.actor.role);
    },
  );

  for (const [path, route] of Object.entries(COMMAND_ROUTES)) {
    app.post(
      `/api/mediations/:mediationId/${path}`,
      {
        onRequest: app.authenticate,
        schema: { tags: TAGS, summary: route.summary, description: HEADERS_DOC, security: [{ bearerAuth: [] }], params: Params, body: route.body, response: { 200: CommandAnswer, ...errors } },
      },
      async (request, reply) => {
        const actor = request.actor;
        const expectedRevision = parseIfMatch(request.headers['if-match']);
        const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
        try {
          const r = await service.execute(
            request.params.mediationId,
            { type: route.type, data: request.body } as MediationRequest,
            { actor, correlationId: request.correlationId, ...(idempotencyKey ? { idempotencyKey } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}) },
            authorize(regions, actor, route.type) as (s: MediationState) => void,
          );
          reply.header('etag', etag(r.revision));
          if (r.replayed) reply.header('idempotent-replayed', 'true');
          return { revision: Number(r.revision), position: Number(r.position) };
        } catch (err) {
          if (err instanceof StreamNotFoundError) throw notFound();
          throw commandHttpError(err);
        }
      },
    );
  }
};
