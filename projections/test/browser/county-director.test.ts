import t from 'tap';
import { checkScreen, commandViaApi, COUNTY, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1 } from '../../test-support/browser-harness.js';

// The county director's path: a township reported a case up; the director finds it in 我的待办 and
// assigns it down to a township with a deadline (one bad input first).
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('director assigns an escalated case down', async (t) => {
  const { caseId, caseCode } = await registerViaApi(runtime.app, T1, { category: 'land_expropriation' });
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/accept`, {});
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/escalate`, { reason: '涉及多个村，需县级协调' });
  const page = await newPage(browser);
  await signIn(page, base, 'supervisor', COUNTY);
  await page.waitForSelector(`[data-testid="workbench"] [data-case-code="${caseCode}"]`);
  t.match(await page.getByTestId('workbench').innerText(), /上报待处理/);
  await checkScreen(t, page, 'director workbench');
  await page.screenshot({ path: screenshotPath(t, 'workbench-director.png') });
  await page.locator(`[data-case-code="${caseCode}"]`).click();
  await page.waitForSelector('[data-testid="action-assign-down"]');
  for (const a of ['route', 'whistle', 'mediate']) t.ok(await page.getByTestId(`action-${a}`).count(), `${a} offered to the director`);
  await page.getByTestId('action-assign-down').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  t.pass('no township chosen: refused in Chinese, in place');
  await page.getByTestId('select-toCenter').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '演示一镇' }).click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-handling"]')?.textContent?.includes('演示一镇'));
  t.equal(await page.getByTestId('action-assign-down').count(), 0, 'the county no longer holds it');
  await checkScreen(t, page, 'case screen (director)');
  await page.screenshot({ path: screenshotPath(t, 'director-case.png'), fullPage: true });

  // Indicators of the county, its townships ranked, drill-through to one of them.
  await page.getByTestId('menu-indicators').click();
  await page.waitForSelector('[data-testid="ranking"] .el-table__row');
  t.match(await page.getByTestId('ind-resolution').innerText(), /化解率/);
  await checkScreen(t, page, 'indicators');
  await page.screenshot({ path: screenshotPath(t, 'indicators.png') });
  await page.getByTestId(`ind-drill-${T1}`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="indicators"] h2')?.textContent?.includes('演示一镇'));
  t.pass('drill-through to a township');
  await page.context().close();
});
