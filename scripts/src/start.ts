#!/usr/bin/env tsx
// `npm start`: the whole system in one process on one port against ./data (the embedded runtime).
// Demo mode (README: Deploying): generated secrets under DATA_DIR, printed demo tokens, the demo
// sign-in, 127.0.0.1 unless HOST is set. NODE_ENV=production makes it a production single-node server:
// JWT_SECRET and PII_HASH_SECRET required, accounts only.
import { demoUsers, processEnvOrExit, type RunMode } from '@zz/config';
import { signToken, startHttpServer } from '@zz/http';
import { join } from 'node:path';
import { DemoClock } from './runtime/demo-clock.js';
import { createEmbeddedRuntime } from './runtime/embedded.js';

const mode: RunMode = process.env.NODE_ENV === 'production' ? 'production' : 'demo';
const env = processEnvOrExit(process.env, mode);

const runtime = await createEmbeddedRuntime(env, { mode, ...(mode === 'demo' ? { demoClock: new DemoClock(join(env.DATA_DIR, 'demo-clock.json')) } : {}) });
// A signal stops everything this process runs, not only HTTP: in-flight requests finish, then the
// consumers stop and every SQLite file is closed (which checkpoints its WAL), well within 10 s.
const { address } = await startHttpServer(runtime.app, { port: env.PORT, host: env.HOST, graceMs: 9000, close: () => runtime.close() });
await runtime.views.projection.caughtUp;

const base = address.replace('0.0.0.0', '127.0.0.1');
const lines = [
  '',
  `综治中心矛盾纠纷多元化解平台 已启动（${mode === 'demo' ? '演示模式' : '生产模式'}）/ governance center dispute platform is running (${mode} mode)`,
  `  API:      ${base}/api   (OpenAPI: ${base}/docs)`,
  `  Web:      ${base}/   pid ${process.pid}`,
  `  数据 data: ${env.DATA_DIR}/ (events.db, keys.db, views.db …)   事件存储 event store: ${env.EVENT_STORE}`,
  `  视图位置 views at position ${runtime.views.projection.position()}`,
];
if (mode === 'demo') {
  const users = demoUsers(runtime.regions);
  lines.push('', `演示模式：仅供本机体验，勿用于真实数据 / demo mode: for trying it out on this machine, not for real data (secrets in ${env.DATA_DIR}/secrets.json)`);
  lines.push(`演示令牌 demo tokens (${env.TOKEN_MAX_LIFETIME}; or sign in at ${base}/ ; more: npm run -s token -- --role R --center C):`);
  for (const u of users)
    lines.push(`  ${u.label.zh} ${u.label.en} (${u.userId}):`, `    ${signToken(env.JWT_SECRET, { userId: u.userId, role: u.role, centerCode: u.center }, { expiresIn: env.TOKEN_MAX_LIFETIME })}`);
  lines.push('', '演示数据 demo cases: npm run seed   (地区为鸡西市九个真实县级单位 + 生成的演示乡镇/网格 / regions: the 9 real county-level units of Jixi + generated demo townships and grids)');
}
process.stdout.write(`${lines.join('\n')}\n\n`);
