import { join } from 'node:path';
import { RegionDirectory, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { IntakeService } from './application/intake-service.js';
import { DEFAULT_RISK_POLICY } from './domain/risk-policy.js';
import { intakeRoutes } from './http/routes.js';

const JWT_SECRET = 'test-secret-test-secret-test-secret';

/** The intake service on real SQLite files in a test directory, every log line captured. */
export async function intakeTestApp(dir: string, opts: { now?: () => Date } = {}) {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const regions = new RegionDirectory(jixiDemoRegions());
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: JWT_SECRET, logger: { level: 'debug' }, logStream: { write: (line: string) => void logLines.push(line) } });
  const service = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now: opts.now ?? (() => new Date()) });
  await app.register(intakeRoutes, { service, vault: keys, regions });
  await app.ready();
  const token = (role: Actor['role'], centerCode: string, userId = `${role}@${centerCode}`) => signToken(JWT_SECRET, { userId, role, centerCode });
  const auth = (role: Actor['role'], centerCode: string, userId?: string) => ({ authorization: `Bearer ${token(role, centerCode, userId)}` });
  return {
    app,
    store,
    keys,
    regions,
    logLines,
    token,
    auth,
    async close() {
      await app.close();
      await store.close();
      keys.close();
    },
  };
}

/** A realistic registration body; the personal data in it is what log tests grep for. */
export const SEEDED_PERSON = { name: '王秀英', idNumber: '230302198503150027', phone: '13904671234', address: '鸡冠区红军路88号3单元' };
export function registrationBody(overrides: Record<string, unknown> = {}) {
  return {
    areaCode: '230302101001',
    category: 'neighbours',
    source: 'party_application',
    title: '楼上漏水引发邻里纠纷',
    description: `${SEEDED_PERSON.name}称楼上住户装修导致漏水，多次协商未果。`,
    parties: [
      { role: 'applicant', details: SEEDED_PERSON },
      { role: 'respondent', details: { name: '李建国', phone: '13845670000' } },
    ],
    ...overrides,
  };
}
