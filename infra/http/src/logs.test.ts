import { PartyInput } from '@zz/contracts';
import t from 'tap';
import { z } from 'zod';
import { createHttpApp, signToken } from './index.js';
import { captureLogs, SECRET } from './test-helpers.js';

/** Values that must never show up in a log line, whatever the request does. */
const IDS = {
  'pd-ok': '00000000-0000-4000-8000-000000000001',
  'pd-invalid': '00000000-0000-4000-8000-000000000002',
  'pd-malformed': '00000000-0000-4000-8000-000000000003',
  'pd-boom': '00000000-0000-4000-8000-000000000004',
} as const;

const SEEDED = {
  name: '欧阳秀英',
  idNumber: '23030219800101123X',
  phone: '13912345678',
  address: '鸡冠区红旗路88号3单元',
};

t.test('no personal data reaches any log line: success, careless logging, validation failure, malformed JSON, thrown error', async (t) => {
  const logs = captureLogs();
  const app = await createHttpApp({ jwtSecret: SECRET, logStream: logs.stream, logger: { level: 'trace' }, defaultMetrics: false });
  t.teardown(() => app.close());
  const Body = z.object({ summary: z.string().max(20), parties: z.array(PartyInput).min(1) });
  app.post('/api/disputes', { onRequest: [app.authenticate], schema: { body: Body } }, async (request) => {
    // A careless developer logging what they shouldn't: redaction must catch it.
    request.log.info({ body: request.body }, 'registering');
    request.log.info({ party: request.body.parties[0] }, 'first party');
    request.log.debug({ command: { payload: { parties: request.body.parties } } }, 'command');
    request.log.info({ details: request.body.parties[0]?.details, name: SEEDED.name }, 'details');
    return { ok: true };
  });
  app.post('/api/explode', { schema: { body: Body } }, async () => {
    throw new Error('projection write failed');
  });
  await app.ready();

  const token = signToken(SECRET, { userId: 'clerk-1', role: 'intake_clerk', centerCode: '230302' });
  const party = { role: 'applicant', details: { ...SEEDED } };
  const auth = { authorization: `Bearer ${token}`, 'x-correlation-id': IDS['pd-ok'] };

  const ok = await app.inject({ method: 'POST', url: '/api/disputes', headers: auth, payload: { summary: '邻里纠纷', parties: [party] } });
  t.equal(ok.statusCode, 200);

  // Invalid: the summary is too long, and the phone is wrong but carries the seeded digits around it.
  const invalid = await app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: { ...auth, 'x-correlation-id': IDS['pd-invalid'] },
    payload: { summary: `${SEEDED.name}${SEEDED.address}${SEEDED.address}`, parties: [{ ...party, details: { ...SEEDED, phone: `tel:${SEEDED.phone}` } }] },
  });
  t.equal(invalid.statusCode, 400);
  for (const value of Object.values(SEEDED)) t.notOk(invalid.body.includes(value), 'the 400 does not echo input');

  const malformed = await app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: { ...auth, 'content-type': 'application/json', 'x-correlation-id': IDS['pd-malformed'] },
    payload: `{"parties":[{"details":{"name":"${SEEDED.name}","idNumber":"${SEEDED.idNumber}"`,
  });
  t.equal(malformed.statusCode, 400);

  const boom = await app.inject({
    method: 'POST',
    url: `/api/explode?name=${encodeURIComponent(SEEDED.name)}&phone=${SEEDED.phone}`,
    headers: { 'x-correlation-id': IDS['pd-boom'] },
    payload: { summary: 'x', parties: [party] },
  });
  t.equal(boom.statusCode, 500);

  const all = logs.lines.join('\n');
  // The capture works: every request left lines, the 500 was logged with its real error.
  for (const id of Object.values(IDS)) t.match(all, `"reqId":"${id}"`);
  t.match(all, 'projection write failed');
  t.match(all, '"msg":"registering"');
  t.match(all, '[redacted]');

  for (const [field, value] of Object.entries(SEEDED)) {
    t.notOk(all.includes(value), `${field} never appears in the logs`);
    t.notOk(all.includes(JSON.stringify(value).slice(1, -1)), `${field} never appears escaped either`);
  }
  t.notOk(all.includes(token), 'the bearer token is not logged');
  t.notOk(all.includes(encodeURIComponent(SEEDED.name)), 'query strings are not logged');
});

t.test("request logs name the route pattern, never the URL; a client id that is not a UUID is replaced by the server's", async (t) => {
  const logs = captureLogs();
  const app = await createHttpApp({ jwtSecret: SECRET, logStream: logs.stream, defaultMetrics: false });
  t.teardown(() => app.close());
  app.get('/api/persons/:personId', async () => ({ ok: true }));
  await app.ready();
  const res = await app.inject({ url: `/api/persons/${SEEDED.idNumber}?q=${SEEDED.phone}`, headers: { 'x-correlation-id': SEEDED.idNumber } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['x-correlation-id'], /^[0-9a-f-]{36}$/, 'a server-made id');
  await app.inject({ url: `/no/such/${SEEDED.idNumber}` });
  const all = logs.lines.join('\n');
  t.match(all, '"route":"/api/persons/:personId"');
  t.notOk(all.includes(SEEDED.idNumber), 'the ID number in the path, the unmatched URL and the correlation header never reach the log');
  t.notOk(all.includes(SEEDED.phone));
});
