import t from 'tap';
import { auth, embedded } from './harness.js';

// Done-when of issue 2: a dispute registered over HTTP appears in its township's queue and in its
// county's and the city's rollups; every query is scoped to the caller's jurisdiction.
t.test('a registered dispute reaches the township queue and the county and city rollups', async (t) => {
  const rt = await embedded(t.testdir());
  t.teardown(rt.close);
  const township = '230302101';
  const clerk = auth('intake_clerk', township);
  const reg = await rt.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: clerk,
    payload: {
      areaCode: '230302101002',
      category: 'labour',
      source: 'hotline_12345',
      title: '工地拖欠农民工工资',
      description: '十二名工人反映工程款未结清',
      parties: [{ role: 'applicant', details: { name: '赵志强', idNumber: '230302198001011234', phone: '13904670000' } }],
      indicators: { partyCount: 12 },
    },
  });
  t.equal(reg.statusCode, 201, reg.body);
  const { caseCode, position } = reg.json();

  const queue = await rt.app.inject({ url: `/api/centers/${township}/cases?minPosition=${position}`, headers: clerk });
  t.equal(queue.statusCode, 200, queue.body);
  t.equal(queue.headers['x-view-stale'], undefined, 'the view caught up within the wait');
  const item = queue.json().items.find((c: { caseCode: string }) => c.caseCode === caseCode);
  t.match(item, { status: 'registered', category: 'labour', risk: 'red', handlingCenter: township }, 'in the township queue, graded red at registration');
  t.equal(item.parties[0].name, '赵志强', 'the desk sees the name');

  const county = await rt.app.inject({ url: `/api/centers/230302/stats?minPosition=${position}`, headers: auth('supervisor', '230302') });
  t.equal(county.statusCode, 200);
  t.match(county.json(), { center: '230302', total: 1, open: 1, byCategory: { labour: 1 }, byRisk: { red: 1 } });
  t.match(
    county.json().children.find((c: { center: string }) => c.center === township),
    { total: 1, byStatus: { registered: 1 } },
    'the county rolls up its township',
  );
  t.equal(county.json().children.filter((c: { total: number }) => c.total > 0).length, 1, 'and no other township');

  const city = await rt.app.inject({ url: `/api/centers/230300/stats?minPosition=${position}`, headers: auth('command_viewer', '230300') });
  t.match(city.json(), { center: '230300', total: 1, bySource: { hotline_12345: 1 } });
  t.match(
    city.json().children.find((c: { center: string }) => c.center === '230302'),
    { total: 1 },
    'the city rolls up its county',
  );
  const cityQueue = await rt.app.inject({ url: `/api/centers/230300/cases`, headers: auth('command_viewer', '230300') });
  t.equal(cityQueue.json().items[0].parties[0].name, '赵**', 'the command center sees the name masked');

  // Moving the case moves the counts.
  const { caseId } = reg.json();
  await rt.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
  const routed = await rt.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/escalate`, headers: clerk, payload: { reason: '涉及多个部门' } });
  const after = await rt.app.inject({ url: `/api/centers/230302/stats?minPosition=${routed.json().position}`, headers: auth('supervisor', '230302') });
  t.match(after.json().byStatus, { registered: 0, escalated: 1 });
  const countyOwn = await rt.app.inject({ url: `/api/centers/230302/cases?scope=own&minPosition=${routed.json().position}`, headers: auth('supervisor', '230302') });
  t.equal(countyOwn.json().items.length, 1, 'the escalated case is in the county’s own queue');
});

t.test('views are scoped to the caller’s jurisdiction', async (t) => {
  const rt = await embedded(t.testdir());
  t.teardown(rt.close);
  const other = auth('intake_clerk', '230302102');
  t.equal((await rt.app.inject({ url: '/api/centers/230302101/cases', headers: other })).statusCode, 404, 'a neighbouring township');
  t.equal((await rt.app.inject({ url: '/api/centers/230302/stats', headers: other })).statusCode, 404, 'the county above');
  t.equal((await rt.app.inject({ url: '/api/centers/230300/stats', headers: auth('supervisor', '230303') })).statusCode, 404, 'a county asking for the city');
  t.equal((await rt.app.inject({ url: '/api/centers/230303/stats', headers: auth('supervisor', '230302') })).statusCode, 404, 'a county asking for another county');
  t.equal((await rt.app.inject({ url: '/api/centers/230302101/cases', headers: auth('supervisor', '230302') })).statusCode, 200, 'a county may look at its townships');
  t.equal((await rt.app.inject({ url: '/api/centers/230302101/cases?status=nonsense', headers: auth('supervisor', '230302') })).statusCode, 400);
});
