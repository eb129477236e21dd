import { StreamNotFoundError } from '@zz/commands';
import { canAct, canSee, referral, type Actor, type PersonalDataVault, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import { referralView } from '../application/referral-view.js';
import type { ReferralRequest, ReferralService } from '../application/referral-service.js';
import { mayIssue } from '../domain/permissions.js';
import type { ReferralCommandType } from '../domain/commands.js';
import type { ReferralState } from '../domain/state.js';
import { commandHttpError, etag, parseIdempotencyKey, parseIfMatch } from '@zz/commands';

export interface ReferralRoutesOptions {
  service: ReferralService;
  /** Opens sealed free text for readers (the key store). */
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const TAGS = ['referral 诉前调解'];
const Params = z.object({ referralId: z.uuid({ message: '须为委派ID(UUID) / must be a referral id (UUID)' }) });
const CommandAnswer = z.object({ revision: z.number(), position: z.number() });
const Referred = CommandAnswer.extend({ referralId: z.string(), caseCode: z.string() });
const ErrorAnswer = z.object({ error: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
const errors = { 400: ErrorAnswer, 401: ErrorAnswer, 403: ErrorAnswer, 404: ErrorAnswer, 409: ErrorAnswer, 412: ErrorAnswer, 422: ErrorAnswer };
const HEADERS_DOC = '可选 If-Match（版本，过期返回412）与 Idempotency-Key（重试返回首次结果）/ optional If-Match (stale → 412) and Idempotency-Key (a retry returns the first answer)';

/** POST /api/referrals/:referralId/<command>. */
const COMMAND_ROUTES: Record<string, { type: ReferralRequest['type']; summary: string; body: z.ZodType }> = {
  accept: { type: 'AcceptReferral', summary: '法院接收并指定调解员 / the court accepts and designates a mediator', body: referral.AcceptReferral },
  settle: { type: 'RecordSettlement', summary: '诉前调解成功 / settled', body: referral.RecordSettlement },
  fail: { type: 'RecordReferralFailure', summary: '诉前调解不成 / failed', body: referral.RecordReferralFailure },
  'apply-confirmation': { type: 'ApplyForConfirmation', summary: '双方共同申请司法确认（协议生效30日内） / joint application for judicial confirmation (within 30 days)', body: referral.ApplyForConfirmation },
  'rule-confirmation': { type: 'RuleOnConfirmation', summary: '法院裁定确认或驳回 / the court confirms or rejects', body: referral.RuleOnConfirmation },
  file: { type: 'FileCase', summary: '立案 / file the case (always available until confirmed or filed)', body: referral.FileCase },
};

const forbiddenRole = () => new HttpError(403, 'forbidden_role', '您的角色无权执行此操作 / your role may not do this');
const outsideJurisdiction = () => new HttpError(403, 'outside_jurisdiction', '案件不在本中心辖区 / the case is outside your jurisdiction');
const notFound = () => new HttpError(404, 'not_found', '委派记录不存在 / referral not found');

/** Jurisdiction first, then role: the answer for a referral elsewhere doesn't depend on who asks. */
function authorize(regions: RegionDirectory, actor: Actor, type: ReferralCommandType) {
  return (c: { handlingCenter: string }) => {
    if (!canAct(regions, actor.centerCode, c)) throw outsideJurisdiction();
    if (!mayIssue(actor.role, type)) throw forbiddenRole();
  };
}

export const referralRoutes: FastifyPluginAsyncZod<ReferralRoutesOptions> = async (app, opts) => {
  const { service, vault, regions } = opts;

  app.post(
    '/api/referrals',
    {
      onRequest: app.authenticate,
      schema: { tags: TAGS, summary: '委派法院诉前调解（经当事人同意） / refer a dispute to a court’s pre-filing mediation, with consent', description: '可选 Idempotency-Key / optional Idempotency-Key', security: [{ bearerAuth: [] }], body: referral.ReferToCourt, response: { 201: Referred, ...errors } },
    },
    async (request, reply) => {
      const actor = request.actor;
      const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
      try {
        const r = await service.refer(request.body, { actor, correlationId: request.correlationId, ...(idempotencyKey ? { idempotencyKey } : {}) }, authorize(regions, actor, 'ReferToCourt'));
        reply.header('etag', etag(r.revision)).header('location', `/api/referrals/${r.referralId}`);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ referralId: r.referralId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position) });
      } catch (err) {
        throw commandHttpError(err);
      }
    },
  );

  app.get(
    '/api/referrals/:referralId',
    { onRequest: app.authenticate, schema: { tags: TAGS, summary: '委派详情 / referral (ETag = revision)', security: [{ bearerAuth: [] }], params: Params } },
    async (request, reply) => {
      const loaded = await service.load(request.params.referralId);
      if (!loaded || !canSee(regions, request.actor.centerCode, loaded.state)) throw notFound();
      reply.header('etag', etag(loaded.revision));
      return referralView(loaded, vault, request.actor.role);
    },
  );

  for (const [path, route] of Object.entries(COMMAND_ROUTES)) {
    app.post(
      `/api/referrals/:referralId/${path}`,
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
            request.params.referralId,
            { type: route.type, data: request.body } as ReferralRequest,
            { actor, correlationId: request.correlationId, ...(idempotencyKey ? { idempotencyKey } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}) },
            authorize(regions, actor, route.type) as (s: ReferralState) => void,
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
