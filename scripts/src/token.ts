#!/usr/bin/env tsx
// `npm run -s token -- --role <role> --center <code> [--user <id>] [--expires 12h]`: prints a bearer token
// signed with the configured secret (JWT_SECRET, or the one `npm start` generated under DATA_DIR).
import { Command, Option } from 'commander';
import { ROLES } from '@zz/contracts';
import { signToken } from '@zz/http';
import { withLocalSecrets } from '@zz/config';

const program = new Command()
  .name('token')
  .description('签发访问令牌 / print a signed bearer token')
  .addOption(new Option('--role <role>', '角色 / role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--center <code>', '中心行政区划代码 / division code of the user\'s center')
  .option('--user <id>', '用户ID / user id')
  .option('--expires <ttl>', '有效期 / lifetime, e.g. 12h, 7d', '12h')
  .parse();

const opts = program.opts<{ role: (typeof ROLES)[number]; center: string; user?: string; expires: string }>();
const env = withLocalSecrets(process.env, process.env.DATA_DIR ?? 'data');
process.stdout.write(
  signToken(env.JWT_SECRET!, { userId: opts.user ?? `${opts.role}-${opts.center}`, role: opts.role, centerCode: opts.center }, { expiresIn: opts.expires }) + '\n',
);
