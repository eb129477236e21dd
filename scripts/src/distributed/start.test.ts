// `npm run start:distributed` as an operator runs it, against the real broker: Ctrl-C (SIGINT to npm's
// own pid) stops every process it started — services, relay, workers — within 10 s.
import { spawn } from 'node:child_process';
import t from 'tap';
import { ensureBroker } from '@zz/kafka';
import { ROOT } from './topology.js';

const broker = await ensureBroker();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

t.test('SIGINT to npm run start:distributed stops the whole topology within 10 s', { skip: 'skip' in broker ? broker.skip : false, timeout: 170_000 }, async (t) => {
  if (!('brokers' in broker)) return;
  const { NODE_ENV: _n, ...env } = process.env;
  const child = spawn('npm', ['run', 'start:distributed', '--', '--data-dir', t.testdir(), '--base-port', '0', '--workers', '1'], {
    cwd: ROOT,
    env: {
      ...env,
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_TOPIC: `zz-start-${process.pid}-${Date.now()}`,
      JWT_SECRET: 'q3F9xL2mV8pR4tZ7wB1nK6yH0cJ5dG2sUe',
      PII_HASH_SECRET: 'Zk8Wm2Qp5Rt9Yx3Vb7Nc1Hf4Jd6Lg0SeAa',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/Ctrl-C/.test(out)) ready();
    });
    child.once('exit', (code) => fail(new Error(`exited ${code}:\n${out}`)));
  });
  const pids = [...out.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
  t.ok(pids.length >= 6, `${pids.length} processes started (relay, worker, four services)`);
  const started = Date.now();
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const elapsed = Date.now() - started;
  t.ok(elapsed < 10_000, `stopped in ${elapsed} ms`);
  t.same(pids.filter(alive), [], 'no process of the topology is left');
});
