#!/usr/bin/env node
// `npm test`: runs every package's tap suite through turbo and ends with one line
// `N passed, N failed, N skipped` summed over all of them (tap prints `# { total, pass, fail, skip }` per run).
import { spawn } from 'node:child_process';

const args = ['turbo', 'run', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)];
const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
const totals = { pass: 0, fail: 0, skip: 0, todo: 0 };
let runs = 0;
let buffer = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk.toString();
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    const m = /# \{ total: \d+(.*)\}/.exec(line);
    if (!m) continue;
    runs++;
    for (const key of Object.keys(totals)) {
      const v = new RegExp(`\\b${key}: (\\d+)`).exec(m[1]);
      if (v) totals[key] += Number(v[1]);
    }
  }
});
child.on('close', (code) => {
  const failed = totals.fail + (code !== 0 && totals.fail === 0 ? 1 : 0);
  if (code !== 0 && totals.fail === 0) console.log(`# a package's test run exited with code ${code} without a failing assertion`);
  console.log(`# ${runs} package test runs`);
  console.log(`${totals.pass} passed, ${failed} failed, ${totals.skip} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
