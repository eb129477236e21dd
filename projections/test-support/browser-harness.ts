// The browser tests' harness: the real embedded runtime (every service, the views and the web app
// on one port, what `npm start` serves), Debian's chromium through playwright-core, demo sign-in
// through the page, and the checks every screen must pass (no console errors, no untranslated
// keys, no raw codes or ISO strings). Imported by path because scripts depends on projections.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseConfig, signToken } from '@zz/http';
import { ProcessEnv } from '@zz/config';
import type { Actor } from '@zz/contracts';
import { createEmbeddedRuntime } from '../../scripts/src/runtime/embedded.js';
// @ts-expect-error plain .mjs build helper, no types
import { buildIfStale } from '../../web/build-if-stale.mjs';

export const JWT_SECRET = 'browser-test-secret-browser-test';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
export const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
export const T1 = '230302101';
export const T2 = '230302102';
export const COUNTY = '230302';
export const CITY = '230300';

/** Demo mode by default, as `npm start` runs it (the sign-in page offers the demo users); production: accounts only. */
export async function startRuntime(dataDir: string, opts: { mode?: 'demo' | 'production'; env?: Record<string, string> } = {}) {
  (buildIfStale as () => boolean)();
  const env = parseConfig(ProcessEnv, { DATA_DIR: dataDir, JWT_SECRET, PII_HASH_SECRET: 'browser-test-pii-secret', LOG_LEVEL: 'warn', ...opts.env });
  const runtime = await createEmbeddedRuntime(env, { mode: opts.mode ?? 'demo' });
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const address = runtime.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { runtime, base };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const bearer = (role: Actor['role'], centerCode: string) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId: `demo-${role}@${centerCode}`, role, centerCode })}` });

/** A page that records console errors and failed requests' error pages, for `checkScreen`. */
export async function newPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Page & { errors: string[] }> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = (await ctx.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Signs in through the demo picker as the demo user with this role at this center, then waits for the home screen. */
export async function signIn(page: Page, base: string, role: string, center: string) {
  await page.goto(`${base}/#/signin`);
  await page.getByTestId(`signin-${role}-${center}`).click();
  await page.waitForSelector('[data-testid="command-center"], [data-testid="workbench"], [data-testid="desk"], [data-testid="petitions"]');
}

export const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);

/** Untranslated i18n keys, ISO date-times, bare division codes and snake_case codes visible on the page. */
export async function screenProblems(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const problems: string[] = [];
  const keys = text.match(/\b(app|menu|common|case|action|field|choice|desk|queue|wb|cc|role|errors|signin|time|partyRole|supervision)\.[A-Za-z][\w.-]*/g);
  if (keys) problems.push(`untranslated: ${[...new Set(keys)].join(', ')}`);
  // An ISO date-time, or an ISO day outside a case code (230302101-2026-000001 is not a date).
  const iso = text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/g);
  if (iso) problems.push(`ISO date: ${iso[0]}`);
  // Case codes (230302101-2026-000001) are names people use; bare division codes are not.
  const codes = text.match(/(?<![\d-])\d{6}(?:\d{3}){0,2}(?![\d-])/g);
  if (codes) problems.push(`raw code: ${[...new Set(codes)].join(', ')}`);
  const snake = text.match(/\b[a-z]+_[a-z_]+\b/g);
  if (snake) problems.push(`raw code: ${[...new Set(snake)].join(', ')}`);
  return problems;
}

/** Every screen's checks, as assertions. */
export async function checkScreen(t: Test, page: Page & { errors: string[] }, what: string) {
  t.same(await screenProblems(page), [], `${what}: no untranslated keys, ISO dates or raw codes`);
  t.same(page.errors, [], `${what}: no console errors`);
}

/** README screenshots: into docs/screenshots when UPDATE_SCREENSHOTS=1 (tracked files), else the test's folder. */
export function screenshotPath(t: Test, file: string): string {
  return process.env.UPDATE_SCREENSHOTS === '1' ? path.join(DOCS, file) : path.join(t.testdirName, file);
}

let seq = 0;
const CATS = ['labour', 'neighbours', 'land_expropriation', 'marriage_family', 'property_management', 'contract'];
const SOURCES = ['hotline_12345', 'grid_inspection', 'party_application', 'police_110'];
/** Registers a dispute over the API (the same call the desk makes). */
export async function registerViaApi(app: { inject: (o: object) => Promise<{ statusCode: number; body: string; json(): unknown }> }, township: string, over: Record<string, unknown> = {}) {
  const i = ++seq;
  const r = await app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: bearer('intake_clerk', township),
    payload: {
      areaCode: `${township}00${1 + (i % 3)}`,
      category: CATS[i % CATS.length],
      source: SOURCES[i % SOURCES.length],
      title: `演示纠纷${i}`,
      description: '演示数据',
      parties: [{ role: 'applicant', details: { name: '演示当事人', phone: '13900000000' } }],
      ...over,
    },
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json() as { caseId: string; caseCode: string; position: number };
}

/** A command over the API as a given role (to set a case up for the role under test). */
export async function commandViaApi(
  app: { inject: (o: object) => Promise<{ statusCode: number; body: string; json(): unknown }> },
  role: Actor['role'],
  center: string,
  url: string,
  payload: unknown,
) {
  const r = await app.inject({ method: 'POST', url, headers: bearer(role, center), payload: payload as object });
  if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json() as { revision: number; position: number };
}
