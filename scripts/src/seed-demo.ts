#!/usr/bin/env tsx
// `npm run seed [-- --count 300 --url http://127.0.0.1:3000]`: fills a running system with realistic
// demo cases over its public API, walking many of them through the intake flow, with a progress bar.
// `npm run seed -- --days 365`: on a fresh demo system (npm start, empty log), lives a whole year
// through the API on the demo clock instead (./seed/simulate.ts).
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { RegionDirectory, type Actor } from '@zz/contracts';
import { signToken } from '@zz/http';
import { cliJwtSecret, loadRegions } from '@zz/config';
import { demoRegistration, prng, type Random } from './demo-cases.js';
import { seedApi } from './seed/api.js';
import { simulateYear } from './seed/simulate.js';

const opts = new Command()
  .name('seed-demo')
  .description('填充演示案件 / fill a running system with demo cases')
  .option('--count <n>', '案件数 / number of cases', (v) => Number.parseInt(v, 10), 300)
  .option('--url <url>', '服务地址 / base URL', `http://127.0.0.1:${process.env.PORT ?? 3000}`)
  .option('--concurrency <n>', '并发 / requests in flight', (v) => Number.parseInt(v, 10), 8)
  .option('--seed <n>', '随机种子 / random seed', (v) => Number.parseInt(v, 10), 20260301)
  .option('--days <n>', '按演示时钟模拟最近N天（需新的演示系统） / live the last N days on the demo clock (fresh demo system)', (v) => Number.parseInt(v, 10))
  .option('--per-day <n>', '--days 时每日纠纷数 / disputes per day with --days', (v) => Number.parseFloat(v), 6)
  .parse()
  .opts<{ count: number; url: string; concurrency: number; seed: number; days?: number; perDay: number }>();

// The server's secret (JWT_SECRET or DATA_DIR/secrets.json), never a new one; said aloud, so a
// server started with another DATA_DIR is recognised at once instead of answering 401 to everything.
let jwtSecret: string;
try {
  const found = cliJwtSecret();
  jwtSecret = found.secret;
  process.stderr.write(`令牌密钥 signed with: ${found.source}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const regions = new RegionDirectory(loadRegions({ REGIONS_FILE: process.env.REGIONS_FILE }));
const areas = regions.all().filter((r) => r.tier === 'grid' || r.tier === 'township');
const tokenFor = (role: Actor['role'], centerCode: string) => `Bearer ${signToken(jwtSecret, { userId: `demo-${role}-${centerCode}`, role, centerCode }, { expiresIn: '1h' })}`;

async function call(path: string, auth: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${opts.url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

/** Register one case and move it along a random, plausible path. */
async function seedOne(r: Random): Promise<void> {
  const body = demoRegistration(r, areas, (code) => regions.atTier(code, 'county')!.code);
  const township = regions.atTier(body.areaCode, 'township')!.code;
  const county = regions.atTier(township, 'county')!.code;
  const clerk = tokenFor('intake_clerk', township);
  const reg = await call('/api/disputes', clerk, body);
  if (reg.status !== 201) throw new Error(`register → ${reg.status} ${JSON.stringify(reg.json)}`);
  const id = reg.json.caseId as string;
  const step = (cmd: string, payload: unknown, auth = clerk) => call(`/api/disputes/${id}/${cmd}`, auth, payload);
  const roll = r();
  if (roll < 0.15) return; // still waiting at the desk
  if (roll < 0.2) {
    await step('decline', { reason: '属劳动仲裁受理范围', redirectChannel: 'labour_arbitration' });
    return;
  }
  await step('accept', {});
  if (roll < 0.3) return;
  if (roll < 0.4) {
    await step('escalate', { reason: '涉及多个乡镇，需区级协调' });
    if (r() < 0.5) await step('assign-down', { toCenter: township, dueAt: inDays(10 + Math.floor(r() * 20)), supervision: 'yellow_card' }, tokenFor('supervisor', county));
    return;
  }
  if (roll < 0.5 && body.category === 'labour') {
    await step('whistle', {
      departments: [
        { code: 'hrss', name: '人社局' },
        { code: 'housing', name: '住建局' },
      ],
      reportInDueAt: inDays(3),
      reason: '拖欠农民工工资，需职能部门报到',
    });
    return;
  }
  await step('route', { mode: 'handle_here', dueAt: inDays(5 + Math.floor(r() * 30)) });
  if (roll < 0.7) return;
  await step('close', { outcome: r() < 0.85 ? 'resolved' : 'unresolved', summary: '经调解双方达成一致（演示）' });
  if (roll < 0.85) return;
  await step('follow-up', { satisfaction: r() < 0.8 ? 'satisfied' : 'basically_satisfied', method: 'phone' });
}

const health = await fetch(`${opts.url}/health`).catch(() => undefined);
if (!health?.ok) {
  console.error(`服务未运行 / no server answers at ${opts.url}: start it first with \`npm start\``);
  process.exit(1);
}
const probe = await fetch(`${opts.url}/api/auth/me`, { headers: { authorization: tokenFor('command_viewer', regions.all().find((r) => r.parentCode === null)!.code) } });
if (probe.status === 401) {
  console.error(
    `服务器拒绝了用该密钥签发的令牌：请用与服务器相同的 DATA_DIR 或 JWT_SECRET 运行 / the server at ${opts.url} refuses tokens signed with that secret: run with the server's DATA_DIR or JWT_SECRET`,
  );
  process.exit(1);
}
if (opts.days !== undefined) {
  const days = opts.days;
  const yearBar = new SingleBar({ format: '演示年份 simulated days |{bar}| {value}/{total} 天 days | {steps} steps', hideCursor: true }, Presets.shades_classic);
  yearBar.start(days, 0, { steps: 0 });
  const result = await simulateYear({ api: seedApi(opts.url, jwtSecret), regions, random: prng(opts.seed), days, perDay: opts.perDay, onProgress: (day, steps) => yearBar.update(day, { steps }) });
  yearBar.update(days);
  yearBar.stop();
  console.log(
    `完成 done: ${result.disputes} 件纠纷 disputes, ${result.petitions} 件信访 petitions, ${result.steps} steps${result.failures.length ? `; ${result.failures.length} refused, e.g. ${result.failures.slice(0, 3).join(' | ')}` : ''}`,
  );
  process.exit(0);
}
const bar = new SingleBar({ format: '演示案件 demo cases |{bar}| {value}/{total} {percentage}% {rate}/s', hideCursor: true }, Presets.shades_classic);
const random = prng(opts.seed);
const started = Date.now();
let next = 0;
let failed = 0;
bar.start(opts.count, 0, { rate: 0 });
await Promise.all(
  Array.from({ length: opts.concurrency }, async () => {
    while (next < opts.count) {
      next++;
      await seedOne(random).catch((err: Error) => {
        failed++;
        if (failed <= 3) console.error(`\n${err.message}`);
      });
      bar.increment(1, { rate: Math.round((bar.getProgress() * opts.count) / ((Date.now() - started) / 1000)) });
    }
  }),
);
bar.stop();
console.log(`完成 done: ${opts.count - failed} cases in ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? `, ${failed} failed` : ''}`);
process.exit(failed ? 1 : 0);
