import t from 'tap';
import { bearer, checkScreen, commandViaApi, COUNTY, launchBrowser, newPage, screenshotPath, signIn, startRuntime } from '../../test-support/browser-harness.js';

// The responsible leader's (包保领导) path: a backlog petition was put in their charge; they find it
// on the backlog board and sign the responsibility statement personally (one bad input first).
const { runtime, base } = await startRuntime(t.testdir());
const browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await runtime.close();
});

t.test('leader signs the responsibility statement', async (t) => {
  const reg = await runtime.app.inject({
    method: 'POST',
    url: '/api/petitions',
    headers: bearer('petition_officer', COUNTY),
    payload: {
      areaCode: `${COUNTY}101`,
      channel: 'visit',
      subjectArea: 'labour_social_security',
      title: '企业拖欠职工工资',
      matterKey: '某厂2024年欠薪',
      description: '反映工资被拖欠',
      petitioners: [{ details: { name: '冯四' } }],
    },
  });
  t.equal(reg.statusCode, 201, reg.body);
  const { petitionId } = reg.json() as { petitionId: string };
  const url = (c: string) => `/api/petitions/${petitionId}/${c}`;
  await commandViaApi(runtime.app, 'petition_officer', COUNTY, url('accept'), {});
  await commandViaApi(runtime.app, 'petition_officer', COUNTY, url('mark-backlog'), { reason: '长期未化解' });
  await commandViaApi(runtime.app, 'supervisor', COUNTY, url('assign-leader'), { leaderUserId: `demo-responsible_leader@${COUNTY}`, post: '区委副书记' });

  const page = await newPage(browser);
  await signIn(page, base, 'responsible_leader', COUNTY);
  await page.waitForSelector('[data-testid="backlog"] a');
  await page
    .locator('[data-testid="backlog"] a', { hasText: /\d{4}-\d{6}$/ })
    .first()
    .click();
  await page.waitForSelector('[data-testid="action-sign-responsibility"]');
  t.equal(await page.getByTestId('action-petition-accept').count(), 0, 'a leader only signs');
  await page.getByTestId('action-sign-responsibility').click();
  await page.getByTestId('action-submit').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .el-form-item__error')].some((e) => e.textContent === '此项必填'));
  t.pass('an empty statement is refused in Chinese, in place');
  await page.fill('.el-dialog textarea[name="statementText"]', '本人对该信访积案的化解工作负总责，限期化解。');
  await page.getByTestId('action-submit').click();
  await page.waitForSelector('[data-testid="timeline"] [data-type="ResponsibilityStatementSigned"]');
  t.equal(await page.getByTestId('action-sign-responsibility').count(), 0, 'signed once, not again');
  await checkScreen(t, page, 'petition screen (leader)');
  await page.screenshot({ path: screenshotPath(t, 'leader-petition.png'), fullPage: true });
  await page.context().close();
});
