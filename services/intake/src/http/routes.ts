import { randomUUID } from 'node:crypto';
import { canAct, canSee, intake, type Actor, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { IntakeService } from '../application/intake-service.js';
import { viewNarrative, viewParty, type PersonalDataVault } from '@zz/contracts';
import type { IntakeCommand } from '../domain/commands.js';
import { mayIssue, mayOverrideRisk, type IntakeCommandType } from '../domain/permissions.js';
import type { DisputeState } from '../domain/state.js';
import { checkRegistrationArea, Registered, registerAndAnswer } from './registration.js';
import { allowedActions, callerOf, ERROR_RESPONSES as errors, etag, forbiddenRole, outsideJurisdiction, registerCommandRoutes, type CommandRoute as FlowCommandRoute } from '@zz/commands';

export interface IntakeRoutesOptions {
  service: IntakeService;
  vault: PersonalDataVault;
  regions: RegionDirectory;
}

const CaseParams = z.object({ caseId: z.uuid({ message: '须为案件ID(UUID) / must be a case id (UUID)' }) });

/** POST /api/disputes/:caseId/<command>: each path, its body schema, and how it becomes a decider command. */
type Existing = Exclude<IntakeCommand, { type: 'RegisterDispute' }>;
interface CommandRoute extends FlowCommandRoute<IntakeCommandType> {
  toCommand(body: unknown): Existing;
}
const withWhistleId = (d: intake.RouteDispute): Existing => ({ type: 'RouteDispute', data: d.mode === 'whistle' ? { ...d, whistleId: randomUUID() } : d });
const COMMAND_ROUTES: Record<string, CommandRoute> = {
  accept: { type: 'AcceptDispute', summary: '受理 / accept', body: intake.AcceptDispute, toCommand: (b) => ({ type: 'AcceptDispute', data: b as never }) },
  decline: {
    type: 'DeclineDispute',
    summary: '不予受理（告知途径） / decline, naming the channel to use',
    body: intake.DeclineDispute,
    toCommand: (b) => ({ type: 'DeclineDispute', data: b as never }),
  },
  'assess-risk': { type: 'AssessRisk', summary: '风险研判 / assess risk', body: intake.AssessRisk, toCommand: (b) => ({ type: 'AssessRisk', data: b as never }) },
  route: { type: 'RouteDispute', summary: '分流（本级办理/交办/上报/吹哨/调解） / route', body: intake.RouteDispute, toCommand: (b) => withWhistleId(b as intake.RouteDispute) },
  'assign-down': {
    type: 'RouteDispute',
    summary: '交办 / assign down',
    body: intake.AssignDown.omit({ mode: true }),
    toCommand: (b) => withWhistleId({ ...(b as object), mode: 'assign_down' } as intake.RouteDispute),
  },
  escalate: {
    type: 'RouteDispute',
    summary: '上报 / report up',
    body: intake.Escalate.omit({ mode: true }),
    toCommand: (b) => withWhistleId({ ...(b as object), mode: 'escalate' } as intake.RouteDispute),
  },
  whistle: {
    type: 'RouteDispute',
    summary: '吹哨 / blow the whistle to departments',
    body: intake.Whistle.omit({ mode: true }),
    toCommand: (b) => withWhistleId({ ...(b as object), mode: 'whistle' } as intake.RouteDispute),
  },
  mediate: {
    type: 'RouteDispute',
    summary: '引导调解（调解卷宗由跨流程反应自动开立） / route to mediation (the mediation file is opened by the reactions)',
    body: intake.RouteToMediation.omit({ mode: true }),
    toCommand: (b) => withWhistleId({ ...(b as object), mode: 'mediate' } as intake.RouteDispute),
  },
  'report-in': { type: 'ReportIn', summary: '部门报到 / department reports in', body: intake.ReportIn, toCommand: (b) => ({ type: 'ReportIn', data: b as never }) },
  close: { type: 'CloseDispute', summary: '办结 / close', body: intake.CloseDispute, toCommand: (b) => ({ type: 'CloseDispute', data: b as never }) },
  'follow-up': { type: 'FollowUp', summary: '回访 / follow-up visit', body: intake.FollowUp, toCommand: (b) => ({ type: 'FollowUp', data: b as never }) },
  reopen: { type: 'ReopenDispute', summary: '重新启动 / reopen', body: intake.ReopenDispute, toCommand: (b) => ({ type: 'ReopenDispute', data: b as never }) },
  // The assignment loop (交办 → 签收 → 办理 → 办结报告 → 验收) and the whistle's release and sign-off.
  'sign-for': {
    type: 'SignForAssignment',
    summary: '签收交办 / the receiving center signs for the assignment',
    body: intake.SignForAssignment,
    toCommand: (b) => ({ type: 'SignForAssignment', data: b as never }),
  },
  'send-back': {
    type: 'SendBackAssignment',
    summary: '退回交办（限期内，附理由） / send the assignment back, with a reason, within the window',
    body: intake.SendBackAssignment,
    toCommand: (b) => ({ type: 'SendBackAssignment', data: b as never }),
  },
  'report-completion': {
    type: 'ReportCompletion',
    summary: '报送办结报告 / completion report (outcome, measures, satisfaction)',
    body: intake.ReportCompletion,
    toCommand: (b) => ({ type: 'ReportCompletion', data: b as never }),
  },
  'sign-off': {
    type: 'SignOffAssignment',
    summary: '验收通过（办结） / sign off the assignment (closes the case)',
    body: intake.SignOffAssignment,
    toCommand: (b) => ({ type: 'SignOffAssignment', data: b as never }),
  },
  rework: {
    type: 'ReturnForRework',
    summary: '退回重办 / return for rework, with a reason and a due date',
    body: intake.ReturnForRework,
    toCommand: (b) => ({ type: 'ReturnForRework', data: b as never }),
  },
  'request-release': {
    type: 'RequestRelease',
    summary: '部门申请退出吹哨 / a department asks to be released, with a reason',
    body: intake.RequestRelease,
    toCommand: (b) => ({ type: 'RequestRelease', data: b as never }),
  },
  'decide-release': {
    type: 'DecideRelease',
    summary: '吹哨中心决定是否准予退出 / the whistling center decides a release request',
    body: intake.DecideRelease,
    toCommand: (b) => ({ type: 'DecideRelease', data: b as never }),
  },
  // Supervision from above (督办), charged to the center holding the case.
  'list-supervision': {
    type: 'ListDisputeForSupervision',
    summary: '挂牌督办（上级中心） / listed supervision from a center above',
    body: intake.ListDisputeForSupervision,
    toCommand: (b) => ({ type: 'ListDisputeForSupervision', data: { ...(b as object), supervisionId: randomUUID() } as never }),
  },
  'lift-supervision': {
    type: 'LiftDisputeSupervision',
    summary: '摘牌 / lift listed supervision',
    body: intake.LiftDisputeSupervision,
    toCommand: (b) => ({ type: 'LiftDisputeSupervision', data: b as never }),
  },
  interview: {
    type: 'RecordDisputeInterview',
    summary: '约谈（附记录） / summons of the responsible leader, with minutes',
    body: intake.RecordDisputeInterview,
    toCommand: (b) => ({ type: 'RecordDisputeInterview', data: b as never }),
  },
  'circulate-notice': {
    type: 'CirculateDisputeNotice',
    summary: '通报 / circular naming the unit holding the case',
    body: intake.CirculateDisputeNotice,
    toCommand: (b) => ({ type: 'CirculateDisputeNotice', data: b as never }),
  },
  'sign-off-whistle': {
    type: 'SignOffWhistle',
    summary: '吹哨验收 / the whistling center signs the whistle off',
    body: intake.SignOffWhistle,
    toCommand: (b) => ({ type: 'SignOffWhistle', data: b as never }),
  },
};

/**
 * A plausible body per command path, for the dry run that derives `allowedActions` (the decider
 * needs a body to decide): undefined when nothing on this state fits (no whistle awaiting report-in).
 */
const DAY = 86_400_000;
const SAMPLES: Record<string, (s: DisputeState, regions: RegionDirectory, now: Date) => unknown> = {
  accept: () => ({}),
  decline: () => ({ reason: '-', redirectChannel: 'other' }),
  'assess-risk': () => ({ indicators: {} }),
  route: (_s, _r, now) => ({ mode: 'handle_here', dueAt: new Date(now.getTime() + DAY).toISOString() }),
  'assign-down': (s, regions, now) => {
    const child = regions.children(s.handlingCenter).find((c) => c.tier !== 'grid');
    return child && { toCenter: child.code, dueAt: new Date(now.getTime() + DAY).toISOString(), supervision: 'ordinary' };
  },
  escalate: () => ({ reason: '-' }),
  whistle: (_s, _r, now) => ({ departments: [{ code: 'dept', name: '-' }], reportInDueAt: new Date(now.getTime() + DAY).toISOString(), reason: '-' }),
  mediate: () => ({ organisationKind: 'people', organisationName: '--' }),
  'report-in': (s) => {
    const open = Object.entries(s.whistles).find(([, w]) => w.pending.length > 0);
    return open && { whistleId: open[0], departmentCode: open[1].pending[0] };
  },
  close: () => ({ outcome: 'resolved', summary: '-' }),
  'follow-up': () => ({ satisfaction: 'satisfied', method: 'phone' }),
  reopen: () => ({ reason: '-' }),
  // The assignment loop and supervision from above (the decider says when and who).
  'sign-for': () => ({}),
  'send-back': () => ({ reason: 'not_our_remit', explanation: '-' }),
  'report-completion': () => ({ outcome: 'resolved', measures: '-', satisfaction: 'satisfied' }),
  'sign-off': () => ({}),
  rework: (_s, _r, now) => ({ reason: '-', dueAt: new Date(now.getTime() + DAY).toISOString() }),
  'list-supervision': (_s, _r, now) => ({ dueAt: new Date(now.getTime() + DAY).toISOString(), instructions: '-' }),
  interview: (_s, _r, now) => ({ interviewee: '-', heldAt: now.toISOString(), minutes: '-' }),
  'circulate-notice': () => ({ scope: '-', summary: '-' }),
};

const caseNotFound = () => new HttpError(404, 'not_found', '案件不存在 / case not found');

/** Writes outside the caller's area answer 403 (reads there answer 404, so existence doesn't leak through GET). */
function authorizeWrite(regions: RegionDirectory, actor: Actor) {
  return (state: DisputeState) => {
    if (state.status !== 'none' && !canAct(regions, actor.centerCode, state)) throw outsideJurisdiction();
  };
}

export const intakeRoutes: FastifyPluginAsyncZod<IntakeRoutesOptions> = async (app, opts) => {
  const { service, vault, regions } = opts;

  app.post(
    '/api/disputes',
    {
      onRequest: app.authenticate,
      schema: { tags: ['intake 受理'], summary: '登记矛盾纠纷 / register a dispute', security: [{ bearerAuth: [] }], body: intake.RegisterDispute, response: { 201: Registered, ...errors } },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (!mayIssue(actor.role, 'RegisterDispute')) throw forbiddenRole();
      checkRegistrationArea(regions, request.body.areaCode, actor.centerCode, '该地区不在本中心辖区 / the area is outside your jurisdiction');
      return registerAndAnswer(reply, () => service.register(request.body, callerOf(request, { ifMatch: false })));
    },
  );

  app.get(
    '/api/disputes/:caseId',
    { onRequest: app.authenticate, schema: { tags: ['intake 受理'], summary: '案件详情 / dispute state (ETag = revision)', security: [{ bearerAuth: [] }], params: CaseParams } },
    async (request, reply) => {
      const loaded = await service.load(request.params.caseId);
      if (!loaded || !canSee(regions, request.actor.centerCode, loaded.state)) throw caseNotFound();
      const s = loaded.state;
      const role = request.actor.role;
      reply.header('etag', etag(loaded.revision));
      return {
        caseId: s.caseId,
        caseCode: s.caseCode,
        status: s.status,
        statusLabel: s.status === 'none' ? null : intake.DISPUTE_STATUS_LABELS[s.status],
        category: s.category,
        source: s.source,
        title: s.title,
        description: s.description ? viewNarrative(vault, s.description, role) : null,
        areaCode: s.areaCode,
        centerCode: s.centerCode,
        handlingCenter: s.handlingCenter,
        risk: s.risk,
        supervision: s.supervision,
        dueAt: s.dueAt,
        whistles: Object.entries(s.whistles).map(([whistleId, w]) => ({ whistleId, ...w })),
        parties: s.parties.map((p) => viewParty(vault, p, role)),
        // Links to the other flows' files, reported back by the cross-flow reactions.
        inMediation: s.inMediation,
        mediations: s.mediations,
        awaitingReferral: s.awaitingReferral,
        referrals: s.referrals,
        petitions: s.petitions,
        /** The current assignment's loop (交办 → 签收 → 办结报告 → 验收), with any cards for missed steps. */
        assignment: s.assignment,
        supervisions: Object.entries(s.supervisions).map(([supervisionId, v]) => ({ supervisionId, ...v })),
        registeredAt: loaded.events[0]!.occurredAt,
        revision: Number(loaded.revision),
        // What this caller may do on the case now: each command's authorization and decider, dry run.
        allowedActions: allowedActions(Object.keys(COMMAND_ROUTES), (path) => {
          const route = COMMAND_ROUTES[path]!;
          const body = SAMPLES[path]?.(s, regions, service.now());
          if (body === undefined) return undefined;
          authorizeWrite(regions, request.actor)(s);
          if (!mayIssue(role, route.type)) throw forbiddenRole();
          return service.dryRun(route.toCommand(body), s, request.actor);
        }),
      };
    },
  );

  registerCommandRoutes(app, {
    base: '/api/disputes/:caseId',
    params: CaseParams,
    idParam: 'caseId',
    tags: ['intake 受理'],
    routes: COMMAND_ROUTES,
    notFound: caseNotFound,
    execute: (caseId, route, body, caller) => {
      const command = route.toCommand(body);
      const { actor } = caller;
      return service.execute(caseId, command, caller, (state) => {
        authorizeWrite(regions, actor)(state);
        // Jurisdiction first, then role: the answer for a case elsewhere doesn't depend on who asks.
        if (!mayIssue(actor.role, route.type)) throw forbiddenRole();
        if (command.type === 'AssessRisk' && command.data.override && !mayOverrideRisk(actor.role)) throw forbiddenRole();
      });
    },
  });
};
