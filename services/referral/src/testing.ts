import { join } from 'node:path';
import { RegionDirectory, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { DEFAULT_RISK_POLICY, IntakeService, intakeRoutes } from '@zz/intake';
import { openKeyStore } from '@zz/keystore';
import { MediationService, mediationRoutes } from '@zz/mediation';
import { ReferralService } from './application/referral-service.js';
import { referralRoutes } from './http/routes.js';

const JWT_SECRET = 'test-secret-test-secret-test-secret';

/** Intake and referral on real SQLite files in a test directory, with an injected clock and captured logs. */
export async function referralTestApp(dir: string, opts: { now?: () => Date } = {}) {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const regions = new RegionDirectory(jixiDemoRegions());
  const now = opts.now ?? (() => new Date());
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: JWT_SECRET, logger: { level: 'debug' }, logStream: { write: (line: string) => void logLines.push(line) } });
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now });
  const service = new ReferralService({ store, vault: keys, disputes: intake, now });
  await app.register(intakeRoutes, { service: intake, vault: keys, regions });
  await app.register(referralRoutes, { service, vault: keys, regions });
  // Mediation too: a people's mediation agreement can go for judicial confirmation (人民调解法 art. 33).
  await app.register(mediationRoutes, { service: new MediationService({ store, vault: keys, disputes: intake, now }), vault: keys, regions });
  await app.ready();
  const auth = (role: Actor['role'], centerCode: string, userId = `${role}@${centerCode}`) => ({ authorization: `Bearer ${signToken(JWT_SECRET, { userId, role, centerCode })}` });

  /** A dispute registered and accepted through intake's own API; returns its ids and party person ids. */
  async function acceptedDispute() {
    const clerk = auth('intake_clerk', '230302101');
    const reg = await app.inject({ method: 'POST', url: '/api/disputes', headers: clerk, payload: disputeBody() });
    if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
    const { caseId, caseCode } = reg.json() as { caseId: string; caseCode: string };
    await app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} });
    const view = (await app.inject({ method: 'GET', url: `/api/disputes/${caseId}`, headers: clerk })).json() as { parties: { personId: string; role: string }[] };
    return { caseId, caseCode, applicant: view.parties.find((p) => p.role === 'applicant')!.personId, respondent: view.parties.find((p) => p.role === 'respondent')!.personId };
  }

  return {
    app,
    store,
    keys,
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

export const SEEDED_PERSON = { name: '钱桂兰', idNumber: '230302196909080024', phone: '13704675566', address: '鸡冠区西山路5号' };
export const TERMS_SECRET = '钱桂兰同意分三期收取货款';

export function disputeBody() {
  return {
    areaCode: '230302101001',
    category: 'contract',
    source: 'party_application',
    title: '货款拖欠合同纠纷',
    description: `${SEEDED_PERSON.name}称对方拖欠货款两万元。`,
    parties: [
      { role: 'applicant', details: SEEDED_PERSON },
      { role: 'respondent', details: { name: '吴振东', phone: '13945672222' } },
    ],
  };
}
