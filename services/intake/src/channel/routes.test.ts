import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import t, { type Test } from 'tap';
import { jixiDemoRegions, RegionDirectory } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { IntakeService } from '../application/intake-service.js';
import { DEFAULT_RISK_POLICY } from '../domain/risk-policy.js';
import { SEEDED_PERSON } from '../testing.js';
import type { ChannelClient } from './clients.js';
import { CHANNEL_PATH, channelRoutes } from './routes.js';
import { sign } from './signature.js';

const hotline: ChannelClient = { clientId: 'hotline-12345', name: '鸡西市12345热线', source: 'hotline_12345', centerCode: '230302', secret: 'k'.repeat(40) };

async function setup(t: Test) {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const regions = new RegionDirectory(jixiDemoRegions());
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: 'test-secret-test-secret-test-secret', logger: { level: 'debug' }, logStream: { write: (l: string) => void logLines.push(l) } });
  const service = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now: () => new Date() });
  await app.register(channelRoutes, { service, regions, clients: new Map([[hotline.clientId, hotline]]) });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await store.close();
    keys.close();
  });
  return { app, store, logLines };
}

const order = (over: Record<string, unknown> = {}) => ({
  orderId: 'GD20261208000123',
  areaCode: '230302101001',
  category: 'neighbours',
  title: '楼上漏水引发邻里纠纷',
  content: `来电人${SEEDED_PERSON.name}反映楼上装修漏水。`,
  reporter: SEEDED_PERSON,
  respondents: [{ name: '李建国' }],
  ...over,
});

/** A request as the hotline system would send it; `tamper` changes what is sent after signing. */
function signed(body: object, opts: { client?: ChannelClient; timestamp?: number; nonce?: string; tamper?: (raw: string) => string } = {}) {
  const client = opts.client ?? hotline;
  const raw = JSON.stringify(body);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(12).toString('hex');
  const signature = sign(client.secret, { method: 'POST', path: CHANNEL_PATH, timestamp, nonce, body: raw });
  return {
    method: 'POST' as const,
    url: CHANNEL_PATH,
    headers: { 'content-type': 'application/json', 'x-zz-client': client.clientId, 'x-zz-timestamp': timestamp, 'x-zz-nonce': nonce, 'x-zz-signature': signature },
    payload: opts.tamper ? opts.tamper(raw) : raw,
  };
}

t.test('a signed order is registered under the client’s center, as its source, with the order number', async (t) => {
  const h = await setup(t);
  const res = await h.app.inject(signed(order()));
  t.equal(res.statusCode, 201, res.body);
  const { caseId, caseCode } = res.json();
  t.match(caseCode, /^230302-\d{4}-000001$/, 'numbered at the client’s center');
  const [registered] = await h.store.readStream(`dispute-${caseId}`);
  t.match(registered!.data, { source: 'hotline_12345', areaCode: '230302101001', externalRef: { system: 'hotline-12345', id: 'GD20261208000123' } });
  t.match(registered!.metadata, { actor: { userId: 'channel:hotline-12345' } }, 'the timeline says the hotline registered it');
  t.equal((registered!.data as { parties: unknown[] }).parties.length, 2, 'reporter and respondent');
  t.notOk(
    h.logLines.some((l) => l.includes(SEEDED_PERSON.idNumber) || l.includes(SEEDED_PERSON.phone)),
    'no personal data in the log',
  );

  // The same order sent again (a new nonce: the sender retried) is the same case.
  const again = await h.app.inject(signed(order()));
  t.equal(again.statusCode, 201);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(again.json().caseId, caseId);
  // The same order number with other content is refused, not silently dropped.
  t.equal((await h.app.inject(signed(order({ title: '另一件事情' })))).statusCode, 422);
});

t.test('unsigned, unknown, stale, forged, replayed or malformed: a clear 4xx and nothing appended', async (t) => {
  const h = await setup(t);
  const valid = signed(order({ orderId: 'GD-1' }));
  const cases: [string, InjectOptions, number, string][] = [
    ['no signature headers', { method: 'POST', url: CHANNEL_PATH, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(order()) }, 401, 'signature_required'],
    ['an unknown client', signed(order(), { client: { ...hotline, clientId: 'someone-else' } }), 401, 'unknown_client'],
    ['a timestamp ten minutes old', signed(order(), { timestamp: Math.floor(Date.now() / 1000) - 600 }), 401, 'stale_timestamp'],
    ['a timestamp from the future', signed(order(), { timestamp: Math.floor(Date.now() / 1000) + 600 }), 401, 'stale_timestamp'],
    ['a body changed after signing', signed(order(), { tamper: (raw) => raw.replace('楼上', '楼下') }), 401, 'signature_invalid'],
    ['a key that is not the client’s', signed(order(), { client: { ...hotline, secret: 'x'.repeat(40) } }), 401, 'signature_invalid'],
    ['a short nonce', signed(order(), { nonce: 'abc' }), 400, 'validation_failed'],
    ['a signed but malformed order', signed(order({ category: 'nonsense', reporter: { name: '' } })), 400, 'validation_failed'],
    ['an area outside the client’s center', signed(order({ areaCode: '230303101001' })), 403, 'outside_jurisdiction'],
    ['UTF-16', { ...signed(order()), headers: { ...signed(order()).headers, 'content-type': 'application/json; charset=utf-16' } }, 400, 'validation_failed'],
  ];
  for (const [name, request, status, error] of cases) {
    const res = await h.app.inject(request);
    t.equal(res.statusCode, status, `${name}: ${status}`);
    t.equal(res.json().error, error, `${name}: ${error}`);
  }
  const malformed = await h.app.inject(signed(order({ category: 'nonsense', reporter: { name: '' } })));
  t.match(JSON.stringify(malformed.json()), /body\.category/, 'the field-level answer names the fields');
  t.equal(await h.store.headPosition(), 0n, 'nothing appended by any of them');

  t.equal((await h.app.inject(valid)).statusCode, 201);
  const replay = await h.app.inject(valid);
  t.equal(replay.statusCode, 409, 'the very same request sent again');
  t.equal(replay.json().error, 'request_replayed');
});
