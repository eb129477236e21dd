import path from 'node:path';
import t from 'tap';
import { RegionDirectory, intake, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { createFlowViews } from '../flow-views/index.js';
import { CITY, H1, HENGSHAN, JIGUAN, SEEDED_PERSON, T1, T2, at, scenario } from '../flow-views/fixtures.js';
import { flowRoutes } from './flow-routes.js';

const JWT_SECRET = 'test-secret-test-secret-test-secret';
const regionList = jixiDemoRegions();

async function setUp(t: { testdir(): string; teardown(fn: () => unknown): void }) {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  const keys = openKeyStore({ path: path.join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const s = await scenario(keys);
  let head = 0n;
  for (const a of s.appends) ({ position: head } = await store.append(a.stream, a.events, { expectedRevision: 'any' }));
  const views = createFlowViews({ store, dataDir: dir, regions: regionList });
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: JWT_SECRET, logger: { level: 'debug' }, logStream: { write: (line: string) => void logLines.push(line) } });
  await app.register(flowRoutes, { views, vault: keys, regions: new RegionDirectory(regionList), now: () => new Date(at(4)) });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await views.close();
    await store.close();
    keys.close();
  });
  const auth = (role: Actor['role'], centerCode: string) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId: `${role}@${centerCode}`, role, centerCode })}` });
  const get = (url: string, role: Actor['role'], center: string) => app.inject({ method: 'GET', url, headers: auth(role, center) });
  return { store, keys, s, head, views, app, get, logLines };
}

t.test('timeline: jurisdiction, masking by role, minPosition', async (t) => {
  const { s, head, get, store, app, keys, logLines } = await setUp(t);
  const url = `/api/cases/${s.caseA.caseCode}/timeline?minPosition=${head}`;

  const mediator = await get(url, 'mediator', T1);
  t.equal(mediator.statusCode, 200);
  t.equal(mediator.headers['x-view-stale'], undefined, 'the view reached minPosition');
  const body = mediator.json();
  t.equal(body.entries.length, 40);
  t.equal(body.entries[0].parties[0].name, SEEDED_PERSON.name, 'the township mediator sees the full name');
  t.notOk('sealed' in body.entries[0], 'sealed values never leave the server');
  t.same(body.entries[0].label, { zh: '登记纠纷', en: 'Dispute registered' });

  const viewer = (await get(url, 'command_viewer', CITY)).json();
  t.equal(viewer.entries[0].parties[0].name, '王**', 'the city command center sees it masked');
  t.equal(viewer.entries[0].texts.description, '[受限 restricted]');
  t.equal((await get(url, 'supervisor', JIGUAN)).statusCode, 200, 'the county sees its township case');

  for (const [role, center] of [
    ['intake_clerk', T2],
    ['supervisor', HENGSHAN],
    ['intake_clerk', H1],
  ] as const) {
    const r = await get(url, role, center);
    t.equal(r.statusCode, 404, `${center} is outside the case's jurisdiction: 404`);
    t.equal(r.json().error, 'not_found');
  }
  t.equal((await get(`/api/cases/${T1}-2025-999999/timeline`, 'admin', CITY)).statusCode, 404, 'unknown case');
  t.equal((await app.inject({ method: 'GET', url })).statusCode, 401, 'no token');
  t.equal((await get('/api/cases/x/timeline', 'admin', CITY)).statusCode, 400, 'malformed case code');

  // A case registered after the app started is found once the view has reached its position.
  const caseId = crypto.randomUUID();
  const caseCode = `${T2}-2025-000002`;
  const { position } = await store.append(
    intake.disputeStream(caseId),
    [
      {
        eventId: crypto.randomUUID(),
        type: 'DisputeRegistered',
        schemaVersion: 1,
        occurredAt: at(5),
        data: {
          caseId,
          caseCode,
          centerCode: T2,
          areaCode: T2,
          category: 'labour',
          source: 'hotline_12345',
          title: '欠薪纠纷',
          description: keys.seal(keys.personFor().personId, '拖欠工资'),
          parties: [],
        },
        metadata: { correlationId: 'c', causationId: 'c', caseCode, actor: { userId: 'clerk', role: 'intake_clerk', centerCode: T2 } },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
  const fresh = await get(`/api/cases/${caseCode}/timeline?minPosition=${position}`, 'intake_clerk', T2);
  t.equal(fresh.statusCode, 200);
  t.same(
    fresh.json().entries.map((e: { type: string }) => e.type),
    ['DisputeRegistered'],
  );
  t.equal(Number(fresh.headers['x-view-position']) >= Number(position), true);

  t.notOk(logLines.join('\n').includes(SEEDED_PERSON.name), 'no personal data in the logs');
});

t.test('boards and indicators: jurisdiction and answers', async (t) => {
  const { get } = await setUp(t);

  const whistles = await get('/api/centers/230302/whistles', 'supervisor', JIGUAN);
  t.equal(whistles.statusCode, 200);
  const w = whistles.json();
  t.same(
    w.items.map((i: { whistleId: string; overdue: boolean; pendingDepartments: { code: string }[] }) => [i.whistleId, i.overdue, i.pendingDepartments.map((d) => d.code)]),
    [['w1', true, ['housing']]],
  );
  t.equal((await get('/api/centers/230300/whistles?overdue=true', 'command_viewer', CITY)).json().items.length, 2);
  t.equal((await get('/api/centers/230302/whistles', 'intake_clerk', T1)).statusCode, 404, 'a township cannot look at its county');
  t.equal((await get(`/api/centers/${H1}/whistles`, 'supervisor', JIGUAN)).statusCode, 404, 'nor a county at another county');

  const backlog = await get(`/api/centers/${T1}/backlog`, 'petition_officer', T1);
  t.equal(backlog.statusCode, 200);
  const item = backlog.json().items[0];
  t.same(item.signOff, { signedBy: 'leader-sun', signedAt: at(4, 20), statementSha256: 'a'.repeat(64) });
  t.equal(item.supervision.active[0].dueAt, at(30));
  t.equal((await get(`/api/centers/${T2}/backlog`, 'petition_officer', T1)).statusCode, 404);

  const ind = await get('/api/centers/230302/indicators', 'supervisor', JIGUAN);
  t.equal(ind.statusCode, 200);
  const body = ind.json();
  t.same([body.timelyAcceptance.numerator, body.timelyAcceptance.denominator, body.timelyAcceptance.rate], [3, 4, 0.75]);
  t.equal(body.children.length, 4);
  t.equal((await get('/api/centers/230300/indicators', 'command_viewer', CITY)).json().children.length, 9);
  t.equal((await get('/api/centers/230300/indicators', 'supervisor', JIGUAN)).statusCode, 404, 'a county cannot look at the city');
});
