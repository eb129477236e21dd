import type { PersonalDataVault, RegionDirectory } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { expirySeconds, type HttpApp } from '@zz/http';
import type { ProcessEnv, RunMode } from '../process-env.js';
import { bootstrapAdmin } from './bootstrap.js';
import { accountRoutes } from './routes.js';
import { AccountService } from './service.js';

/** Sign-in and account routes on a process's app, and the bootstrap admin (production) — for every runtime. */
export async function mountAccounts(
  app: HttpApp,
  ctx: { env: ProcessEnv; store: EventStore; vault: PersonalDataVault; regions: RegionDirectory; mode: RunMode; now?: () => Date },
): Promise<AccountService> {
  const accounts = new AccountService({ store: ctx.store, vault: ctx.vault, regions: ctx.regions, ...(ctx.now ? { now: ctx.now } : {}) });
  app.addTokenCheck((actor) => accounts.tokenStillValid(actor));
  await app.register(accountRoutes, {
    accounts,
    regions: ctx.regions,
    mode: ctx.mode,
    jwtSecret: ctx.env.JWT_SECRET,
    tokenLifetimeSeconds: expirySeconds(ctx.env.TOKEN_MAX_LIFETIME),
    signInPerMinute: ctx.env.SIGN_IN_RATE_LIMIT,
    ...(ctx.now ? { now: ctx.now } : {}),
  });
  if (ctx.mode === 'production') {
    const result = await bootstrapAdmin(accounts, ctx.regions, { userId: ctx.env.ADMIN_USER_ID, password: ctx.env.ADMIN_INITIAL_PASSWORD });
    if (result === 'created')
      app.log.warn(
        { userId: ctx.env.ADMIN_USER_ID },
        '已创建初始管理员，请登录后修改密码并移除 ADMIN_INITIAL_PASSWORD / initial admin created: sign in, change the password, remove ADMIN_INITIAL_PASSWORD',
      );
    if (result === 'no_password') app.log.warn('尚无任何账号：设置 ADMIN_INITIAL_PASSWORD 以创建初始管理员 / no accounts yet: set ADMIN_INITIAL_PASSWORD to create the initial admin');
  }
  return accounts;
}
