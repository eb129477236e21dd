import t from 'tap';
import { checkScreen, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1, T2 } from '../../test-support/browser-harness.js';

// The intake clerk's day: register a dispute with several parties at the desk (one bad input first),
// open it, accept it, handle it here, find it in the queue with labelled filters incl. closed cases.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});
for (const town of [T1, T1, T2]) await registerViaApi(runtime.app, town);

t.test('clerk registers, accepts and routes a dispute in the browser', async (t) => {
  const page = await newPage(browser);
  await signIn(page, base, 'intake_clerk', T1);
  await page.waitForSelector('[data-testid="workbench"] [data-case-code]');
  await checkScreen(t, page, 'workbench');
  await page.screenshot({ path: screenshotPath(t, 'workbench-clerk.png') });

  await page.getByTestId('menu-desk').click();
  await page.waitForSelector('[data-testid="register-form"]');
  // Bad input: nothing filled in, a malformed ID number → Chinese errors in place, nothing registered.
  await page.fill('input[name="parties.0.idNumber"]', '12345');
  await page.getByTestId('register-submit').click();
  await page.waitForSelector('.el-form-item__error');
  const errors = await page.locator('.el-form-item__error').allInnerTexts();
  t.ok(errors.includes('标题至少2个字'), 'title error in Chinese');
  t.ok(errors.includes('身份证号应为18位'), 'ID number error in Chinese');
  t.ok(
    errors.every((e) => /[\u4e00-\u9fff]/.test(e)),
    'every field error is Chinese',
  );

  await page.getByTestId('select-areaCode').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.getByTestId('select-category').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '劳动争议' }).click();
  await page.getByTestId('select-source').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '12345热线工单' }).click();
  await page.fill('input[name="title"]', '工地拖欠农民工工资');
  await page.fill('textarea[name="description"]', '十二名工人反映工程款未结清');
  await page.fill('input[name="parties.0.name"]', '赵志强');
  await page.fill('input[name="parties.0.idNumber"]', '230302198001011234');
  await page.fill('input[name="parties.0.phone"]', '13912345678');
  await page.fill('input[name="parties.1.name"]', '某建筑公司');
  await page.getByTestId('add-party').click();
  await page.fill('input[name="parties.2.name"]', '钱二');
  await page.screenshot({ path: screenshotPath(t, 'desk.png'), fullPage: true });
  await page.getByTestId('register-submit').click();
  const code = (await (await page.waitForSelector('[data-testid="registered-code"]')).textContent())!.trim();
  t.match(code, /^230302101-\d{4}-\d{6}$/);

  await page.getByTestId('open-registered').click();
  await page.waitForSelector('[data-testid="case"]');
  t.equal(await page.getByTestId('action-reach-agreement').count(), 0, 'no mediator actions for a clerk');
  await page.getByTestId('action-accept').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent?.includes('已受理'));
  // Handle here with the default due date.
  await page.getByTestId('action-route').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent?.includes('办理中'));
  t.ok(await page.getByTestId('action-close').count(), 'close is offered now');
  t.equal(await page.getByTestId('action-accept').count(), 0, 'accept is no longer offered');
  await page.waitForSelector('[data-testid="timeline"] [data-type="DisputeTakenOn"]');
  await checkScreen(t, page, 'case screen');
  await page.screenshot({ path: screenshotPath(t, 'case.png'), fullPage: true });
  // Close: the summary left empty is refused in Chinese in place, then filled.
  await page.getByTestId('action-close').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  await page.fill('.el-dialog textarea[name="summary"]', '已协调工程款，工人领到工资');
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent?.includes('已办结'));
  t.ok(await page.getByTestId('action-follow-up').count(), 'follow-up is offered on a closed case');

  // Queue: labelled filters; "all statuses" includes closed cases.
  await page.getByTestId('menu-queue').click();
  await page.waitForSelector('[data-testid="queue"] [data-case-code]');
  // The default view holds open cases (its label says so); the status filter reaches closed ones.
  t.equal(await page.locator(`[data-testid="queue"] [data-case-code="${code}"]`).count(), 0, 'a closed case is not among open ones');
  await page.getByTestId('filter-status').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '已办结' }).click();
  await page.waitForFunction(
    (c) => document.querySelectorAll('[data-testid="queue"] [data-case-code]').length === 1 && !!document.querySelector(`[data-testid="queue"] [data-case-code="${c}"]`),
    code,
  );
  const labels = await page.locator('[data-testid="filters"] .el-form-item__label').allInnerTexts();
  t.same(labels, ['案件状态', '纠纷类别', '风险等级', '是否超期'], 'every filter has a label');
  await checkScreen(t, page, 'queue');
  await page.context().close();
});
