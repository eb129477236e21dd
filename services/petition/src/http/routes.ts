import { canAct, canSee, petition, type Actor, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { viewNarrative, viewParty, type PersonalDataVault } from '@zz/intake';
import { z } from 'zod';
import { UnknownDisputeError, type PetitionAction, type PetitionService } from '../application/petition-service.js';
import type { PetitionCommandType } from '../domain/commands.js';
import { mayIssue } from '../domain/permissions.js';
import type { PetitionState } from '../domain/state.js';
import { allowedActions, callerOf, CommandAnswer, commandHttpError, ERROR_RESPONSES as errors, etag, forbiddenRole, registerCommandRoutes, type CommandRoute } from '@zz/commands';

export interface PetitionRoutesOptions {
  service: PetitionService;
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const TAGS = ['petition 信访'];
const PetitionParams = z.object({ petitionId: z.uuid({ message: '须为信访事项ID(UUID) / must be a petition id (UUID)' }) });
const Registered = CommandAnswer.extend({
  petitionId: z.string(),
  caseCode: z.string(),
  status: petition.PetitionStatus,
  /** Earlier petitions on the same matter by the same petitioner (重复信访). */
  repeatOf: z.array(z.string()),
});

/**
 * POST /api/petitions/:petitionId/<command>. There is deliberately no delete or erase command: a
 * petition is never removed to meet targets (personal data is erased by crypto-shredding instead).
 */
const COMMAND_ROUTES: Record<string, CommandRoute<PetitionCommandType & PetitionAction['type']>> = {
  accept: { type: 'AcceptPetition', summary: '受理 / accept', body: petition.AcceptPetition },
  decline: { type: 'DeclinePetition', summary: '不予受理（告知理由与途径） / decline, with reason and channel', body: petition.DeclinePetition },
  'mark-backlog': { type: 'MarkBacklog', summary: '列为积案 / mark as a backlog case', body: petition.MarkBacklog },
  'assign-leader': { type: 'AssignResponsibleLeader', summary: '落实包保领导 / assign the responsible leader', body: petition.AssignResponsibleLeader },
  'sign-responsibility': { type: 'SignResponsibilityStatement', summary: '包保领导签字背书 / the responsible leader signs the statement', body: petition.SignResponsibilityStatement },
  'list-supervision': { type: 'ListForSupervision', summary: '挂牌督办 / listed supervision with a deadline', body: petition.ListForSupervision },
  'lift-supervision': { type: 'LiftSupervision', summary: '摘牌 / lift listed supervision', body: petition.LiftSupervision },
  'admonishing-interview': { type: 'RecordAdmonishingInterview', summary: '约谈 / admonishing interview', body: petition.RecordAdmonishingInterview },
  'circulate-notice': { type: 'CirculateNotice', summary: '通报 / circulated notice', body: petition.CirculateNotice },
  answer: { type: 'AnswerPetition', summary: '书面答复 / written answer', body: petition.AnswerPetition },
  'request-review': { type: 'RequestReview', summary: '申请复查（答复后30日内） / request review (within 30 days of the answer)', body: petition.RequestReview },
  'decide-review': { type: 'DecideReview', summary: '复查意见 / review decision', body: petition.DecideReview },
  'request-re-review': { type: 'RequestReReview', summary: '申请复核（复查意见后30日内） / request re-review (within 30 days of the review)', body: petition.RequestReReview },
  'decide-re-review': { type: 'DecideReReview', summary: '复核意见（终结） / re-review decision (final)', body: petition.DecideReReview },
  resolve: { type: 'ResolvePetition', summary: '化解 / 息诉罢访 / resolve', body: petition.ResolvePetition },
  'divert-legal': {
    type: 'DivertToLegalChannel',
    summary: '诉访分离：导入诉讼、仲裁、行政复议途径或转交政法单位 / divert a 涉法涉诉 matter to the legal channel',
    body: petition.DivertToLegalChannel,
  },
};
/** The command paths, for tests and docs. */
/**
 * A plausible decider command per path for the dry run behind `allowedActions` (texts stand unsealed:
 * nothing is stored). Undefined when nothing on this state fits (no supervision to lift).
 */
const DAY = 86_400_000;
const SAMPLES: Record<string, (s: PetitionState, now: Date) => unknown> = {
  accept: () => ({}),
  decline: () => ({ reason: 'other', explanation: '-' }),
  'mark-backlog': () => ({ reason: '-' }),
  'assign-leader': () => ({ leaderUserId: '~sample', post: '-' }),
  'sign-responsibility': () => ({ statementSha256: '0' }),
  'list-supervision': (_s, now) => ({ supervisionId: '~sample', dueAt: new Date(now.getTime() + DAY).toISOString(), instructions: '-' }),
  'lift-supervision': (s) => {
    const open = Object.entries(s.supervisions).find(([, v]) => !v.lifted);
    return open && { supervisionId: open[0], reason: '-' };
  },
  'admonishing-interview': (_s, now) => ({ interviewee: '-', heldAt: now.toISOString(), summary: '-' }),
  'circulate-notice': () => ({ scope: '-', summary: '-' }),
  answer: () => ({ text: '-', textSha256: '0' }),
  'request-review': () => ({}),
  'decide-review': () => ({ outcome: 'upheld', text: '-', textSha256: '0' }),
  'request-re-review': () => ({}),
  'decide-re-review': () => ({ outcome: 'upheld', text: '-', textSha256: '0' }),
  resolve: () => ({ kind: 'resolved', summary: '-' }),
};

export const PETITION_COMMAND_PATHS = Object.keys(COMMAND_ROUTES);

const outsideJurisdiction = () => new HttpError(403, 'outside_jurisdiction', '信访事项不在本中心辖区 / the petition is outside your jurisdiction');
const notFound = () => new HttpError(404, 'not_found', '信访事项不存在 / petition not found');
const invalid = (path: string, message: string) => new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path, message }]);

/** Writes outside the caller's area answer 403 (reads there answer 404, so existence doesn't leak); then the role. */
function authorize(regions: RegionDirectory, actor: Actor, type: PetitionCommandType) {
  return (state: PetitionState) => {
    if (state.status !== 'none' && !canAct(regions, actor.centerCode, state)) throw outsideJurisdiction();
    if (!mayIssue(actor.role, type)) throw forbiddenRole();
  };
}

export const petitionRoutes: FastifyPluginAsyncZod<PetitionRoutesOptions> = async (app, opts) => {
  const { service, vault, regions } = opts;

  app.post(
    '/api/petitions',
    {
      onRequest: app.authenticate,
      schema: {
        tags: TAGS,
        summary: '登记信访事项 / register a petition',
        description: '重复信访自动关联；已复核终结事项的重复信访登记后即不予受理（status=declined） / repeats are linked; a repeat of a finally re-reviewed matter is registered and declined at once',
        security: [{ bearerAuth: [] }],
        body: petition.RegisterPetition,
        response: { 201: Registered, ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (!mayIssue(actor.role, 'RegisterPetition')) throw forbiddenRole();
      const area = regions.get(request.body.areaCode);
      if (!area || (area.tier !== 'township' && area.tier !== 'grid')) throw invalid('body.areaCode', '须为乡镇（街道）或网格代码 / must be a known township or grid code');
      if (!regions.isWithin(area.code, actor.centerCode)) throw new HttpError(403, 'outside_jurisdiction', '该地区不在本中心辖区 / the area is outside your jurisdiction');
      try {
        const r = await service.register(request.body, callerOf(request, { ifMatch: false }));
        reply.header('etag', etag(r.revision)).header('location', `/api/petitions/${r.petitionId}`);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(201).send({ petitionId: r.petitionId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position), status: r.status, repeatOf: r.repeatOf });
      } catch (err) {
        if (err instanceof UnknownDisputeError) throw invalid('body.disputeId', '案件不存在 / no such dispute');
        throw commandHttpError(err);
      }
    },
  );

  app.get(
    '/api/petitions/:petitionId',
    { onRequest: app.authenticate, schema: { tags: TAGS, summary: '信访事项详情 / petition state (ETag = revision)', security: [{ bearerAuth: [] }], params: PetitionParams } },
    async (request, reply) => {
      const loaded = await service.load(request.params.petitionId);
      if (!loaded || !canSee(regions, request.actor.centerCode, loaded.state)) throw notFound();
      reply.header('etag', etag(loaded.revision));
      const s = loaded.state;
      const actor = request.actor;
      // What this caller may do on the petition now: each command's authorization and decider, dry run.
      const allowed = allowedActions(Object.keys(COMMAND_ROUTES), (path) => {
        const data = SAMPLES[path]?.(s, service.now());
        if (data === undefined) return undefined;
        const type = COMMAND_ROUTES[path]!.type;
        authorize(regions, actor, type)(s);
        return service.dryRun({ type, data } as never, s, actor);
      });
      return { ...petitionView(s, loaded, vault, actor.role), allowedActions: allowed };
    },
  );

  registerCommandRoutes(app, {
    base: '/api/petitions/:petitionId',
    params: PetitionParams,
    idParam: 'petitionId',
    tags: TAGS,
    routes: COMMAND_ROUTES,
    notFound,
    execute: (id, route, body, caller) => service.execute(id, { type: route.type, body } as PetitionAction, caller, authorize(regions, caller.actor, route.type)),
  });
};

/** The petition as a viewer may see it: personal data opened at read time and masked by role. */
function petitionView(s: PetitionState, loaded: { revision: bigint }, vault: PersonalDataVault, role: Actor['role']) {
  const text = (sealed: Parameters<typeof viewNarrative>[1] | null | undefined) => (sealed ? viewNarrative(vault, sealed, role) : null);
  return {
    petitionId: s.petitionId,
    caseCode: s.caseCode,
    status: s.status,
    statusLabel: s.status === 'none' ? null : petition.PETITION_STATUS_LABELS[s.status],
    channel: s.channel,
    subjectArea: s.matter?.subjectArea ?? null,
    subjectAreaLabel: s.matter ? { zh: petition.PETITION_SUBJECT_AREAS[s.matter.subjectArea].zh, en: petition.PETITION_SUBJECT_AREAS[s.matter.subjectArea].en } : null,
    matter: s.matter,
    title: s.title,
    description: text(s.description),
    areaCode: s.areaCode,
    centerCode: s.centerCode,
    handlingCenter: s.handlingCenter,
    receivedAt: s.receivedAt,
    groupVisit: s.groupVisit,
    petitioners: s.petitioners.map((p) => viewParty(vault, p, role)),
    repeatOf: s.repeatOf,
    decision: s.decision,
    backlog: s.backlog,
    // The signed statement is shown again as signed (roles that read texts); its hash proves which text it was.
    leader: s.leader
      ? { leaderUserId: s.leader.leaderUserId, post: s.leader.post, signedAt: s.leader.signedAt, statementSha256: s.leader.statementSha256, statementText: text(s.leader.statement) }
      : null,
    supervisions: Object.entries(s.supervisions).map(([supervisionId, v]) => ({ supervisionId, ...v })),
    interviews: s.interviews,
    notices: s.notices,
    answer: s.answer ? { answeredAt: s.answer.answeredAt, textSha256: s.answer.textSha256, text: text(s.answer.text) } : null,
    review: s.review,
    reReview: s.reReview,
    resolution: s.resolution,
    diversion: s.diversion,
    revision: Number(loaded.revision),
  };
}
