import { canAct, canSee, mediation, type Actor, type PersonalDataVault, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import { mediationView } from '../application/mediation-view.js';
import type { MediationRequest, MediationService } from '../application/mediation-service.js';
import { mayIssue } from '../domain/permissions.js';
import type { MediationState } from '../domain/state.js';
import { allowedActions, callerOf, CommandAnswer, commandHttpError, ERROR_RESPONSES as errors, etag, forbiddenRole, outsideJurisdiction, registerCommandRoutes, type CommandRoute } from '@zz/commands';

export interface MediationRoutesOptions {
  service: MediationService;
  /** Opens sealed free text for readers (the key store). */
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const TAGS = ['mediation 调解'];
const Params = z.object({ mediationId: z.uuid({ message: '须为调解卷宗ID(UUID) / must be a mediation id (UUID)' }) });
const Opened = CommandAnswer.extend({ mediationId: z.string(), caseCode: z.string() });

/** POST /api/mediations/:mediationId/<command>: each path, its body schema and its command type. */
const COMMAND_ROUTES: Record<string, CommandRoute<MediationRequest['type']>> = {
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

/** A plausible body per command path for the dry run behind `allowedActions` (the decider needs one to decide). */
const DAY = 86_400_000;
const SAMPLES: Record<string, (s: MediationState, now: Date) => unknown> = {
  'assign-mediator': () => ({ mediatorId: '~sample' }),
  'record-session': (_s, now) => ({ heldAt: now.toISOString(), attendees: [], notes: '-' }),
  'note-progress': () => ({ note: '-' }),
  extend: (s, now) => ({
    consents: s.parties.filter((p) => p.role !== 'third_party').map((p) => ({ personId: p.personId, consentedAt: now.toISOString() })),
    newEndAt: new Date(Math.max(now.getTime(), s.plannedEndAt ? Date.parse(s.plannedEndAt) : 0) + DAY).toISOString(),
  }),
  'record-refusal': (s, now) => s.parties[0] && { personId: s.parties[0].personId, statedAt: now.toISOString() },
  'reach-agreement': (_s, now) => ({ terms: '-', amounts: [], signedAt: now.toISOString(), performanceDeadline: new Date(now.getTime() + DAY).toISOString() }),
  'record-failure': () => ({ reason: 'other' }),
  'record-performance': (_s, now) => ({ status: 'full', checkedAt: now.toISOString() }),
  close: () => ({}),
};

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
      schema: {
        tags: TAGS,
        summary: '为纠纷立调解卷宗 / open a mediation file for a dispute',
        description: '可选 Idempotency-Key / optional Idempotency-Key',
        security: [{ bearerAuth: [] }],
        body: mediation.OpenMediation,
        response: { 201: Opened, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request, { ifMatch: false });
      try {
        const r = await service.open(request.body, caller, authorize(regions, caller.actor, 'OpenMediation'));
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
      const s = loaded.state;
      const actor = request.actor;
      // What this caller may do on the file now: each command's authorization and decider, dry run.
      const allowed = allowedActions(Object.keys(COMMAND_ROUTES), (path) => {
        const body = SAMPLES[path]?.(s, service.now());
        if (body === undefined) return undefined;
        const type = COMMAND_ROUTES[path]!.type;
        authorize(regions, actor, type)(s);
        return service.dryRun({ type, data: body } as MediationRequest, s, actor);
      });
      return { ...mediationView(loaded, vault, actor.role), allowedActions: allowed };
    },
  );

  registerCommandRoutes(app, {
    base: '/api/mediations/:mediationId',
    params: Params,
    idParam: 'mediationId',
    tags: TAGS,
    routes: COMMAND_ROUTES,
    notFound,
    execute: (id, route, body, caller) =>
      service.execute(id, { type: route.type, data: body } as MediationRequest, caller, authorize(regions, caller.actor, route.type) as (s: MediationState) => void),
  });
};
