import { DomainError, PartyInput } from '@zz/contracts';
import t, { type Test } from 'tap';
import { z } from 'zod';
import { createHttpApp, HttpError, signToken } from './index.js';
import { captureLogs, SECRET } from './test-helpers.js';

/** An app with a few routes shaped like the real ones. */
async function testApp(t: Test, logStream = captureLogs().stream) {
  const app = await createHttpApp({ jwtSecret: SECRET, logStream, defaultMetrics: false });
  app.post(
    '/api/things/:caseId',
    {
      schema: {
        params: z.object({ caseId: z.uuid() }),
        querystring: z.object({ limit: z.coerce.number().int().max(100).optional() }),
        body: z.object({ category: z.enum(['邻里', '合同']), parties: z.array(PartyInput).min(1) }),
        response: { 201: z.object({ caseId: z.string(), parties: z.number() }) },
      },
    },
    async (request, reply) => reply.code(201).send({ caseId: request.params.caseId, parties: request.body.parties.length }),
  );
  app.post('/api/fail/:kind', { schema: { params: z.object({ kind: z.string() }), body: z.unknown() } }, async (request) => {
    if (request.params.kind === 'domain') throw new DomainError('already_closed', '案件已结案 / case already closed');
    if (request.params.kind === 'http') throw new HttpError(412, 'stale_revision', '版本已过期 / stale revision');
    throw new Error('database is locked');
  });
  app.get('/api/me', { onRequest: [app.authenticate] }, async (request) => request.actor);
  await app.ready();
  t.teardown(() => app.close());
  return app;
}

const CASE_ID = '0b6f6e0e-8c2b-4a56-9f0e-1b2c3d4e5f60';
const goodParty = { role: 'applicant', details: { name: '张三', idNumber: '230302198001011234' } };

t.test('validation lists every invalid field of params, body and querystring', async (t) => {
  const app = await testApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/things/not-a-uuid?limit=500',
    payload: {
      category: 'unknown',
      parties: [
        { role: 'applicant', details: { name: '', idNumber: '123' } },
        { role: 'judge', details: { name: '李四', phone: 'x' } },
      ],
    },
  });
  t.equal(res.statusCode, 400);
  const body = res.json();
  t.equal(body.error, 'validation_failed');
  t.equal(body.message, '请求参数不合法 / invalid request');
  const paths = body.details.map((d: { path: string }) => d.path).sort();
  t.same(paths, ['body.category', 'body.parties.0.details.idNumber', 'body.parties.0.details.name', 'body.parties.1.details.phone', 'body.parties.1.role', 'params.caseId', 'querystring.limit']);
  const name = body.details.find((d: { path: string }) => d.path === 'body.parties.0.details.name');
  t.equal(name.message, '姓名不能为空 / name is required');
});

t.test('when only the body is invalid, only body fields are listed; a valid request passes', async (t) => {
  const app = await testApp(t);
  const bad = await app.inject({ method: 'POST', url: `/api/things/${CASE_ID}`, payload: { category: '邻里', parties: [] } });
  t.equal(bad.statusCode, 400);
  t.same(
    bad.json().details.map((d: { path: string }) => d.path),
    ['body.parties'],
  );
  const ok = await app.inject({ method: 'POST', url: `/api/things/${CASE_ID}?limit=5`, payload: { category: '邻里', parties: [goodParty] } });
  t.equal(ok.statusCode, 201);
  t.same(ok.json(), { caseId: CASE_ID, parties: 1 });
});

t.test('malformed JSON → 400 malformed_json; wrong content type → 415; empty JSON body → 400', async (t) => {
  const app = await testApp(t);
  const url = `/api/things/${CASE_ID}`;
  const malformed = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"category": "邻里", ' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().error, 'malformed_json');
  const empty = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '' });
  t.equal(empty.statusCode, 400);
  t.equal(empty.json().error, 'malformed_json');
  const xml = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
  t.equal(xml.statusCode, 415);
  t.equal(xml.json().error, 'unsupported_media_type');
});

t.test('DomainError → 409 with its reason; HttpError → its status and code; anything else → generic 500', async (t) => {
  const app = await testApp(t);
  const domain = await app.inject({ method: 'POST', url: '/api/fail/domain', payload: {} });
  t.equal(domain.statusCode, 409);
  t.same(domain.json(), { error: 'already_closed', message: '案件已结案 / case already closed' });
  const http = await app.inject({ method: 'POST', url: '/api/fail/http', payload: {} });
  t.equal(http.statusCode, 412);
  t.same(http.json(), { error: 'stale_revision', message: '版本已过期 / stale revision' });
  const boom = await app.inject({ method: 'POST', url: '/api/fail/boom', payload: {} });
  t.equal(boom.statusCode, 500);
  t.same(boom.json(), { error: 'internal_error', message: '服务器内部错误 / internal server error' });
  t.notMatch(boom.body, /database is locked/);
});

t.test('unknown route → 404 not_found', async (t) => {
  const app = await testApp(t);
  const res = await app.inject({ method: 'GET', url: '/api/nope' });
  t.equal(res.statusCode, 404);
  t.same(res.json(), { error: 'not_found', message: '资源不存在 / not found' });
});

t.test('authentication: a valid token sets the actor; missing, forged, expired or bad-claims tokens → 401', async (t) => {
  const app = await testApp(t);
  const actor = { userId: 'u-1', role: 'intake_clerk', centerCode: '230302' } as const;
  const ok = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${signToken(SECRET, actor)}` } });
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), actor);

  const none = await app.inject({ url: '/api/me' });
  t.equal(none.statusCode, 401);
  t.equal(none.json().error, 'unauthorized');

  const forged = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${signToken('another-secret-another-secret', actor)}` } });
  t.equal(forged.statusCode, 401);

  const past = () => new Date(Date.now() - 3 * 3600_000);
  const expired = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${signToken(SECRET, actor, { expiresIn: '1h', now: past })}` } });
  t.equal(expired.statusCode, 401);

  // A correctly signed token whose role is not one of the contracts' roles.
  const badRole = await app.jwt.sign({ sub: 'u-2', role: 'emperor', center: '230302' });
  const bad = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${badRole}` } });
  t.equal(bad.statusCode, 401);
  t.equal(bad.json().message, '令牌声明不合法 / invalid token claims');
  t.throws(() => signToken(SECRET, { ...actor, role: 'emperor' as never }));
});

t.test('correlation id: a UUID from x-correlation-id is kept, echoed, and carried by log lines; otherwise a fresh UUID', async (t) => {
  const logs = captureLogs();
  const app = await testApp(t, logs.stream);
  const id = '6f1c1a52-8a43-4c1e-9d0e-3b2a1c0d9e8f';
  const res = await app.inject({ url: '/health', headers: { 'x-correlation-id': id } });
  t.equal(res.headers['x-correlation-id'], id);
  const mine = logs.records().filter((r) => r.reqId === id);
  t.ok(mine.some((r) => r.msg === 'incoming request'));
  t.ok(mine.some((r) => r.msg === 'request completed'));

  for (const given of ['bad id\nwith newline', 'corr-42', '230302198001011234']) {
    const fresh = await app.inject({ url: '/health', headers: { 'x-correlation-id': given } });
    t.match(fresh.headers['x-correlation-id'], /^[0-9a-f-]{36}$/);
    t.not(fresh.headers['x-correlation-id'], given);
  }
});
