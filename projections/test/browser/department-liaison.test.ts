import t from 'tap';
import { checkScreen, commandViaApi, COUNTY, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1 } from '../../test-support/browser-harness.js';

// The department liaison's path: a township blew the whistle to 人社局; the liaison finds it in 我的待办
// and reports in (one bad input first).
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('liaison reports in on a whistle from the workbench', async (t) => {
  const { caseId, caseCode } = await registerViaApi(runtime.app, T1, { category: 'labour' });
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/accept`, {});
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/whistle`, {
    departments: [{ code: 'hrss', name: '人社局' }],
    reportInDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    reason: '拖欠工资，需人社局报到',
  });
  const page = await newPage(browser);
  await signIn(page, base, 'department_liaison', COUNTY);
  await page.waitForSelector(`[data-testid="workbench"] [data-case-code="${caseCode}"]`);
  t.match(await page.getByTestId('workbench').innerText(), /待报到/);
  await checkScreen(t, page, 'liaison workbench');
  await page.screenshot({ path: screenshotPath(t, 'workbench-liaison.png') });
  await page.locator(`[data-case-code="${caseCode}"]`).click();
  await page.waitForSelector('[data-testid="action-report-in"]');
  t.equal(await page.getByTestId('action-close').count(), 0, 'a liaison only reports in');
  await page.getByTestId('action-report-in').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  t.pass('no department chosen: refused in Chinese, in place');
  await page.getByTestId('select-department').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '人社局' }).click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="whistles"]')?.textContent?.includes('已报到'));
  t.equal(await page.getByTestId('action-report-in').count(), 0, 'nothing left to report in');
  await checkScreen(t, page, 'case screen (liaison)');
  await page.context().close();
});
