import { canAct, canSee, referral, type Actor, type PersonalDataVault, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import { referralView } from '../application/referral-view.js';
import type { ReferralRequest, ReferralService } from '../application/referral-service.js';
import { mayIssue } from '../domain/permissions.js';
import type { ReferralCommandType } from '../domain/commands.js';
import type { ReferralState } from '../domain/state.js';
import {
  allowedActions,
  callerOf,
  StreamNotFoundError,
  CommandAnswer,
  commandHttpError,
  ERROR_RESPONSES as errors,
  etag,
  forbiddenRole,
  outsideJurisdiction,
  registerCommandRoutes,
  type CommandRoute,
} from '@zz/commands';

export interface ReferralRoutesOptions {
  service: ReferralService;
  /** Opens sealed free text for readers (the key store). */
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const TAGS = ['referral 诉前调解'];
const Params = z.object({ referralId: z.uuid({ message: '须为委派ID(UUID) / must be a referral id (UUID)' }) });
const Referred = CommandAnswer.extend({ referralId: z.string(), caseCode: z.string() });

/** POST /api/referrals/:referralId/<command>. */
const COMMAND_ROUTES: Record<string, CommandRoute<ReferralRequest['type']>> = {
  accept: { type: 'AcceptReferral', summary: '法院接收并指定调解员 / the court accepts and designates a mediator', body: referral.AcceptReferral },
  settle: { type: 'RecordSettlement', summary: '诉前调解成功 / settled', body: referral.RecordSettlement },
  fail: { type: 'RecordReferralFailure', summary: '诉前调解不成 / failed', body: referral.RecordReferralFailure },
  'apply-confirmation': {
    type: 'ApplyForConfirmation',
    summary: '双方共同申请司法确认（协议生效30日内） / joint application for judicial confirmation (within 30 days)',
    body: referral.ApplyForConfirmation,
  },
  'accept-confirmation': {
    type: 'AcceptConfirmationApplication',
    summary: '法院受理司法确认申请（裁定期限15日自受理起算） / the court accepts the application (the 15-day ruling clock starts)',
    body: referral.AcceptConfirmationApplication,
  },
  'refuse-confirmation': { type: 'RefuseConfirmationApplication', summary: '法院不予受理司法确认申请 / the court refuses to accept the application', body: referral.RefuseConfirmationApplication },
  'rule-confirmation': { type: 'RuleOnConfirmation', summary: '法院裁定确认或驳回 / the court confirms or rejects', body: referral.RuleOnConfirmation },
  file: { type: 'FileCase', summary: '立案 / file the case (always available until confirmed or filed)', body: referral.FileCase },
};

/** A plausible body per command path for the dry run behind `allowedActions` (the decider needs one to decide). */
const SAMPLES: Record<string, (s: ReferralState, now: Date) => unknown> = {
  accept: (_s, now) => ({ preFilingNumber: '-', mediatorId: '~sample', acceptedAt: now.toISOString() }),
  settle: (_s, now) => ({ terms: '-', amounts: [], effectiveAt: now.toISOString() }),
  fail: () => ({ reason: 'other' }),
  'apply-confirmation': (s, now) => ({ applicants: s.parties.filter((p) => p.role !== 'third_party').map((p) => p.personId), appliedAt: now.toISOString() }),
  'rule-confirmation': (_s, now) => ({ decision: 'confirmed', ruledAt: now.toISOString(), rulingNumber: '-' }),
  file: (_s, now) => ({ caseNumber: '-', filedAt: now.toISOString() }),
};

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
      schema: {
        tags: TAGS,
        summary: '委派法院诉前调解（经当事人同意） / refer a dispute to a court’s pre-filing mediation, with consent',
        description: '可选 Idempotency-Key / optional Idempotency-Key',
        security: [{ bearerAuth: [] }],
        body: referral.ReferToCourt,
        response: { 201: Referred, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request, { ifMatch: false });
      try {
        const r = await service.refer(request.body, caller, authorize(regions, caller.actor, 'ReferToCourt'));
        reply.header('etag', etag(r.revision)).header('location', `/api/referrals/${r.referralId}`);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ referralId: r.referralId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position) });
      } catch (err) {
        throw commandHttpError(err);
      }
    },
  );

  app.post(
    '/api/referrals/confirmations',
    {
      onRequest: app.authenticate,
      schema: {
        tags: TAGS,
        summary: '调解协议申请司法确认（人民调解法第33条，协议生效30日内共同申请） / a mediation agreement goes for judicial confirmation (joint application within 30 days)',
        description: '可选 Idempotency-Key / optional Idempotency-Key',
        security: [{ bearerAuth: [] }],
        body: referral.ApplyToConfirmAgreement,
        response: { 201: Referred, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request, { ifMatch: false });
      try {
        const r = await service.submitAgreement(request.body, caller, authorize(regions, caller.actor, 'SubmitAgreementForConfirmation'));
        reply.header('etag', etag(r.revision)).header('location', `/api/referrals/${r.referralId}`);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ referralId: r.referralId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position) });
      } catch (err) {
        if (err instanceof StreamNotFoundError)
          throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'body.mediationId', message: '调解案卷不存在 / no such mediation file' }]);
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
      const s = loaded.state;
      const actor = request.actor;
      // What this caller may do on the referral now: each command's authorization and decider, dry run.
      const allowed = allowedActions(Object.keys(COMMAND_ROUTES), (path) => {
        const body = SAMPLES[path]?.(s, service.now());
        if (body === undefined) return undefined;
        const type = COMMAND_ROUTES[path]!.type;
        authorize(regions, actor, type)(s);
        return service.dryRun({ type, data: body } as ReferralRequest, s, actor);
      });
      return { ...referralView(loaded, vault, actor.role), allowedActions: allowed };
    },
  );

  registerCommandRoutes(app, {
    base: '/api/referrals/:referralId',
    params: Params,
    idParam: 'referralId',
    tags: TAGS,
    routes: COMMAND_ROUTES,
    notFound,
    execute: (id, route, body, caller) => service.execute(id, { type: route.type, data: body } as ReferralRequest, caller, authorize(regions, caller.actor, route.type) as (s: ReferralState) => void),
  });
};
