#!/usr/bin/env tsx
// `npm run -s user -- <create|reset-password|enable|disable|list> …`: account administration from the
// server's own machine, with the server's configuration (DATA_DIR, EVENT_STORE, PII_HASH_SECRET, …) —
// for the first admin of a deployment, or when the only admin is locked out or forgot the password.
// The password comes from stdin (or USER_PASSWORD), never from the command line (it would show in `ps`).
// Every change is an event like those made over HTTP, by the actor `system-cli`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { RegionDirectory, ROLES, type Actor, type Role } from '@zz/contracts';
import { AccountService, loadRegions, openEventStore, parseProcessEnv, type ProcessEnv } from '@zz/config';
import { openKeyStore } from '@zz/keystore';

function config(): ProcessEnv {
  const dataDir = process.env.DATA_DIR ?? 'data';
  try {
    return parseProcessEnv(process.env, 'production');
  } catch (err) {
    // A demo data directory: its secrets are in secrets.json (never generated here).
    if (!existsSync(join(dataDir, 'secrets.json'))) throw err;
    return parseProcessEnv(process.env, 'demo');
  }
}

function password(): string {
  const given = process.env.USER_PASSWORD ?? readFileSync(0, 'utf8');
  return given.replace(/\r?\n$/, '');
}

async function withAccounts<T>(run: (accounts: AccountService, system: Actor) => Promise<T>): Promise<T> {
  const env = config();
  process.stderr.write(`数据 data: ${resolve(env.DATA_DIR)}   事件存储 event store: ${env.EVENT_STORE}\n`);
  const regionList = loadRegions(env);
  const regions = new RegionDirectory(regionList);
  const top = regionList.find((r) => r.parentCode === null)!;
  const store = await openEventStore(env);
  const keys = openKeyStore({ path: join(env.DATA_DIR, 'keys.db'), hashSecret: env.PII_HASH_SECRET });
  try {
    return await run(new AccountService({ store, vault: keys, regions }), { userId: 'system-cli', role: 'admin', centerCode: top.code });
  } finally {
    await store.close();
    keys.close();
  }
}

const program = new Command().name('user').description("账号管理 / account administration (the server's configuration)");
program
  .command('create')
  .description('创建账号（密码从标准输入读取）/ create an account (password on stdin)')
  .requiredOption('--user <id>', '用户ID / user id')
  .requiredOption('--name <displayName>', '姓名 / display name')
  .addOption(new Option('--role <role>', '角色 / role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--center <code>', '中心 / center division code')
  .action(async (o: { user: string; name: string; role: Role; center: string }) => {
    const pw = password();
    const user = await withAccounts((a, system) => a.create(system, { userId: o.user, displayName: o.name, role: o.role, center: o.center, password: pw }, 'cli-create'));
    process.stdout.write(`${JSON.stringify(user)}\n`);
  });
program
  .command('reset-password')
  .description('重置密码并解除锁定（新密码从标准输入读取）/ reset a password and unlock (new password on stdin)')
  .requiredOption('--user <id>', '用户ID / user id')
  .action(async (o: { user: string }) => {
    const pw = password();
    process.stdout.write(`${JSON.stringify(await withAccounts((a, system) => a.resetPassword(system, o.user, pw, 'cli-reset-password')))}\n`);
  });
for (const action of ['enable', 'disable'] as const) {
  program
    .command(action)
    .description(action === 'enable' ? '启用并解除锁定 / enable and unlock' : '停用 / disable')
    .requiredOption('--user <id>', '用户ID / user id')
    .action(async (o: { user: string }) => {
      process.stdout.write(`${JSON.stringify(await withAccounts((a, system) => a.setDisabled(system, o.user, action === 'disable', `cli-${action}`)))}\n`);
    });
}
program
  .command('list')
  .description('全部账号 / every account')
  .action(async () => {
    for (const u of await withAccounts((a, system) => a.list(system))) process.stdout.write(`${JSON.stringify(u)}\n`);
  });

try {
  await program.parseAsync();
} catch (err) {
  const e = err as Error & { details?: { path: string; message: string }[] };
  process.stderr.write(`${e.message}${e.details ? `: ${e.details.map((d) => `${d.path} ${d.message}`).join('; ')}` : ''}\n`);
  process.exit(1);
}
