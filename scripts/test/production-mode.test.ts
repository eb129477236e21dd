// Production mode at the entry points: a service's main.ts refuses to start without strong secrets
// (a message naming each variable), and `NODE_ENV=production npm start` serves no demo sign-in but
// signs the bootstrap admin in with a password.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import t from 'tap';
import { freePort } from '../src/distributed/process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { JWT_SECRET: _j, PII_HASH_SECRET: _p, NODE_ENV: _n, ...BASE_ENV } = process.env;
const STRONG = { JWT_SECRET: 'q3F9xL2mV8pR4tZ7wB1nK6yH0cJ5dG2sUe', PII_HASH_SECRET: 'Zk8Wm2Qp5Rt9Yx3Vb7Nc1Hf4Jd6Lg0SeAa' };

function runToExit(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: { ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => (clearTimeout(killer), done({ code, output })));
  });
}

t.test('a service main refuses to start without strong secrets, naming the variables in both languages', async (t) => {
  const dir = t.testdir();
  const missing = await runToExit('services/intake/src/main.ts', { DATA_DIR: dir, PORT: '0' });
  t.equal(missing.code, 1);
  t.match(missing.output, /JWT_SECRET/);
  t.match(missing.output, /PII_HASH_SECRET/);
  t.match(missing.output, /生产模式.*production mode/);
  const weak = await runToExit('services/intake/src/main.ts', { DATA_DIR: dir, PORT: '0', JWT_SECRET: 'changeme-changeme-changeme-changeme', PII_HASH_SECRET: STRONG.PII_HASH_SECRET });
  t.equal(weak.code, 1, 'a weak secret too');
  t.match(weak.output, /JWT_SECRET/);
  t.notMatch(weak.output, /PII_HASH_SECRET:/);
});

t.test('npm run start:distributed is production too: without secrets it stops before starting anything', async (t) => {
  const res = await runToExit('scripts/src/distributed/start.ts', { DATA_DIR: t.testdir(), KAFKA_BROKERS: '127.0.0.1:1' });
  t.equal(res.code, 1);
  t.match(res.output, /JWT_SECRET, PII_HASH_SECRET/);
  t.notMatch(res.output, /relay|Kafka:/, 'no broker, relay or service was started');
});

t.test('NODE_ENV=production npm start: no demo sign-in; the bootstrap admin signs in with a password', { timeout: 120_000 }, async (t) => {
  const dir = t.testdir();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/start.ts'], {
    cwd: ROOT,
    env: { ...BASE_ENV, ...STRONG, NODE_ENV: 'production', DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_INITIAL_PASSWORD: 'First-admin-pass-2026' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/API:/.test(out)) ready();
    });
    child.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
  t.match(out, /生产模式|production mode/);
  t.notMatch(out, /eyJ/, 'no tokens printed');
  const base = `http://127.0.0.1:${port}`;
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  t.equal((await post('/api/demo/sign-in', { userId: 'demo-admin@230300' })).status, 404, 'the anonymous city-admin sign-in of demo mode does not exist');
  t.same(await (await fetch(`${base}/api/auth/config`)).json(), { mode: 'production' });
  t.equal((await post('/api/auth/login', { userId: 'admin', password: 'wrong-password-here' })).status, 401);
  const login = await post('/api/auth/login', { userId: 'admin', password: 'First-admin-pass-2026' });
  t.equal(login.status, 200);
  const { token } = (await login.json()) as { token: string };
  const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  t.match(await me.json(), { userId: 'admin', role: 'admin', center: '230300' });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
});
