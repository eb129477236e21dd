import { join } from 'node:path';
import { RegionDirectory, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { DEFAULT_RISK_POLICY, IntakeService, intakeRoutes } from '@zz/intake';
import { openKeyStore } from '@zz/keystore';
import { MediationService } from './application/mediation-service.js';
import { mediationRoutes } from './http/routes.js';

const JWT_SECRET = 'test-secret-test-secret-test-secret';

/** Intake and mediation on real SQLite files in a test directory, every log line captured. */
export async function mediationTestApp(dir: string, opts: { now?: () => Date } = {}) {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const regions = new RegionDirectory(jixiDemoRegions());
  const now = opts.now ?? (() => new Date());
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: JWT_SECRET, logger: { level: 'debug' }, logStream: { write: (line: string) => void logLines.push(line) } });
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now });
  const service = new MediationService({ store, vault: keys, disputes: intake, now });
  await app.register(intakeRoutes, { service: intake, vault: keys, regions });
  await app.register(mediationRoutes, { service, vault: keys, regions });
  await app.ready();
  const auth = (role: Actor['role'], centerCode: string, userId = `${role}@${centerCode}`) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId, role, centerCode })}` });

  /** A dispute registered and accepted through intake's own API; returns its ids and party person ids. */
  async function acceptedDispute(body: Record<string, unknown> = {}) {
    const clerk = auth('intake_clerk', (body.areaCode as string | undefined)?.slice(0, 9) ?? '230302101');
    const reg = await app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: { ...disputeBody(), ...body } });
    if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
    const { caseId, caseCode } = reg.json() as { caseId: string; caseCode: string };
    const acc = await app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
    if (acc.statusCode !== 200) throw new Error(`accept: ${acc.statusCode}`);
    const view = (await app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk })).json() as { parties: { personId: string; role: string }[] };
    const applicant = view.parties.find((p) => p.role === 'applicant')!.personId;
    const respondent = view.parties.find((p) => p.role === 'respondent')!.personId;
    return { caseId, caseCode, applicant, respondent };
  }

  return {
    app,
    store,
    keys,
    regions,
    intake,
    service,
    logLines,
    auth,
    acceptedDispute,
    async close() {
      await app.close();
      await store.close();
      keys.close();
    },
  };
}

/** Personal data the log tests grep for. */
export const SEEDED_PERSON = { name: '赵淑芬', idNumber: '230302197806120041', phone: '13604671122', address: '鸡冠区南山路17号' };
export const SESSION_SECRET = '赵淑芬表示愿意接受三千五百元赔偿';

export function disputeBody() {
  return {
    areaCode: '230302101001',
    category: 'neighbours',
    source: 'party_application',
    title: '楼上漏水引发邻里纠纷',
    description: `${SEEDED_PERSON.name}称楼上住户装修导致漏水。`,
    parties: [
      { role: 'applicant', details: SEEDED_PERSON },
      { role: 'respondent', details: { name: '孙立军', phone: '13845671111' } },
    ],
  };
}
