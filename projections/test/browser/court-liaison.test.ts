import t from 'tap';
import { bearer, checkScreen, commandViaApi, COUNTY, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1 } from '../../test-support/browser-harness.js';

// The court liaison's path: a township referred a dispute to the court's pre-filing mediation (with
// the parties' consent); the liaison accepts the referral (one bad input first), pauses the mediation
// clock for an appraisal and records the settlement.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('court liaison accepts a referral and records the settlement', async (t) => {
  const { caseId, caseCode } = await registerViaApi(runtime.app, T1, {
    category: 'contract',
    parties: [
      { role: 'applicant', details: { name: '周一' } },
      { role: 'respondent', details: { name: '吴二' } },
    ],
  });
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/accept`, {});
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/route`, { mode: 'handle_here' });
  const dispute = (await runtime.app.inject({ url: `/api/disputes/${caseId}`, headers: bearer('intake_clerk', T1) })).json() as { parties: { personId: string }[] };
  const consentedAt = new Date(Date.now() - 60_000).toISOString();
  const referred = await runtime.app.inject({
    method: 'POST',
    url: '/api/referrals',
    headers: bearer('intake_clerk', T1),
    payload: { caseId, court: { code: 'jgq-court', name: '鸡冠区人民法院' }, consents: dispute.parties.map((p) => ({ personId: p.personId, consentedAt })) },
  });
  t.equal(referred.statusCode, 201, referred.body);
  // The dispute links the referral through the cross-flow reactions: wait for that condition.
  for (;;) {
    const c = (await runtime.app.inject({ url: `/api/disputes/${caseId}`, headers: bearer('intake_clerk', T1) })).json() as { referrals: unknown[] };
    if (c.referrals.length > 0) break;
    await new Promise((r) => setImmediate(r));
  }
  const page = await newPage(browser);
  await signIn(page, base, 'court_liaison', COUNTY);
  // 我的待办: the referral flow's running clocks (the court must designate a mediator within 3 working days).
  await page.waitForSelector('[data-testid="workbench"] [data-case-code]');
  t.match(await page.getByTestId('workbench').innerText(), /法院指定调解员/);
  await checkScreen(t, page, 'court liaison workbench');
  await page.screenshot({ path: screenshotPath(t, 'workbench-court.png') });
  await page.locator('[data-testid="workbench"] [data-case-code]').first().click();
  await page.waitForSelector('[data-testid="case"]');
  t.equal((await page.getByTestId('case-code').textContent())?.trim(), caseCode, 'opened by its case code, the case screen finds the case');
  await page.waitForSelector('[data-testid="action-referral-accept"]');
  t.equal(await page.getByTestId('action-close').count(), 0, 'no dispute actions for the court');
  await page.getByTestId('action-referral-accept').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  t.pass('no pre-filing number: refused in Chinese, in place');
  await page.fill('.el-dialog input[name="preFilingNumber"]', '(2026)黑0302诉前调1号');
  await page.fill('.el-dialog input[name="mediatorId"]', 'court-mediator-1');
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="action-settle"]');
  await page.waitForSelector('[data-testid="clocks"] [data-testid^="clock-"]');
  // The 30-day delegated-mediation clock may be paused for an expert appraisal (its policy says so).
  await page.getByTestId('clocks').getByTestId('action-pause').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  await page.getByTestId('select-pauseReason').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '鉴定' }).click();
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="clocks"] [data-testid="action-resume"]');
  t.match(await page.getByTestId('clocks').innerText(), /已中止/, 'the clock shows as paused, with resume offered');
  await page.getByTestId('action-settle').click();
  await page.fill('.el-dialog textarea[name="terms"]', '被告于三十日内支付货款五万元');
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="action-apply-confirmation"]');
  t.pass('judicial confirmation is offered after the settlement');
  await page.waitForSelector('[data-testid="timeline"] [data-type="ReferralSettled"]');
  // The case's deadline clocks come from the deadlines service, each with the actions it allows.
  await checkScreen(t, page, 'case screen (court liaison)');
  await page.screenshot({ path: screenshotPath(t, 'court-liaison-case.png'), fullPage: true });
  await page.context().close();
});
