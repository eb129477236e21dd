#!/usr/bin/env tsx
// `npm run -s token -- --role <role> --center <code> [--user <id>] [--expires 12h]`: prints a bearer token
// signed with the server's secret: JWT_SECRET, or the one `npm start` generated under DATA_DIR (default
// ./data). Which one it used goes to stderr, so `$(npm run -s token …)` captures only the token.
import { Command, Option } from 'commander';
import { ROLES } from '@zz/contracts';
import { expirySeconds, signToken } from '@zz/http';
import { cliJwtSecret } from '@zz/config';

const program = new Command()
  .name('token')
  .description('签发访问令牌 / print a signed bearer token')
  .addOption(new Option('--role <role>', '角色 / role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--center <code>', "中心行政区划代码 / division code of the user's center")
  .option('--user <id>', '用户ID / user id')
  .option('--expires <ttl>', '有效期 / lifetime, e.g. 12h, 30m (at most TOKEN_MAX_LIFETIME)', process.env.TOKEN_MAX_LIFETIME ?? '12h')
  .parse();

const opts = program.opts<{ role: (typeof ROLES)[number]; center: string; user?: string; expires: string }>();
try {
  const max = expirySeconds(process.env.TOKEN_MAX_LIFETIME ?? '12h');
  if (expirySeconds(opts.expires) > max)
    throw new Error(`--expires 超过 TOKEN_MAX_LIFETIME，服务器会拒绝 / --expires is longer than TOKEN_MAX_LIFETIME (${process.env.TOKEN_MAX_LIFETIME ?? '12h'}): the server would refuse it`);
  const { secret, source } = cliJwtSecret();
  process.stderr.write(`令牌密钥 signed with: ${source}\n`);
  process.stdout.write(`${signToken(secret, { userId: opts.user ?? `${opts.role}-${opts.center}`, role: opts.role, centerCode: opts.center }, { expiresIn: opts.expires })}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
