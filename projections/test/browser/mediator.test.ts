import t from 'tap';
import { bearer, checkScreen, commandViaApi, go, launchBrowser, newPage, registerViaApi, screenshotPath, signIn, startRuntime, T1 } from '../../test-support/browser-harness.js';

// The mediator's path: a case the center routed to mediation; the mediator takes it, records a
// session (one bad input first) and the agreement, in the browser.
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('mediator records a session and an agreement', async (t) => {
  const { caseId } = await registerViaApi(runtime.app, T1, {
    category: 'neighbours',
    parties: [
      { role: 'applicant', details: { name: '孙一' } },
      { role: 'respondent', details: { name: '李二' } },
    ],
  });
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/accept`, {});
  await commandViaApi(runtime.app, 'intake_clerk', T1, `/api/disputes/${caseId}/mediate`, { organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  // The mediation file is opened by the cross-flow reactions: wait until the case links it (a condition).
  for (;;) {
    const c = (await runtime.app.inject({ url: `/api/disputes/${caseId}`, headers: bearer('intake_clerk', T1) })).json() as { mediations: unknown[] };
    if (c.mediations.length > 0) break;
    await new Promise((r) => setImmediate(r));
  }
  const page = await newPage(browser);
  await signIn(page, base, 'mediator', T1);
  await checkScreen(t, page, 'mediator workbench');
  await go(page, `#/case/${caseId}`);
  await page.waitForSelector('[data-testid="case"]');
  t.equal(await page.getByTestId('action-accept').count(), 0, 'no clerk actions for a mediator');
  await page.getByTestId('action-assign-mediator').click();
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="action-record-session"]');
  t.equal(await page.getByTestId('action-reach-agreement').count(), 0, 'no agreement before a session (the decider says so)');
  await page.getByTestId('action-record-session').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  t.pass('empty minutes refused in Chinese, in place');
  await page.fill('.el-dialog textarea[name="notes"]', '双方到场，陈述意见');
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="action-reach-agreement"]');
  await page.getByTestId('action-reach-agreement').click();
  await page.fill('.el-dialog textarea[name="terms"]', '被申请人赔偿维修费二千元');
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => /达成/.test(document.querySelector('[data-testid="mediation-status"]')?.textContent ?? ''));
  await page.waitForSelector('[data-testid="timeline"] [data-type="MediationAgreementReached"]');
  await checkScreen(t, page, 'case screen (mediator)');
  await page.screenshot({ path: screenshotPath(t, 'mediator-case.png'), fullPage: true });
  await page.context().close();
});
