import { DivisionCode, Role, type Actor, type RegionDirectory } from '@zz/contracts';
import { HttpError, signToken, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { RunMode } from '../process-env.js';
import { demoUsers } from './demo-users.js';
import { UserId } from './events.js';
import { passwordProblem } from './password.js';
import type { AccountService, UserView } from './service.js';

export interface AccountRoutesOptions {
  accounts: AccountService;
  regions: RegionDirectory;
  mode: RunMode;
  jwtSecret: string;
  /** Lifetime of the tokens sign-in issues (TOKEN_MAX_LIFETIME). */
  tokenLifetimeSeconds: number;
  /** Sign-in attempts per client address per minute (default 10). */
  signInPerMinute?: number;
  now?: () => Date;
}

const UserOut = z.object({ userId: z.string(), role: Role, center: z.string(), centerName: z.string(), displayName: z.string() });
const SignedIn = z.object({ token: z.string(), expiresAt: z.string(), user: UserOut });
const ListItem = UserOut.extend({ disabled: z.boolean(), locked: z.boolean() });
const Password = z
  .string()
  .max(200)
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Sign-in and account management (README: Deploying). GET /api/auth/config says which sign-in the web
 * app shows; POST /api/auth/login checks a password (rate-limited, locked after repeated failures);
 * POST /api/demo/sign-in exists in demo mode only; /api/users is for admins, within their jurisdiction.
 */
export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const demo = opts.mode === 'demo' ? demoUsers(opts.regions) : [];
  const issue = (user: UserView) => {
    const issuedAt = now();
    const token = signToken(opts.jwtSecret, { userId: user.userId, role: user.role, centerCode: user.center }, { expiresIn: opts.tokenLifetimeSeconds, now: () => issuedAt });
    return { token, expiresAt: new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 + opts.tokenLifetimeSeconds * 1000).toISOString(), user };
  };
  const tags = ['auth 登录与账号'];
  const admin = async (request: { actor: Actor }) => {
    if (request.actor.role !== 'admin') throw new HttpError(403, 'forbidden_role', '仅管理员可管理账号 / only an admin may manage accounts');
  };
  const rateLimit = { max: opts.signInPerMinute ?? 10, timeWindow: 60_000 };

  app.get(
    '/api/auth/config',
    {
      schema: {
        tags,
        security: [],
        summary: '登录方式 / which sign-in this deployment offers',
        response: { 200: z.object({ mode: z.enum(['demo', 'production']), demoUsers: z.array(UserOut.extend({ label: z.object({ zh: z.string(), en: z.string() }) })).optional() }) },
      },
    },
    async () => (opts.mode === 'demo' ? { mode: opts.mode, demoUsers: demo } : { mode: opts.mode }),
  );

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit },
      schema: {
        tags,
        security: [],
        summary: '账号密码登录 / sign in with user id and password',
        body: z.object({ userId: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: SignedIn },
      },
    },
    async (request) => {
      const result = await opts.accounts.signIn(request.body.userId, request.body.password, request.correlationId);
      if (result.ok) return issue(result.user);
      if (result.error === 'account_locked')
        throw new HttpError(423, 'account_locked', '连续输错密码，账号已暂时锁定，请稍后再试或联系管理员 / too many wrong passwords: the account is locked for a while; try later or ask an admin');
      throw new HttpError(401, 'invalid_credentials', '用户名或密码错误 / wrong user id or password');
    },
  );

  app.get('/api/auth/me', { onRequest: app.authenticate, schema: { tags, summary: '当前用户 / the signed-in user', response: { 200: UserOut } } }, async (request) =>
    opts.accounts.whoIs(request.actor),
  );

  app.post(
    '/api/auth/password',
    {
      onRequest: app.authenticate,
      config: { rateLimit },
      schema: { tags, summary: '修改本人密码 / change your own password', body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }) },
    },
    async (request, reply) => {
      await opts.accounts.changeOwnPassword(request.actor, request.body.currentPassword, request.body.newPassword, request.correlationId);
      return reply.code(204).send();
    },
  );

  // Demo mode only: in production this route does not exist (404), whatever the environment says.
  if (opts.mode === 'demo') {
    app.get('/api/demo/users', { schema: { tags, security: [], summary: '演示用户（仅演示模式） / demo users (demo mode only)' } }, async () => ({ demo: true, users: demo }));
    app.post(
      '/api/demo/sign-in',
      {
        schema: {
          tags,
          security: [],
          summary: '演示登录（仅演示模式） / demo sign-in (demo mode only)',
          body: z.object({ userId: z.string().min(1).max(200) }),
          response: { 200: SignedIn },
        },
      },
      async (request) => {
        const user = demo.find((u) => u.userId === request.body.userId);
        if (!user) throw new HttpError(404, 'not_found', '演示用户不存在 / no such demo user');
        const { label: _label, ...view } = user;
        return issue(view);
      },
    );
  }

  const CenterOfAccount = DivisionCode.refine((c) => {
    const region = opts.regions.get(c);
    return region !== undefined && region.tier !== 'grid';
  }, '须为本系统的中心（市、县、乡镇） / must be a center of this deployment (city, county or township)');
  const Id = z.object({ userId: UserId });

  app.post(
    '/api/users',
    {
      onRequest: app.authenticate,
      preHandler: admin,
      schema: {
        tags,
        summary: '创建账号（管理员） / create an account (admin)',
        body: z.object({ userId: UserId, displayName: z.string().trim().min(1).max(50), role: Role, center: CenterOfAccount, password: Password }),
        response: { 201: UserOut },
      },
    },
    async (request, reply) => reply.code(201).send(await opts.accounts.create(request.actor, request.body, request.correlationId)),
  );

  app.get(
    '/api/users',
    {
      onRequest: app.authenticate,
      preHandler: admin,
      schema: { tags, summary: '本级及下级账号（管理员） / accounts of your center and below (admin)', response: { 200: z.object({ users: z.array(ListItem) }) } },
    },
    async (request) => ({ users: await opts.accounts.list(request.actor) }),
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/api/users/:userId/${action}`,
      {
        onRequest: app.authenticate,
        preHandler: admin,
        schema: { tags, summary: action === 'disable' ? '停用账号 / disable an account' : '启用账号（并解除锁定） / enable an account (and unlock it)', params: Id, response: { 200: ListItem } },
      },
      async (request) => opts.accounts.setDisabled(request.actor, request.params.userId, action === 'disable', request.correlationId),
    );
  }

  app.post(
    '/api/users/:userId/reset-password',
    {
      onRequest: app.authenticate,
      preHandler: admin,
      schema: { tags, summary: '重置密码（并解除锁定） / reset a password (and unlock)', params: Id, body: z.object({ password: Password }), response: { 200: ListItem } },
    },
    async (request) => opts.accounts.resetPassword(request.actor, request.params.userId, request.body.password, request.correlationId),
  );
};
