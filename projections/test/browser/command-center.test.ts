import t from 'tap';
import { bearer, checkScreen, CITY, COUNTY, go, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1, T2 } from '../../test-support/browser-harness.js';
import { isInternalEvent } from '../../src/command-center/live/live-event.js';

// The city command center 大屏: fits 1920×1080 without scrolling and 1366×768 readably; map of
// Jixi; counters move live; the feed shows recent activity on load and survives a language switch;
// drill-down; jurisdiction isolation and gap-free resume of the live stream.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});
for (const town of [T1, T1, T2, T2, T1, '230303101', '230321101', '230381102', '230382103', T1, '230304101', '230305102']) await registerViaApi(runtime.app, town);
const liveOn = (page: import('playwright-core').Page) => page.waitForSelector('[data-testid="live-status"][data-state="on"]');
const counter = async (page: import('playwright-core').Page, key: string) => Number(await page.getByTestId(`counter-${key}`).textContent());

t.test('fits 1920×1080, shows the map and recent activity on load; counters move live; feed survives a language switch', async (t) => {
  const page = await newPage(browser, { width: 1920, height: 1080 });
  await signIn(page, base, 'command_viewer', CITY);
  await liveOn(page);
  await page.waitForSelector('[data-testid="map"] canvas');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-feed"] li').length > 0);
  t.pass('the live feed shows recent activity on load');
  const size = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
  t.ok(size.h <= 1080 && size.w <= 1920, `no scrolling at 1920×1080 (${size.w}×${size.h})`);
  const before = await counter(page, 'newToday');
  const r = await registerViaApi(runtime.app, T1);
  await page.waitForSelector(`[data-testid="live-feed"] li[data-case-code="${r.caseCode}"]`, { timeout: 2000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="counter-newToday"]')?.textContent) === n + 1, before, { timeout: 2000 });
  await checkScreen(t, page, 'command center');
  await page.screenshot({ path: screenshotPath(t, 'command-center.png') });
  const feed = await page.locator('[data-testid="live-feed"] li').count();
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.body.innerText.includes('Open'));
  t.equal(await page.locator('[data-testid="live-feed"] li').count(), feed, 'the feed survives the language switch');
  await checkScreen(t, page, 'command center in English');
  await page.getByTestId('lang-switch').click();
  await page.context().close();
});

t.test('readable at 1366×768: no scrolling', async (t) => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await signIn(page, base, 'command_viewer', CITY);
  await page.waitForSelector('[data-testid="map"] canvas');
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  t.ok(h <= 768, `fits 768 px (${h})`);
  await page.screenshot({ path: screenshotPath(t, 'command-center-1366.png') });
  await page.context().close();
});

t.test('drill-down: city → county → township and back up', async (t) => {
  const page = await newPage(browser);
  await signIn(page, base, 'command_viewer', CITY);
  t.equal(await page.getByTestId('center-name').textContent(), '鸡西市');
  const cityOpen = await counter(page, 'open');
  await page.getByTestId(`drill-${COUNTY}`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === '鸡冠区');
  const countyOpen = await counter(page, 'open');
  t.ok(countyOpen > 0 && countyOpen < cityOpen, 'the county shows its own share');
  await page.getByTestId(`drill-${T1}`).click();
  await page.waitForFunction((c) => document.querySelector('[data-testid="command-center"]')?.getAttribute('data-center') === c, T1);
  t.ok((await counter(page, 'open')) < countyOpen);
  await page.getByTestId('drill-up').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === '鸡冠区');
  await checkScreen(t, page, 'county command screen');
  await page.context().close();
});

t.test('a township user cannot see another township’s cases, on any screen or in the live stream', async (t) => {
  const other = await registerViaApi(runtime.app, T1, { title: '一镇的案件' });
  const page = await newPage(browser);
  await signIn(page, base, 'intake_clerk', T2);
  await go(page, '#/queue');
  await page.waitForSelector('[data-testid="queue"] [data-case-code]');
  t.notMatch(await page.content(), new RegExp(other.caseCode), 'not in the queue');
  await go(page, `#/case/${other.caseId}`);
  await page.waitForSelector('[data-testid="case-error"]');
  t.match(await page.getByTestId('case-error').textContent(), /不存在/);
  await go(page, `#/command?center=${T1}`);
  await page.waitForSelector('[data-testid="page-error"]');
  await go(page, '#/command');
  await liveOn(page);
  type Live = { __live: { positions: number[] } };
  const t1 = await registerViaApi(runtime.app, T1);
  const t2 = await registerViaApi(runtime.app, T2);
  await page.waitForFunction((p) => (window as unknown as Live).__live.positions.includes(p), t2.position);
  const positions = (await page.evaluate(() => (window as unknown as Live).__live.positions)) as number[];
  t.notOk(positions.includes(t1.position), 'the other township’s event never reached the browser');
  t.notMatch(await page.content(), new RegExp(other.caseCode), 'nor on its own command screen');
  await page.context().close();
});

t.test('the live stream resumes after the server drops it: no gap, no duplicate', async (t) => {
  const page = await newPage(browser);
  await signIn(page, base, 'command_viewer', CITY);
  await liveOn(page);
  const first = await registerViaApi(runtime.app, T1);
  type Live = { __live: { positions: number[]; connects: number } };
  await page.waitForFunction((p) => (window as unknown as Live).__live.positions.includes(p), first.position);
  const connects = (await page.evaluate(() => (window as unknown as Live).__live.connects)) as number;
  const { commandCenterOf } = await import('../../src/command-center/plugin.js');
  commandCenterOf(runtime.app)!.hub.dropAll();
  const missed = [await registerViaApi(runtime.app, T2), await registerViaApi(runtime.app, '230303101'), await registerViaApi(runtime.app, T1)];
  await page.waitForFunction((n) => (window as unknown as Live).__live.connects > n, connects);
  const after = await registerViaApi(runtime.app, T2);
  await page.waitForFunction((p) => (window as unknown as Live).__live.positions.includes(p), after.position);
  const positions = (await page.evaluate(() => (window as unknown as Live).__live.positions)) as number[];
  const tail = positions.slice(positions.indexOf(first.position));
  const expected: number[] = [];
  for await (const e of runtime.store.readAll({ after: BigInt(first.position - 1) })) {
    if (Number(e.position) > after.position) break;
    if (!isInternalEvent(e.type)) expected.push(Number(e.position));
  }
  t.same(tail, expected, 'every stored case event from the first on: nothing missed, nothing twice');
  for (const m of missed) t.ok(tail.includes(m.position));
  await page.context().close();
});

t.test('personal data never reaches the command center', async (t) => {
  await registerViaApi(runtime.app, T1, { parties: [{ role: 'applicant', details: { name: '赵志强', idNumber: '230302198001011234' } }] });
  const page = await newPage(browser);
  await signIn(page, base, 'command_viewer', CITY);
  await liveOn(page);
  t.notMatch(await page.content(), /赵志强|230302198001011234/);
  void bearer;
  await page.context().close();
});
