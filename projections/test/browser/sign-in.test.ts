import t from 'tap';
import { checkScreen, launchBrowser, newPage, screenshotPath, startRuntime } from '../../test-support/browser-harness.js';

// Sign-in: the password form always, the demo picker only in demo mode; a bad sign-in says why in Chinese.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('sign-in page: form errors in Chinese, demo picker in demo mode', async (t) => {
  const page = await newPage(browser);
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-testid="signin"]');
  await page.getByTestId('signin-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="signin-error"]')?.textContent === '请输入账号和密码');
  await page.fill('input[name="userId"]', 'nobody');
  await page.fill('input[name="password"]', 'wrong-password');
  await page.getByTestId('signin-submit').click();
  await page.waitForFunction(() => /账号或密码错误|登录失败/.test(document.querySelector('[data-testid="signin-error"]')?.textContent ?? ''));
  t.pass('a wrong password is refused in Chinese');
  await page.waitForSelector('[data-testid="demo-picker"] button');
  const roles = await page.locator('[data-testid="demo-picker"] button').count();
  t.ok(roles >= 9, `the demo picker offers every demo role (${roles})`);
  await checkScreen(t, page, 'sign-in');
  await page.screenshot({ path: screenshotPath(t, 'sign-in.png') });
  // English, then back.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.body.innerText.includes('Sign in'));
  await checkScreen(t, page, 'sign-in in English');
  await page.getByTestId('lang-switch').click();
  await page.context().close();
});

t.test('production: no demo picker; the bootstrap admin signs in with a password and lands on a screen', async (t) => {
  const password = 'Admin-initial-pass-7Qx';
  const prod = await startRuntime(t.testdir(), { mode: 'production', env: { ADMIN_INITIAL_PASSWORD: password } });
  t.teardown(() => prod.runtime.close());
  const page = await newPage(browser);
  await page.goto(`${prod.base}/`);
  await page.waitForSelector('[data-testid="signin"]');
  t.equal(await page.locator('[data-testid="demo-picker"]').count(), 0, 'no demo picker in production');
  await page.fill('input[name="userId"]', 'admin');
  await page.fill('input[name="password"]', 'not-the-password');
  await page.getByTestId('signin-submit').click();
  await page.waitForFunction(() => /账号或密码错误|登录失败/.test(document.querySelector('[data-testid="signin-error"]')?.textContent ?? ''));
  await page.fill('input[name="password"]', password);
  await page.getByTestId('signin-submit').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="signin"]'));
  t.pass('signed in with the account held by the system');
  t.same(page.errors, [], 'no console errors');
});
