import { join } from 'node:path';
import { RegionDirectory, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { DEFAULT_RISK_POLICY, IntakeService, intakeRoutes } from '@zz/intake';
import { openKeyStore } from '@zz/keystore';
import { PetitionIndex } from './application/petition-index.js';
import { PetitionService } from './application/petition-service.js';
import { petitionRoutes } from './http/routes.js';

const JWT_SECRET = 'test-secret-test-secret-test-secret';

/** A clock tests move by hand (review windows are 30 days; nobody waits for them). */
export class TestClock {
  constructor(public at: Date = new Date()) {}
  now = (): Date => new Date(this.at);
  advanceDays(days: number): void {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

/**
 * The petition service (and intake, to have disputes to link to) on real SQLite files in a test
 * directory, every log line captured. Reopening on the same directory is a restart.
 */
export async function petitionTestApp(dir: string, opts: { clock?: TestClock } = {}) {
  const clock = opts.clock ?? new TestClock();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const index = PetitionIndex.open({ store, path: join(dir, 'petition-index.db') });
  const regions = new RegionDirectory(jixiDemoRegions());
  const logLines: string[] = [];
  const app = await createHttpApp({ jwtSecret: JWT_SECRET, logger: { level: 'debug' }, logStream: { write: (line: string) => void logLines.push(line) } });
  const service = new PetitionService({ store, vault: keys, regions, index, now: clock.now });
  await app.register(petitionRoutes, { service, vault: keys, regions });
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now: clock.now });
  await app.register(intakeRoutes, { service: intake, vault: keys, regions });
  await app.ready();
  const token = (role: Actor['role'], centerCode: string, userId = `${role}@${centerCode}`) => signToken(JWT_SECRET, { userId, role, centerCode });
  const auth = (role: Actor['role'], centerCode: string, userId?: string) => ({ authorization: `Bearer ${token(role, centerCode, userId)}` });
  return {
    app,
    store,
    keys,
    index,
    clock,
    logLines,
    auth,
    async close() {
      await app.close();
      await index.close();
      await store.close();
      keys.close();
    },
  };
}

/** A petitioner whose details the log tests grep for. */
export const SEEDED_PETITIONER = { name: '赵桂兰', idNumber: '230302196203110048', phone: '13945678901', address: '鸡冠区红星村三组12号' };

export function petitionBody(overrides: Record<string, unknown> = {}) {
  return {
    areaCode: '230302101001',
    channel: 'letter',
    subjectArea: 'land_expropriation',
    title: '征地补偿款未足额发放',
    description: `${SEEDED_PETITIONER.name}反映2019年征地补偿款未足额发放。`,
    petitioners: [{ details: SEEDED_PETITIONER }],
    matterKey: '红星村2019年征地补偿款',
    ...overrides,
  };
}
