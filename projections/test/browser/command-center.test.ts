import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseConfig, signToken } from '@zz/http';
import { ProcessEnv } from '@zz/config';
import type { Actor } from '@zz/contracts';
import { createEmbeddedRuntime } from '../../../scripts/src/runtime/embedded.js';
import { isInternalEvent } from '../../src/command-center/live/live-event.js';

// ---- harness --------------------------------------------------------------------------------------
// The real embedded runtime (every service, the views and the command center on one port): the
// browser tests drive what `npm start` serves. Imported by path because scripts depends on
// projections, not the other way round.

const JWT_SECRET = 'browser-test-secret-browser-test';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

async function startRuntime(dataDir: string) {
  const env = parseConfig(ProcessEnv, { DATA_DIR: dataDir, JWT_SECRET, PII_HASH_SECRET: 'browser-test-pii-secret', LOG_LEVEL: 'warn' });
  // Demo mode, as `npm start` runs it: the sign-in page offers the demo users.
  const runtime = await createEmbeddedRuntime(env, { mode: 'demo' });
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const address = runtime.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { runtime, base };
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const bearer = (role: Actor['role'], centerCode: string) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId: `demo-${role}@${centerCode}`, role, centerCode })}` });

/** Signs in through the demo page as the demo user with this role at this center, and waits for the home screen. */
async function signIn(page: Page, base: string, role: string, center: string, hash = '') {
  await page.goto(`${base}/#/signin`);
  await page.getByTestId(`signin-${role}-${center}`).click();
  await page.waitForSelector('[data-testid="command-center"], [data-testid="desk"]');
  if (hash) {
    await page.evaluate((h) => (location.hash = h), hash);
  }
}

/** Waits until the page's live stream is connected (a DOM condition). */
const liveOn = (page: Page) => page.waitForSelector('[data-testid="live-status"][data-state="on"]');
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';
// ---- tests ------------------------------------------------------------------------------------

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs');
const T1 = '230302101';
const T2 = '230302102';
const CITY = '230300';
const CATS = ['labour', 'neighbours', 'land_expropriation', 'marriage_family', 'property_management', 'labour', 'contract'];
const SOURCES = ['hotline_12345', 'grid_inspection', 'party_application', 'police_110'];

const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

let seq = 0;
/** Registers a dispute over the API (the same call the desk makes). */
async function registerViaApi(township: string, over: Record<string, unknown> = {}) {
  const i = ++seq;
  const r = await runtime.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: bearer('intake_clerk', township),
    payload: {
      areaCode: `${township}00${1 + (i % 3)}`,
      category: CATS[i % CATS.length],
      source: SOURCES[i % SOURCES.length],
      title: `演示纠纷${i}`,
      description: '演示数据',
      parties: [{ role: 'applicant', details: { name: '演示当事人', phone: '13900000000' } }],
      ...over,
    },
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json() as { caseId: string; caseCode: string; position: number };
}

// Some history, so the screens have something to show.
for (const town of [T1, T1, T2, T2, T1, '230303101', '230321101', '230381102', '230382103', T1, '230304101', '230305102']) await registerViaApi(town);

/**
 * The README's screenshots are taken by this test: written to docs/ only when UPDATE_SCREENSHOTS=1, so a
 * test run doesn't rewrite tracked files; otherwise to the test's own temporary folder.
 */
function screenshotPath(file: string): string {
  return process.env.UPDATE_SCREENSHOTS === '1' ? path.join(DOCS, file) : path.join(t.testdirName, file);
}

async function newPage(viewport = { width: 1600, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  return ctx.newPage();
}
const counter = async (page: Page, key: string) => Number(await text(page, `counter-${key}`));

t.test('a dispute registered at the desk appears on an open command center within a second, without reload', async (t) => {
  const command = await newPage();
  await signIn(command, base, 'command_viewer', CITY);
  await liveOn(command);
  const newBefore = await counter(command, 'newToday');
  const openBefore = await counter(command, 'open');

  const desk = await newPage({ width: 1440, height: 900 });
  await signIn(desk, base, 'intake_clerk', T1);
  // The API's own validation messages, mapped to the form's fields.
  await desk.getByTestId('register-submit').click();
  await desk.waitForFunction(() => (document.querySelector('[data-testid="error-title"]')?.textContent ?? '') !== '');
  const api = await runtime.app.inject({ method: 'POST', url: '/api/disputes', headers: bearer('intake_clerk', T1), payload: { areaCode: `${T1}001`, category: 'labour', source: 'hotline_12345', title: '', description: '', parties: [{ role: 'applicant', details: { name: '' } }] } });
  const details = (api.json() as { details: { path: string; message: string }[] }).details;
  t.equal(await text(desk, 'error-title'), details.find((d) => d.path === 'body.title')!.message, 'title error is the API message');
  t.equal(await text(desk, 'error-party.name'), details.find((d) => d.path.startsWith('body.parties.0.details.name'))!.message, 'party name error is the API message');
  await desk.fill('input[name="party.idNumber"]', '12345');
  await desk.fill('input[name="title"]', '工地拖欠农民工工资');
  await desk.fill('textarea[name="description"]', '十二名工人反映工程款未结清');
  await desk.fill('input[name="party.name"]', '赵志强');
  await desk.getByTestId('register-submit').click();
  await desk.waitForFunction(() => (document.querySelector('[data-testid="error-party.idNumber"]')?.textContent ?? '').includes('身份证'));
  t.equal(await text(desk, 'error-title'), '', 'a fixed field loses its error');

  await desk.fill('input[name="party.idNumber"]', '230302198001011234');
  await desk.selectOption('select[name="category"]', 'labour');
  await desk.fill('input[name="partyCount"]', '12');
  await desk.getByTestId('register-submit').click();
  const code = await (await desk.waitForSelector('[data-testid="registered-code"]')).textContent();
  t.match(code, /^230302101-\d{4}-\d{6}$/);
  // Without reload: the open command center shows it within a second (a DOM condition, not a sleep).
  await command.waitForSelector(`[data-testid="live-feed"] li[data-case-code="${code}"]`, { timeout: 1000 });
  await command.waitForFunction(([n]) => Number(document.querySelector('[data-testid="counter-newToday"]')?.textContent) === n + 1, [newBefore], { timeout: 1000 });
  t.equal(await counter(command, 'open'), openBefore + 1, 'open counter moved');
  // The desk's queue has it too.
  await desk.waitForSelector(`[data-testid="queue"] tr[data-case-code="${code}"]`);
  await desk.screenshot({ path: screenshotPath('desk.png') });
  // The command center shows the 12-person wage dispute as red, masked names nowhere on the page.
  t.notMatch(await command.content(), /赵志强|230302198001011234/, 'no personal data on the command center');
  await command.waitForFunction(() => document.querySelectorAll('[data-testid="live-feed"] li').length > 0);
  await command.screenshot({ path: screenshotPath('command-center.png'), fullPage: true });
  await command.context().close();
  await desk.context().close();
});

t.test('a mediator records an agreement and the counters move', async (t) => {
  const { caseId } = await registerViaApi(T1, { category: 'neighbours' });
  const command = await newPage();
  await signIn(command, base, 'command_viewer', CITY);
  await liveOn(command);
  const before = await counter(command, 'agreementsToday');

  const mediator = await newPage();
  await signIn(mediator, base, 'mediator', T1, `#/case/${caseId}`);
  await mediator.waitForSelector('[data-testid="case"]');
  // Only a mediator's actions: no accept/route/whistle.
  t.equal(await mediator.getByTestId('action-accept').count(), 0);
  t.equal(await mediator.getByTestId('action-whistle').count(), 0);
  await mediator.getByTestId('action-start-mediation').click();
  await mediator.waitForSelector('[data-testid="action-agreement"]');
  t.match(await text(mediator, 'action-result'), /✓/, 'confirmed in place');
  await mediator.getByTestId('action-session').click();
  await mediator.waitForFunction(() => /✓/.test(document.querySelector('[data-testid="action-result"]')?.textContent ?? ''));
  await mediator.fill('form[data-action="agreement"] input[name="terms"]', '双方同意赔偿维修费');
  await mediator.getByTestId('action-agreement').click();
  await mediator.waitForFunction(() => /✓/.test(document.querySelector('[data-testid="action-result"]')?.textContent ?? '') && !document.querySelector('[data-testid="action-agreement"]'));
  t.match(await text(mediator, 'mediation-status'), /协议|agreed/i);
  await command.waitForFunction(([n]) => Number(document.querySelector('[data-testid="counter-agreementsToday"]')?.textContent) === n + 1, [before], { timeout: 2000 });
  t.pass('agreements counter moved on the command center');

  // A clerk's screen offers the clerk's actions only.
  const clerk = await newPage();
  const fresh = await registerViaApi(T1);
  await signIn(clerk, base, 'intake_clerk', T1, `#/case/${fresh.caseId}`);
  await clerk.waitForSelector('[data-testid="action-accept"]');
  t.equal(await clerk.getByTestId('action-agreement').count(), 0);
  t.equal(await clerk.getByTestId('action-start-mediation').count(), 0, 'clerks do not mediate');
  await clerk.getByTestId('action-accept').click();
  await clerk.waitForSelector('[data-testid="action-handle-here"]');
  t.match(await text(clerk, 'case-status'), /已受理/);
  for (const p of [command, mediator, clerk]) await p.context().close();
});

t.test('drill-down: city → county → township and back up', async (t) => {
  const page = await newPage();
  await signIn(page, base, 'command_viewer', CITY);
  t.equal(await text(page, 'center-name'), '鸡西市');
  const cityOpen = await counter(page, 'open');
  await page.getByTestId('drill-230302').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === '鸡冠区');
  const countyOpen = await counter(page, 'open');
  t.ok(countyOpen > 0 && countyOpen < cityOpen, 'the county shows its own share');
  await page.getByTestId(`drill-${T1}`).click();
  await page.waitForFunction((c) => document.querySelector('[data-testid="command-center"]')?.getAttribute('data-center') === c, T1);
  t.match(await text(page, 'center-name'), /演示一镇/);
  t.ok((await counter(page, 'open')) < countyOpen);
  await page.getByTestId('drill-up').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === '鸡冠区');
  // English switch.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.body.textContent?.includes('Open'));
  await page.getByTestId('lang-switch').click();
  await page.context().close();
});

t.test('a township user cannot see another township’s cases, on any screen or in the live stream', async (t) => {
  const other = await registerViaApi(T1, { title: '一镇的案件' });
  const page = await newPage();
  await signIn(page, base, 'intake_clerk', T2);
  await liveOn(page);
  await page.waitForSelector('[data-testid="queue"] tbody tr');
  t.equal(await page.locator(`[data-testid="queue"] tr[data-case-code="${other.caseCode}"]`).count(), 0, 'not in the queue');
  t.notMatch(await page.content(), new RegExp(other.caseCode), 'nowhere on the desk');
  // In the live stream: T1's case, then T2's. Once T2's has arrived, T1's (earlier in the log) was filtered, not late.
  const positionsBefore = (await page.evaluate(() => (window as unknown as { __live: { positions: number[] } }).__live.positions.slice())) as number[];
  const t1 = await registerViaApi(T1);
  const t2 = await registerViaApi(T2);
  await page.waitForFunction((p) => (window as unknown as { __live: { positions: number[] } }).__live.positions.includes(p), t2.position);
  const positions = (await page.evaluate(() => (window as unknown as { __live: { positions: number[] } }).__live.positions)) as number[];
  t.notOk(positions.includes(t1.position), 'the other township’s event never reached the browser');
  t.ok(positions.length > positionsBefore.length);
  // Case screen and command screen of the other township: not found.
  await page.evaluate((id) => (location.hash = `#/case/${id}`), other.caseId);
  await page.waitForSelector('[data-testid="case-error"]');
  t.match(await text(page, 'case-error'), /不存在|not found/);
  await page.evaluate((c) => (location.hash = `#/command?center=${c}`), T1);
  await page.waitForSelector('[data-testid="page-error"]');
  await page.evaluate(() => (location.hash = '#/command'));
  await page.waitForSelector('[data-testid="command-center"]');
  t.notMatch(await page.content(), new RegExp(other.caseCode), 'nor on its own command screen');
  await page.context().close();
});

t.test('the live stream resumes after the server drops it: no gap, no duplicate', async (t) => {
  const page = await newPage();
  await signIn(page, base, 'command_viewer', CITY);
  await liveOn(page);
  const first = await registerViaApi(T1);
  type Live = { __live: { positions: number[]; connects: number } };
  await page.waitForFunction((p) => (window as unknown as Live).__live.positions.includes(p), first.position);
  const connects = (await page.evaluate(() => (window as unknown as Live).__live.connects)) as number;
  // Server side: close every SSE response, then append while the client is away.
  const { commandCenterOf } = await import('../../src/command-center/plugin.js');
  commandCenterOf(runtime.app)!.hub.dropAll();
  const missed = [await registerViaApi(T2), await registerViaApi('230303101'), await registerViaApi(T1)];
  await page.waitForFunction((n) => (window as unknown as Live).__live.connects > n, connects);
  const after = await registerViaApi(T2);
  await page.waitForFunction((p) => (window as unknown as Live).__live.positions.includes(p), after.position);
  const positions = (await page.evaluate(() => (window as unknown as Live).__live.positions)) as number[];
  const from = positions.indexOf(first.position);
  const tail = positions.slice(from);
  // The city sees every case event, so from `first` on it must have received exactly the stored
  // events (less the bookkeeping ones nobody watches live), in order: nothing missed, nothing twice.
  const expected: number[] = [];
  for await (const e of runtime.store.readAll({ after: BigInt(first.position - 1) })) {
    if (Number(e.position) > after.position) break;
    if (!isInternalEvent(e.type)) expected.push(Number(e.position));
  }
  t.same(tail, expected, 'every stored case event from the first on: nothing missed, nothing twice');
  for (const m of missed) t.ok(tail.includes(m.position));
  await page.context().close();
});