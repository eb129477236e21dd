import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { jixiDemoRegions, RegionDirectory } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, parseConfig } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { ProcessEnv, type RunMode } from '../process-env.js';
import { accountRoutes } from './routes.js';
import { AccountService } from './service.js';
import { mountAccounts } from './mount.js';
import { MAX_FAILURES } from './account.js';

const SECRET = 'accounts-test-jwt-secret-0123456789abcdef';
const regions = new RegionDirectory(jixiDemoRegions());
const ADMIN_PASSWORD = 'Initial-admin-pass-2026';

async function setup(t: Test, opts: { mode?: RunMode; signInPerMinute?: number; bootstrap?: boolean } = {}) {
  const dir = t.testdir();
  const store = await openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'accounts-test-pii-secret-xyz' });
  const app = await createHttpApp({ jwtSecret: SECRET, logger: false, defaultMetrics: false, regions: (c) => regions.get(c) });
  let accounts: AccountService;
  if (opts.bootstrap) {
    const env = parseConfig(ProcessEnv, { DATA_DIR: dir, JWT_SECRET: SECRET, PII_HASH_SECRET: 'x'.repeat(32), ADMIN_INITIAL_PASSWORD: ADMIN_PASSWORD });
    accounts = await mountAccounts(app, { env, store, vault: keys, regions, mode: opts.mode ?? 'production' });
  } else {
    accounts = new AccountService({ store, vault: keys, regions });
    await app.register(accountRoutes, { accounts, regions, mode: opts.mode ?? 'production', jwtSecret: SECRET, tokenLifetimeSeconds: 3600, signInPerMinute: opts.signInPerMinute ?? 1000 });
  }
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await store.close();
    keys.close();
  });
  const login = (userId: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { userId, password } });
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  return { app, store, accounts, dir, login, as };
}

t.test('production: no demo sign-in; the bootstrap admin signs in and manages accounts within its jurisdiction', async (t) => {
  const { app, store, dir, login, as } = await setup(t, { bootstrap: true });
  t.same((await app.inject({ url: '/api/auth/config' })).json(), { mode: 'production' });
  t.equal((await app.inject({ method: 'POST', url: '/api/demo/sign-in', payload: { userId: 'demo-admin@230300' } })).statusCode, 404, 'no demo sign-in in production');

  const res = await login('admin', ADMIN_PASSWORD);
  t.equal(res.statusCode, 200);
  const { token, expiresAt, user } = res.json();
  t.match(user, { userId: 'admin', role: 'admin', center: '230300', centerName: '鸡西市' });
  t.ok(Date.parse(expiresAt) > Date.now());
  t.match((await app.inject({ url: '/api/auth/me', headers: as(token) })).json(), { userId: 'admin', role: 'admin', center: '230300', displayName: '初始管理员 Initial admin' });

  const create = (tok: string, body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/users', headers: as(tok), payload: body });
  const county = await create(token, { userId: 'admin-230303', displayName: '恒山区管理员王芳', role: 'admin', center: '230303', password: 'Hengshan-admin-2026' });
  t.equal(county.statusCode, 201);
  t.match(county.json(), { userId: 'admin-230303', role: 'admin', center: '230303', centerName: '恒山区', displayName: '恒山区管理员王芳' });
  const countyToken = (await login('admin-230303', 'Hengshan-admin-2026')).json().token as string;
  t.equal(
    (await create(countyToken, { userId: 'clerk-x', displayName: '张三', role: 'intake_clerk', center: '230302', password: 'Jiguan-clerk-2026!' })).statusCode,
    403,
    'a county admin cannot create accounts beside it',
  );
  t.equal((await create(countyToken, { userId: 'clerk-h', displayName: '李四', role: 'intake_clerk', center: '230303', password: 'Hengshan-clerk-2026' })).statusCode, 201);
  t.equal((await create(token, { userId: 'clerk-h', displayName: '重复', role: 'intake_clerk', center: '230303', password: 'Hengshan-clerk-2026' })).statusCode, 409, 'user ids are unique');

  const bad = await create(token, { userId: 'bad id!', displayName: '', role: 'judge', center: '999999', password: 'short' });
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .details.map((d: { path: string }) => d.path)
      .sort(),
    ['body.center', 'body.displayName', 'body.password', 'body.role', 'body.userId'],
  );
  const grid = regions.all().find((r) => r.tier === 'grid')!.code;
  t.equal((await create(token, { userId: 'g', displayName: 'g', role: 'intake_clerk', center: grid, password: 'Grid-worker-2026' })).statusCode, 400, 'no accounts at a grid');

  const clerkToken = (await login('clerk-h', 'Hengshan-clerk-2026')).json().token as string;
  t.equal((await app.inject({ url: '/api/users', headers: as(clerkToken) })).statusCode, 403, 'only admins manage accounts');
  const listed = (await app.inject({ url: '/api/users', headers: as(countyToken) })).json().users.map((u: { userId: string }) => u.userId);
  t.same(listed, ['admin-230303', 'clerk-h'], "a county admin sees its own center's accounts only");
  t.equal((await app.inject({ url: '/api/users', headers: as(token) })).json().users.length, 3);
  t.equal((await app.inject({ method: 'POST', url: '/api/users/admin/disable', headers: as(countyToken) })).statusCode, 404, 'accounts above are unknown to a county admin');
  t.equal((await app.inject({ url: '/api/auth/me', headers: as(clerkToken) })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/api/users/clerk-h/disable', headers: as(countyToken) })).statusCode, 200);
  t.equal((await app.inject({ url: '/api/auth/me', headers: as(clerkToken) })).statusCode, 401, "a disabled account's token stops working at once");

  // Audited as events; no name and no password hash in clear in the event store.
  const types: string[] = [];
  for await (const e of store.readAll()) types.push(e.type);
  t.ok(types.filter((x) => x === 'UserCreated').length === 3 && types.includes('UserSignedIn'));
  const raw = readFileSync(join(dir, 'events.db')).toString('utf8') + readFileSync(join(dir, 'events.db-wal')).toString('utf8');
  t.notOk(raw.includes('王芳'), 'display names are sealed');
  t.notOk(raw.includes('scrypt$'), 'password hashes are sealed');
});

t.test('wrong passwords: 401, then locked (423) even for the right one; an admin unlocks by enabling or resetting; disabled accounts cannot sign in', async (t) => {
  const { app, accounts, login, as } = await setup(t);
  const root = { userId: 'root', role: 'admin' as const, centerCode: '230300' };
  await accounts.create(root, { userId: 'clerk-1', displayName: '赵六', role: 'intake_clerk', center: '230302101', password: 'Clerk-one-pass-2026' }, 'c1');
  await accounts.create(root, { userId: 'boss', displayName: '管理员', role: 'admin', center: '230300', password: 'Boss-admin-pass-2026' }, 'c2');
  const adminToken = (await login('boss', 'Boss-admin-pass-2026')).json().token as string;

  t.equal((await login('nobody', 'whatever-password')).statusCode, 401);
  t.same((await login('nobody', 'whatever-password')).json().error, 'invalid_credentials');
  for (let i = 1; i < MAX_FAILURES; i++) t.equal((await login('clerk-1', `wrong-${i}`)).statusCode, 401);
  const locked = await login('clerk-1', 'wrong-last');
  t.equal(locked.statusCode, 423);
  t.equal(locked.json().error, 'account_locked');
  t.equal((await login('clerk-1', 'Clerk-one-pass-2026')).statusCode, 423, 'the right password does not open a locked account');

  t.equal((await app.inject({ method: 'POST', url: '/api/users/clerk-1/enable', headers: as(adminToken) })).statusCode, 200);
  t.equal((await login('clerk-1', 'Clerk-one-pass-2026')).statusCode, 200, 'enabled again');

  t.match((await app.inject({ method: 'POST', url: '/api/users/clerk-1/disable', headers: as(adminToken) })).json(), { userId: 'clerk-1', disabled: true });
  t.equal((await login('clerk-1', 'Clerk-one-pass-2026')).statusCode, 401, 'disabled');
  t.equal((await app.inject({ method: 'POST', url: '/api/users/boss/disable', headers: as(adminToken) })).statusCode, 409, 'not yourself');
  await app.inject({ method: 'POST', url: '/api/users/clerk-1/enable', headers: as(adminToken) });

  const reset = await app.inject({ method: 'POST', url: '/api/users/clerk-1/reset-password', headers: as(adminToken), payload: { password: 'Brand-new-pass-2026' } });
  t.equal(reset.statusCode, 200);
  t.equal((await login('clerk-1', 'Clerk-one-pass-2026')).statusCode, 401, 'the old password is gone');
  const tok = (await login('clerk-1', 'Brand-new-pass-2026')).json().token as string;
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/auth/password', headers: as(tok), payload: { currentPassword: 'Brand-new-pass-2026', newPassword: 'Own-choice-pass-2026' } })).statusCode,
    204,
  );
  t.equal((await login('clerk-1', 'Own-choice-pass-2026')).statusCode, 200);
});

t.test('sign-in is rate-limited per client', async (t) => {
  const { login } = await setup(t, { signInPerMinute: 3 });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await login('nobody', 'whatever-password')).statusCode);
  t.same(statuses, [401, 401, 401, 429, 429]);
  const res = await login('nobody', 'whatever-password');
  t.same(Object.keys(res.json()).sort(), ['error', 'message']);
  t.equal(res.json().error, 'too_many_requests');
});

t.test('demo mode: the config lists the demo users and the demo sign-in answers like login', async (t) => {
  const { app } = await setup(t, { mode: 'demo' });
  const config = (await app.inject({ url: '/api/auth/config' })).json();
  t.equal(config.mode, 'demo');
  const admin = config.demoUsers.find((u: { role: string }) => u.role === 'admin');
  t.match(admin, { userId: 'demo-admin@230300', center: '230300', centerName: '鸡西市' });
  const res = await app.inject({ method: 'POST', url: '/api/demo/sign-in', payload: { userId: admin.userId } });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { token: String, expiresAt: String, user: { userId: 'demo-admin@230300', role: 'admin', center: '230300', centerName: '鸡西市', displayName: String } });
  t.equal((await app.inject({ method: 'POST', url: '/api/demo/sign-in', payload: { userId: 'someone-else' } })).statusCode, 404);
});
