import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, parseConfig } from '@zz/http';
import { localSecrets, withLocalSecrets } from './local-secrets.js';
import { contractEvent, createTemporaryDatabase } from '@zz/eventstore';
import { loadRegions, openEventStore, openKeys, parseProcessEnv, ProcessEnv } from './process-env.js';

const base = { JWT_SECRET: 'a'.repeat(32), PII_HASH_SECRET: 'b'.repeat(32) };

t.test('a bad value stops start-up with a message naming the variable (never its value)', async (t) => {
  const err = t.throws(() => parseConfig(ProcessEnv, { ...base, PORT: 'eighty', EVENT_STORE: 'mysql' })) as ConfigError;
  t.ok(err instanceof ConfigError);
  t.match(err.message, /PORT/);
  t.match(err.message, /EVENT_STORE/);
  t.notMatch(err.message, /eighty|mysql/, 'values are not echoed (they may be secrets)');
  t.match((t.throws(() => parseConfig(ProcessEnv, { ...base, EVENT_STORE: 'esdb' })) as Error).message, /ESDB_CONNECTION_STRING: required when EVENT_STORE=esdb/);
  t.match((t.throws(() => parseConfig(ProcessEnv, { ...base, JWT_SECRET: 'short' })) as Error).message, /JWT_SECRET/);
  t.match((t.throws(() => parseConfig(ProcessEnv, { ...base, EVENT_STORE: 'postgres' })) as Error).message, /DATABASE_URL: required when EVENT_STORE=postgres/);
  t.match((t.throws(() => parseConfig(ProcessEnv, { ...base, KEY_STORE: 'postgres' })) as Error).message, /DATABASE_URL: required when KEY_STORE=postgres/);
  const dbUrlError = (t.throws(() => parseConfig(ProcessEnv, { ...base, DATABASE_URL: 'mysql://u:hunter2@h/db' })) as Error).message;
  t.match(dbUrlError, /DATABASE_URL/);
  t.notMatch(dbUrlError, /hunter2/, 'a connection string (it may hold a password) is not echoed');
  t.match(parseConfig(ProcessEnv, { ...base, EVENT_STORE: 'postgres', KEY_STORE: 'postgres', DATABASE_URL: 'postgres://zz@db:5432/zongzhi' }), { EVENT_STORE: 'postgres', KEY_STORE: 'postgres' });
  t.match(parseConfig(ProcessEnv, base), { PORT: 3000, DATA_DIR: 'data', EVENT_STORE: 'sqlite', KEY_STORE: 'sqlite', TOKEN_MAX_LIFETIME: '12h' });
});

t.test('local secrets: generated once, private, and shared by every command that reads them', async (t) => {
  const dir = t.testdir();
  const first = localSecrets(dir);
  t.equal(first.JWT_SECRET.length >= 32, true);
  t.same(localSecrets(dir), first, 'the same on the next start');
  const env = withLocalSecrets({ JWT_SECRET: 'set-by-operator-xxxxxxxx' }, dir);
  t.equal(env.JWT_SECRET, 'set-by-operator-xxxxxxxx', 'an operator-set secret wins');
  t.equal(env.PII_HASH_SECRET, first.PII_HASH_SECRET);
});

t.test('regions: a deployment file, or the Jixi demo regions', async (t) => {
  t.equal(loadRegions({}).filter((r) => r.tier === 'county').length, 9);
  const file = join(t.testdir(), 'regions.json');
  writeFileSync(file, JSON.stringify([{ code: '230300', name: '鸡西市', tier: 'city', parentCode: null, demo: false }]));
  t.equal(loadRegions({ REGIONS_FILE: file }).length, 1);
  writeFileSync(file, JSON.stringify([{ code: 'x', name: '', tier: 'planet' }]));
  t.throws(() => loadRegions({ REGIONS_FILE: file }), 'a malformed region file is refused');
});

t.test('EVENT_STORE=postgres and KEY_STORE=postgres open both stores in DATABASE_URL (a real server)', async (t) => {
  const db = await createTemporaryDatabase('zz_config_test');
  t.teardown(() => db.drop());
  const env = parseConfig(ProcessEnv, { ...base, EVENT_STORE: 'postgres', KEY_STORE: 'postgres', DATABASE_URL: db.connectionString, DATA_DIR: t.testdir() });
  const store = await openEventStore(env);
  t.teardown(() => store.close());
  const keys = await openKeys(env);
  t.teardown(() => keys.close());
  t.ok(store.appendToStreams, 'the PostgreSQL store offers atomic multi-stream appends');
  t.same(await store.append('config-1', [contractEvent()], { expectedRevision: 'no_stream' }), { nextRevision: 0n, position: 1n });
  const { personId } = keys.personFor();
  t.same(keys.open(keys.seal(personId, { name: '张三' })), { name: '张三' });
});

t.test('production mode refuses to start without strong secrets, naming each variable in both languages', async (t) => {
  const dir = t.testdir();
  const strong = { JWT_SECRET: 'q3F9xL2mV8pR4tZ7wB1nK6yH0cJ5dG2s', PII_HASH_SECRET: 'Zk8Wm2Qp5Rt9Yx3Vb7Nc1Hf4Jd6Lg0Se' };
  const missing = t.throws(() => parseProcessEnv({ DATA_DIR: dir }, 'production')) as ConfigError;
  t.ok(missing instanceof ConfigError);
  t.same(
    missing.issues.map((i) => i.variable),
    ['JWT_SECRET', 'PII_HASH_SECRET'],
  );
  t.match(missing.message, /生产模式.*production mode/);
  for (const weak of ['short-secret', 'a'.repeat(40), 'test-secret-test-secret-test-secret']) {
    const err = t.throws(() => parseProcessEnv({ DATA_DIR: dir, ...strong, JWT_SECRET: weak }, 'production')) as ConfigError;
    t.same(
      err.issues.map((i) => i.variable),
      ['JWT_SECRET'],
      `weak: ${weak.length} chars`,
    );
    t.notMatch(err.message, weak, 'the value is not echoed');
  }
  t.match(parseProcessEnv({ DATA_DIR: dir, ...strong }, 'production'), { HOST: '0.0.0.0', JWT_SECRET: strong.JWT_SECRET });
  t.notOk(existsSync(join(dir, 'secrets.json')), 'production never generates secrets');
});

t.test('demo mode: generated secrets, loopback unless HOST is set', async (t) => {
  const dir = t.testdir();
  const demo = parseProcessEnv({ DATA_DIR: dir }, 'demo');
  t.equal(demo.HOST, '127.0.0.1');
  t.equal(demo.JWT_SECRET, localSecrets(dir).JWT_SECRET);
  t.equal(parseProcessEnv({ DATA_DIR: dir, HOST: '0.0.0.0' }, 'demo').HOST, '0.0.0.0');
});
