#!/usr/bin/env node
// Builds the web app (vite build → web/dist) unless dist is newer than every source file: run by
// `npm start` and `npm test` (root prestart/pretest) and by the browser tests, so the two README
// commands need no extra step. A fresh build takes about 8 s on the 2-core CI machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const STAMP = path.join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', '../contracts/src'];

function newest(p) {
  const full = path.resolve(WEB, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(full)) max = Math.max(max, newest(path.join(full, e)));
  return max;
}

const LOCK = path.join(WEB, '.build-lock');
const fresh = () => {
  const built = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
  return built > 0 && SOURCES.every((s) => newest(s) <= built);
};
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds unless fresh. Processes starting together (tap runs test files in parallel) take turns on a
 * lock directory: the others wait until it is gone, then find the build fresh. A lock older than two
 * minutes is a crashed build's and is taken over.
 */
export function buildIfStale() {
  if (fresh()) return false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      else pause(200); // another process is building: wait for its lock to go (a condition, polled)
    }
  }
  try {
    if (fresh()) return false;
    const started = Date.now();
    const vite = path.resolve(WEB, '../node_modules/vite/bin/vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
    process.stderr.write(`网页应用已构建 / web app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return true;
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildIfStale();
