import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPTS = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs the scenario test of npm test (scripts/test/numbering-crash.test.ts) at `total` requests: the
 * same checks, one source of truth. Returns whether every property held and how long it took.
 */
export function numberingUnderKills(total: number): { passed: boolean; seconds: number; summary: string } {
  const started = performance.now();
  const r = spawnSync('npx', ['tap', '--reporter=tap', '--timeout=3600', 'test/numbering-crash.test.ts'], {
    cwd: SCRIPTS,
    env: { ...process.env, NUMBERING_CRASH_TOTAL: String(total) },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  const lives = (r.stdout.match(/# life \d+: .*/g) ?? []).map((l) => l.slice(2)).join('; ');
  const failures = (r.stdout.match(/not ok \d+ - .*/g) ?? []).join('; ');
  return { passed: r.status === 0, seconds, summary: r.status === 0 ? lives : `FAILED: ${failures}; ${r.stderr.slice(-500)}` };
}
