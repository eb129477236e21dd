import t from 'tap';
import { checkScreen, COUNTY, launchBrowser, newPage, screenshotPath, signIn, startRuntime } from '../../test-support/browser-harness.js';

// The petition officer's path: register a petition (one bad input first), accept it, mark it as a
// backlog case, answer it in writing; the backlog board lists it.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('petition officer registers, accepts, marks backlog and answers', async (t) => {
  const page = await newPage(browser);
  await signIn(page, base, 'petition_officer', COUNTY);
  await page.waitForSelector('[data-testid="petition-form"]');
  await page.getByTestId('petition-submit').click();
  await page.waitForSelector('.el-form-item__error');
  t.ok((await page.locator('.el-form-item__error').allInnerTexts()).includes('请填写事项关键词（至少2个字）'), 'missing matter refused in Chinese, in place');
  await page.getByTestId('select-areaCode').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.getByTestId('select-channel').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '来信' }).click();
  await page.getByTestId('select-subjectArea').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '征地拆迁' }).click();
  await page.fill('input[name="title"]', '征地补偿款未足额发放');
  await page.fill('input[name="matterKey"]', '红星村2019年征地补偿款');
  await page.fill('textarea[name="description"]', '反映征地补偿款至今未足额发放');
  await page.fill('input[name="name"]', '郑三');
  await page.screenshot({ path: screenshotPath(t, 'petitions.png') });
  await page.getByTestId('petition-submit').click();
  await page.waitForSelector('[data-testid="petition"]');
  await page.getByTestId('action-petition-accept').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="petition-status"]')?.textContent?.includes('已受理'));
  await page.getByTestId('action-mark-backlog').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  await page.fill('.el-dialog textarea[name="reason"]', '多次信访，长期未化解');
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="timeline"] [data-type="PetitionMarkedBacklog"]');
  await page.getByTestId('action-answer').click();
  await page.fill('.el-dialog textarea[name="text"]', '经核查，补偿款将于本月内补发到位。');
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="petition-status"]')?.textContent?.includes('书面答复'));
  t.ok(await page.getByTestId('action-request-review').count(), 'a review may be requested after the answer');
  await checkScreen(t, page, 'petition screen');
  await page.screenshot({ path: screenshotPath(t, 'petition.png'), fullPage: true });
  await page.getByTestId('menu-petitions').click();
  await page.waitForSelector('[data-testid="backlog"] a');
  t.match(await page.getByTestId('backlog').innerText(), /征地补偿款未足额发放/, 'the backlog board lists it');
  await checkScreen(t, page, 'petitions desk and backlog board');
  await page.context().close();
});
