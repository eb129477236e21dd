import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Actor } from '@zz/contracts';
import { parseConfig, signToken } from '@zz/http';
import { ProcessEnv } from '@zz/config';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';

export const JWT_SECRET = 'scenario-secret-scenario-secret';
export const PII_HASH_SECRET = 'scenario-pii-hash-secret';

export function runtimeEnv(dataDir: string, extra: Record<string, string> = {}): ProcessEnv {
  return parseConfig(ProcessEnv, { DATA_DIR: dataDir, JWT_SECRET, PII_HASH_SECRET, LOG_LEVEL: 'warn', ...extra });
}

/** The embedded runtime (every service and view in one process) on a test directory. */
export async function embedded(dataDir: string, logLines?: string[], now?: () => Date) {
  // With a hand-moved clock the deadline watcher ticks only when a test asks it to.
  const runtime = await createEmbeddedRuntime(runtimeEnv(dataDir), {
    ...(logLines ? { logStream: { write: (l: string) => void logLines.push(l) } } : {}),
    ...(now ? { now, deadlineTicks: false } : {}),
  });
  await runtime.app.ready();
  return runtime;
}

export const auth = (role: Actor['role'], centerCode: string, userId = `${role}@${centerCode}`) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId, role, centerCode })}` });

/** Every row of every table of a views file, in a stable order: two builds are equal iff these are. */
export function dumpViews(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm start`'s entry point as its own process; resolves with its base URL once it prints its banner. */
export function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JWT_SECRET, PII_HASH_SECRET, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/[\d.:]+)\/api/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited early with ${code ?? signal}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, url, exited };
}

export const viewsPath = (dataDir: string) => join(dataDir, 'views.db');

/** A clock tests move by hand: flows that count days (petition windows, deadlines) are tested without waiting. */
export class TestClock {
  constructor(public at: Date) {}
  readonly now = (): Date => new Date(this.at);
  advanceDays(days: number): void {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

/**
 * Waits until the cross-flow reactions have processed the whole log and appended nothing more (a
 * reaction's events can trigger further reactions), then until the views have caught up too.
 */
export async function settle(rt: Awaited<ReturnType<typeof embedded>>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await rt.store.headPosition();
    if (!(await rt.reactions.waitFor(head, Math.max(1, deadline - Date.now())))) throw new Error('reactions did not catch up');
    if ((await rt.store.headPosition()) === head) break;
  }
  const head = await rt.store.headPosition();
  for (const [name, projection] of [
    ['tier views', rt.views.projection],
    ['flow views', rt.flowViews.projection],
  ] as const) {
    if (!(await projection.waitFor(head, Math.max(1, deadline - Date.now())))) throw new Error(`${name} did not catch up`);
  }
}

/**
 * Gives every consumer of the runtime something to do: a dispute whistled in (deadline clocks) and
 * routed to mediation (a reaction opens the file), and a petition (the petition index) — about that
 * dispute when `petitionAboutDispute` (a reaction links it). Returns the dispute's id.
 */
export async function seedEveryConsumer(rt: Awaited<ReturnType<typeof embedded>>, opts: { petitionAboutDispute: boolean }): Promise<string> {
  const township = '230302101';
  const clerk = auth('intake_clerk', township);
  const post = async (url: string, payload: object, headers = clerk) => {
    const r = await rt.app.inject({ method: 'POST', url, headers, payload });
    if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
    return r.json() as { caseId: string };
  };
  const { caseId } = await post('/api/disputes', {
    areaCode: `${township}001`,
    category: 'contract',
    source: 'party_application',
    title: '装修款纠纷',
    description: '拖欠装修款',
    parties: [{ role: 'applicant', details: { name: '孙建华' } }],
  });
  await post(`/api/disputes/${caseId}/accept`, {});
  await post(`/api/disputes/${caseId}/whistle`, { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), reason: '需职能部门报到' });
  await post(`/api/disputes/${caseId}/mediate`, { organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  await post(
    '/api/petitions',
    {
      areaCode: township,
      channel: 'visit',
      subjectArea: 'labour_social_security',
      title: '反映欠薪',
      description: '多次讨薪未果',
      matterKey: '欠薪',
      petitioners: [{ details: { name: '钱立军', idNumber: '230302197805050011' } }],
      ...(opts.petitionAboutDispute ? { disputeId: caseId } : {}),
    },
    auth('petition_officer', '230302'),
  );
  return caseId;
}
