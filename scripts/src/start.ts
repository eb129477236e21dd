#!/usr/bin/env tsx
// `npm start`: the whole system in one process on one port against ./data (the embedded runtime).
import { processEnvOrExit } from '@zz/config';
import type { Actor } from '@zz/contracts';
import { signToken, startHttpServer } from '@zz/http';
import { join } from 'node:path';
import { DemoClock } from './runtime/demo-clock.js';
import { createEmbeddedRuntime } from './runtime/embedded.js';

const env = processEnvOrExit();

const runtime = await createEmbeddedRuntime(env, env.DEMO_TOKENS ? { demoClock: new DemoClock(join(env.DATA_DIR, 'demo-clock.json')) } : {});
const { address } = await startHttpServer(runtime.app, { port: env.PORT, host: env.HOST });
await runtime.views.projection.caughtUp;

const base = address.replace('0.0.0.0', '127.0.0.1');
const lines = [
  '',
  '综治中心矛盾纠纷多元化解平台 已启动 / governance center dispute platform is running',
  `  API:      ${base}/api   (OpenAPI: ${base}/docs)`,
  `  数据 data: ${env.DATA_DIR}/ (events.db, keys.db, views.db)   事件存储 event store: ${env.EVENT_STORE}`,
  `  视图位置 views at position ${runtime.views.projection.position()}`,
];
if (env.DEMO_TOKENS) {
  const township = runtime.regions.children('230302')[0]?.code ?? '230302101';
  const demoUsers: [string, Actor][] = [
    ['受理窗口 intake clerk (演示乡镇 demo township)', { userId: 'demo-clerk', role: 'intake_clerk', centerCode: township }],
    ['调解员 mediator', { userId: 'demo-mediator', role: 'mediator', centerCode: township }],
    ['区中心主任 county director (鸡冠区)', { userId: 'demo-director', role: 'supervisor', centerCode: '230302' }],
    ['部门联络员 department liaison (鸡冠区)', { userId: 'demo-liaison', role: 'department_liaison', centerCode: '230302' }],
    ['市指挥中心 city command center (鸡西市)', { userId: 'demo-command', role: 'command_viewer', centerCode: '230300' }],
    ['管理员 admin (鸡西市)', { userId: 'demo-admin', role: 'admin', centerCode: '230300' }],
  ];
  lines.push('', '演示令牌 demo tokens (12h; more with `npm run -s token -- --role R --center C`):');
  for (const [label, actor] of demoUsers) lines.push(`  ${label}:`, `    ${signToken(env.JWT_SECRET, actor, { expiresIn: '12h' })}`);
  lines.push('', `演示数据 demo cases: npm run seed   (地区为鸡西市九个真实县级单位 + 生成的演示乡镇/网格 / regions: the 9 real county-level units of Jixi + generated demo townships and grids)`);
}
process.stdout.write(lines.join('\n') + '\n\n');
