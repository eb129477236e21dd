import { chromium, type Browser, type Page } from 'playwright-core';
import { parseConfig, signToken } from '@zz/http';
import { ProcessEnv } from '@zz/config';
import type { Actor } from '@zz/contracts';
// The real embedded runtime (every service, the views and the command center on one port): the
// browser tests drive what `npm start` serves. Imported by path because scripts depends on
// projections, not the other way round.
import { createEmbeddedRuntime } from '../../../scripts/src/runtime/embedded.js';

export const JWT_SECRET = 'browser-test-secret-browser-test';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export async function startRuntime(dataDir: string) {
  const env = parseConfig(ProcessEnv, { DATA_DIR: dataDir, JWT_SECRET, PII_HASH_SECRET: 'browser-test-pii-secret', LOG_LEVEL: 'warn', DEMO_TOKENS: 'true' });
  const runtime = await createEmbeddedRuntime(env);
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const address = runtime.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { runtime, base };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const bearer = (role: Actor['role'], centerCode: string) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId: `demo-${role}@${centerCode}`, role, centerCode })}` });

/** Signs in through the demo page as the demo user with this role at this center, and waits for the home screen. */
export async function signIn(page: Page, base: string, role: string, center: string, hash = '') {
  await page.goto(`${base}/#/signin`);
  await page.getByTestId(`signin-${role}-${center}`).click();
  await page.waitForSelector('[data-testid="command-center"], [data-testid="desk"]');
  if (hash) {
    await page.evaluate((h) => (location.hash = h), hash);
  }
}

/** Waits until the page's live stream is connected (a DOM condition). */
export const liveOn = (page: Page) => page.waitForSelector('[data-testid="live-status"][data-state="on"]');
export const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';
