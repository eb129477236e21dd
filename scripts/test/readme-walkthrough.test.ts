// The README's walk-through as a test: every ```bash block between "## Walk-through" and "## API",
// in order, against a fresh `npm start` (demo mode, its own DATA_DIR and port). A curl that answers
// ≥ 400 fails the run (curl --fail-with-body), so the walk-through cannot drift from the product.
// Then the operator's side: a signal to npm's own pid stops the whole system within 10 s and leaves
// every SQLite file checkpointed (no WAL left behind).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { freePort } from '../src/distributed/process.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The shell blocks of the README's walk-through sections, in order. */
export function walkthroughBlocks(readme: string): string[] {
  const start = readme.indexOf('## Walk-through');
  const end = readme.indexOf('\n## API', start);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** `npm start` as an operator runs it; resolves with its base URL once it prints its banner. */
function npmStart(dataDir: string, port: number): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const { JWT_SECRET: _j, PII_HASH_SECRET: _p, NODE_ENV: _n, HOST: _h, ...env } = process.env;
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /API:\s+(http:\/\/[\d.:]+)\/api/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited early (${code}):\n${out}`)));
  });
  return { child, url, output: () => out };
}

function run(command: string, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

async function stopsCleanly(t: Tap, child: ChildProcess, url: string, dataDir: string, signal: NodeJS.Signals) {
  const started = Date.now();
  child.kill(signal); // npm's own pid, as `kill -TERM <pid of npm start>` does
  await exited(child);
  const elapsed = Date.now() - started;
  t.ok(elapsed < 10_000, `${signal}: npm and the server stopped in ${elapsed} ms (< 10 s)`);
  const still = await fetch(`${url}/health`).then(
    () => true,
    () => false,
  );
  t.notOk(still, `${signal}: nothing answers on the port any more`);
  const wal = readdirSync(dataDir).filter((f) => f.endsWith('-wal') && statSync(join(dataDir, f)).size > 0);
  t.same(wal, [], `${signal}: every SQLite file was checkpointed and closed`);
}
type Tap = Parameters<Parameters<typeof t.test>[1]>[0];

t.test('the README walk-through runs as written against a fresh npm start; a signal to npm stops everything', { timeout: 170_000 }, async (t) => {
  const dataDir = t.testdir();
  const port = await freePort();
  const server = npmStart(dataDir, port);
  t.teardown(() => void server.child.kill('SIGKILL'));
  const url = await server.url;
  t.equal(url, `http://127.0.0.1:${port}`);
  // Demo mode listens on loopback only: the machine's other addresses do not answer.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (external)
    t.notOk(
      await fetch(`http://${external}:${port}/health`).then(
        () => true,
        () => false,
      ),
      `not reachable on ${external}`,
    );

  const blocks = walkthroughBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  t.ok(blocks.length >= 3, `${blocks.length} shell blocks`);
  const script = [
    'set -euo pipefail',
    // Any answer ≥ 400 fails the walk-through, with the body shown.
    'curl() { command curl --fail-with-body "$@" || { echo "FAILED (curl exit $?): curl $*" >&2; return 22; }; }',
    ...blocks.map((b) => b.replace(/^BASE=.*$/m, `BASE=${url}`)),
    'echo WALKTHROUGH-COMPLETE',
  ].join('\n');
  const result = await run('bash', ['-s'], script);
  t.equal(result.code, 0, `the walk-through ran to the end\n${result.stderr}\n${result.stdout.slice(-3000)}`);
  t.match(result.stdout, 'WALKTHROUGH-COMPLETE');
  t.match(result.stdout, /"caseCode":"230302101-\d{4}-000001"/, 'the first registration answered with its case code');
  t.notMatch(result.stdout, /"error":/, 'no error answer anywhere');

  await stopsCleanly(t, server.child, url, dataDir, 'SIGTERM');

  // Once more on the same data, stopped with SIGINT (Ctrl-C): the files open again and close again.
  const again = npmStart(dataDir, port);
  t.teardown(() => void again.child.kill('SIGKILL'));
  await again.url;
  await stopsCleanly(t, again.child, url, dataDir, 'SIGINT');
});
