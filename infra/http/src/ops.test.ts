import t from 'tap';
import { z } from 'zod';
import { createHttpApp } from './index.js';
import { captureLogs, SECRET } from './test-helpers.js';

async function app(t: import('tap').Test, extra: Partial<Parameters<typeof createHttpApp>[0]> = {}) {
  const a = await createHttpApp({ jwtSecret: SECRET, logStream: captureLogs().stream, defaultMetrics: false, ...extra });
  t.teardown(() => a.close());
  return a;
}

t.test('/health answers ok', async (t) => {
  const a = await app(t);
  const res = await a.inject({ url: '/health' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
});

t.test('/ready runs every check: all ok → 200; one failing, throwing or hanging → 503', async (t) => {
  const a = await app(t, { readinessTimeoutMs: 50 });
  let storeOk = true;
  a.addReadinessCheck('eventstore', async () => storeOk);
  a.addReadinessCheck('projection', () => ({ ok: true, detail: 'position 42' }));
  t.throws(() => a.addReadinessCheck('eventstore', () => true), /already registered/);

  const ready = await a.inject({ url: '/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready', checks: { eventstore: { ok: true }, projection: { ok: true, detail: 'position 42' } } });

  storeOk = false;
  const down = await a.inject({ url: '/ready' });
  t.equal(down.statusCode, 503);
  t.equal(down.json().status, 'not_ready');
  t.same(down.json().checks.eventstore, { ok: false });

  storeOk = true;
  const b = await app(t, { readinessTimeoutMs: 50 });
  b.addReadinessCheck('throws', async () => {
    throw new Error('connection refused');
  });
  b.addReadinessCheck('hangs', () => new Promise<boolean>(() => {}));
  const bad = await b.inject({ url: '/ready' });
  t.equal(bad.statusCode, 503);
  t.same(bad.json().checks, { throws: { ok: false, detail: 'error' }, hangs: { ok: false, detail: 'timeout' } });
});

t.test('/metrics exposes the request duration histogram by route and status, and default metrics when enabled', async (t) => {
  const a = await app(t, { defaultMetrics: true });
  a.get('/api/cases/:caseId', { schema: { params: z.object({ caseId: z.string() }) } }, async () => ({ ok: true }));
  await a.inject({ url: '/api/cases/abc' });
  await a.inject({ url: '/api/cases/def' });
  await a.inject({ url: '/no-such-route' });
  const res = await a.inject({ url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/plain/);
  t.match(res.body, /http_request_duration_seconds_count\{method="GET",route="\/api\/cases\/:caseId",status_code="200"\} 2/);
  t.match(res.body, /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
  t.notMatch(res.body, /abc|def/);
  t.match(res.body, /process_cpu_user_seconds_total/);

  // A second app has its own registry: none of the first app's observations.
  const b = await app(t);
  const other = await b.inject({ url: '/metrics' });
  t.notMatch(other.body, /api\/cases/);
});

t.test('/docs/json is OpenAPI generated from the zod schemas, with bearer auth; /docs serves the UI', async (t) => {
  const a = await createHttpApp({
    jwtSecret: SECRET,
    logger: false,
    defaultMetrics: false,
    openapi: { title: '测试 API', version: '9.9.9', description: 'test' },
  });
  t.teardown(() => a.close());
  a.post(
    '/api/disputes',
    {
      schema: {
        summary: '登记纠纷 / register a dispute',
        body: z.object({ category: z.enum(['邻里', '合同']), summaryText: z.string().max(500) }),
        response: { 201: z.object({ caseId: z.uuid(), caseCode: z.string() }) },
      },
    },
    async (_req, reply) => reply.code(201).send({ caseId: crypto.randomUUID(), caseCode: 'x' }),
  );
  await a.ready();
  const res = await a.inject({ url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.equal(doc.info.title, '测试 API');
  t.same(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  t.same(doc.security, [{ bearerAuth: [] }]);
  const op = doc.paths['/api/disputes'].post;
  const body = op.requestBody.content['application/json'].schema;
  t.same(body.properties.category.enum, ['邻里', '合同']);
  t.equal(body.properties.summaryText.maxLength, 500);
  t.same(body.required.sort(), ['category', 'summaryText']);
  t.ok(op.responses['201'].content['application/json'].schema.properties.caseCode);
  t.same(doc.paths['/health'].get.security, []);
  t.notOk(doc.paths['/metrics'], 'metrics is hidden from the API docs');

  const ui = await a.inject({ url: '/docs' });
  t.equal(ui.statusCode, 200);
  t.match(ui.headers['content-type'], /text\/html/);
  t.match(ui.body, /swagger-ui/i);
});
