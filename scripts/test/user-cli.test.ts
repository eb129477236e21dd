// `npm run -s user`: accounts administered from the server's machine with the server's configuration —
// the first admin, and the way back in when the only admin is locked out.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import t from 'tap';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';
import { runtimeEnv } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRETS = { JWT_SECRET: 'q3F9xL2mV8pR4tZ7wB1nK6yH0cJ5dG2sUe', PII_HASH_SECRET: 'Zk8Wm2Qp5Rt9Yx3Vb7Nc1Hf4Jd6Lg0SeAa' };

function userCli(dataDir: string, args: string[], password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/user.ts', ...args], { cwd: ROOT, env: { ...process.env, ...SECRETS, DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

t.test('the user CLI creates an admin and unlocks a locked-out one; the server signs them in', { timeout: 120_000 }, async (t) => {
  const dir = t.testdir();
  const created = await userCli(dir, ['create', '--user', 'chief', '--name', '系统管理员', '--role', 'admin', '--center', '230300'], 'Chief-admin-pass-2026');
  t.equal(created.code, 0, created.stderr);
  t.match(JSON.parse(created.stdout), { userId: 'chief', role: 'admin', center: '230300' });
  t.match(created.stderr, dir, 'it says which data directory it used');
  t.equal((await userCli(dir, ['create', '--user', 'weak', '--name', 'x', '--role', 'admin', '--center', '230300'], 'short')).code, 1, 'the password policy holds');

  const rt = await createEmbeddedRuntime(runtimeEnv(dir, SECRETS));
  t.teardown(() => rt.close());
  const login = (password: string) => rt.app.inject({ method: 'POST', url: '/api/auth/login', payload: { userId: 'chief', password } });
  t.equal((await login('Chief-admin-pass-2026')).statusCode, 200);
  for (let i = 0; i < 5; i++) await login('forgotten-it-2026');
  t.equal((await login('Chief-admin-pass-2026')).statusCode, 423, 'locked out');

  const reset = await userCli(dir, ['reset-password', '--user', 'chief'], 'Brand-new-chief-2026');
  t.equal(reset.code, 0, reset.stderr);
  t.equal((await login('Brand-new-chief-2026')).statusCode, 200, 'back in with the new password');
});
