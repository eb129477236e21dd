import { createHmac } from 'node:crypto';
import { RegionDirectory, jixiDemoRegions } from '@zz/contracts';
import t, { type Test } from 'tap';
import { z } from 'zod';
import { createHttpApp, signToken } from './index.js';
import { captureLogs, SECRET } from './test-helpers.js';
import { tokenTimeProblem } from './token-policy.js';

const regions = new RegionDirectory(jixiDemoRegions());
const NOW = Math.floor(Date.now() / 1000);

/** Any payload, signed with the right secret: only the claims decide. */
function rawToken(payload: Record<string, unknown>): string {
  const b = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

async function app(t: Test) {
  const a = await createHttpApp({ jwtSecret: SECRET, logStream: captureLogs().stream, defaultMetrics: false, regions: (c) => regions.get(c) });
  a.get('/api/me', { onRequest: [a.authenticate] }, async (request) => request.actor);
  a.post('/api/things', { schema: { body: z.object({ title: z.string().min(1), parties: z.array(z.object({ name: z.string() })).optional() }) } }, async (_r, reply) =>
    reply.code(201).send({ ok: true }),
  );
  await a.ready();
  t.teardown(() => a.close());
  return a;
}

t.test('tokens: exp and iat required, lifetime capped, nothing issued in the future', async (t) => {
  const a = await app(t);
  const claims = { sub: 'u1', role: 'intake_clerk', center: '230302' };
  const status = async (payload: Record<string, unknown>) => (await a.inject({ url: '/api/me', headers: { authorization: `Bearer ${rawToken(payload)}` } })).statusCode;
  t.equal(await status({ ...claims, iat: NOW, exp: NOW + 3600 }), 200, 'a normal token');
  t.equal(await status({ ...claims, iat: NOW }), 401, 'no exp');
  t.equal(await status({ ...claims, exp: NOW + 3600 }), 401, 'no iat');
  t.equal(await status({ ...claims, iat: NOW, exp: NOW + 100 * 365 * 86400 }), 401, 'exp 100 years ahead');
  t.equal(await status({ ...claims, iat: NOW + 3600, exp: NOW + 7200 }), 401, 'iat in the future');
  t.equal(await status({ ...claims, iat: NOW, nbf: NOW + 3600, exp: NOW + 7200 }), 401, 'nbf in the future');
  t.equal(await status({ ...claims, iat: NOW + 30, exp: NOW + 3600 }), 200, 'a small clock skew is tolerated');
  t.equal(tokenTimeProblem({ iat: NOW - 20 * 3600, exp: NOW + 3600 }, NOW), 'lifetime_too_long', 'an old iat cannot stretch the lifetime');
  t.equal(tokenTimeProblem({ iat: NOW, exp: NOW + 13 * 3600 }, NOW, { maxLifetimeSeconds: 14 * 3600, skewSeconds: 60 }), null, 'the cap is configurable');
});

t.test('tokens: a center that is not in the region table, or a grid, is refused at authentication', async (t) => {
  const a = await app(t);
  const status = async (center: string) =>
    (await a.inject({ url: '/api/me', headers: { authorization: `Bearer ${signToken(SECRET, { userId: 'u', role: 'admin', centerCode: center })}` } })).statusCode;
  t.equal(await status('230303'), 200);
  t.equal(await status('999999'), 401, 'no such center');
  const grid = regions.all().find((r) => r.tier === 'grid')!.code;
  t.equal(await status(grid), 401, 'a grid has no center (there is no grid role)');
});

t.test('headers: nosniff everywhere, no-store on /api answers, a CSP on /docs', async (t) => {
  const a = await app(t);
  const api = await a.inject({ url: '/api/me', headers: { authorization: `Bearer ${signToken(SECRET, { userId: 'u', role: 'admin', centerCode: '230300' })}` } });
  t.equal(api.headers['x-content-type-options'], 'nosniff');
  t.equal(api.headers['cache-control'], 'no-store');
  t.match(String(api.headers['content-security-policy']), /default-src 'none'/);
  const denied = await a.inject({ url: '/api/me' });
  t.equal(denied.headers['cache-control'], 'no-store', 'errors too');
  const docs = await a.inject({ url: '/docs' });
  t.equal(docs.statusCode, 200);
  t.match(String(docs.headers['content-security-policy']), /script-src 'self'/);
  t.notMatch(String(docs.headers['content-security-policy']), /upgrade-insecure-requests/);
  t.equal(docs.headers['x-content-type-options'], 'nosniff');
});

t.test('input hygiene: NUL, lone surrogates, invisible-only text and non-UTF-8 bodies → field-level 400', async (t) => {
  const a = await app(t);
  const post = (payload: unknown, contentType = 'application/json') =>
    a.inject({ method: 'POST', url: '/api/things', headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const ok = await post({ title: '邻里纠纷 \u200B带零宽字符', parties: [{ name: '张三' }] });
  t.equal(ok.statusCode, 201, 'visible text with a stray zero-width character is fine');
  for (const [label, body, path] of [
    ['NUL in a title', '{"title":"a\\u0000b"}', 'body.title'],
    ['NUL in a name', '{"title":"t","parties":[{"name":"张\\u0000三"}]}', 'body.parties.0.name'],
    ['a lone surrogate', '{"title":"\\ud800"}', 'body.title'],
    ['zero-width characters only', '{"title":"\\u200b\\u200c\\u200d\\ufeff"}', 'body.title'],
  ] as const) {
    const res = await post(body);
    t.equal(res.statusCode, 400, label);
    t.equal(res.json().error, 'validation_failed');
    t.same(
      res.json().details.map((d: { path: string }) => d.path),
      [path],
      label,
    );
  }
  const utf16 = await post({ title: 'x' }, 'application/json; charset=utf-16');
  t.equal(utf16.statusCode, 400);
  t.same(
    utf16.json().details.map((d: { path: string }) => d.path),
    ['headers.content-type'],
  );
  t.equal((await post({ title: 'x' }, 'application/json; charset=UTF-8')).statusCode, 201);
});

t.test('one error shape: undecodable URLs and static 403s', async (t) => {
  const a = await app(t);
  const bad = await a.inject({ url: '/api/%c0%ae%zz/230302198001011234' });
  t.equal(bad.statusCode, 400);
  t.same(Object.keys(bad.json()).sort(), ['error', 'message']);
  t.equal(bad.json().error, 'bad_url');
  t.notOk(bad.body.includes('230302198001011234'), 'the URL is not echoed');
  const traversal = await a.inject({ url: '/docs/static/%2e%2e%5cpackage.json' });
  t.equal(traversal.statusCode, 403);
  t.equal(traversal.json().error, 'forbidden');
  t.same(Object.keys(traversal.json()).sort(), ['error', 'message']);
  t.not(traversal.json().error, 'bad_request', 'a 403 is not called a bad request');
});
