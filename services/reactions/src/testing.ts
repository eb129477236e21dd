import { join } from 'node:path';
import { RegionDirectory, jixiDemoRegions, type Actor } from '@zz/contracts';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '@zz/eventstore';
import { DEFAULT_RISK_POLICY, IntakeService } from '@zz/intake';
import { openKeyStore } from '@zz/keystore';
import { MediationService } from '@zz/mediation';
import { PetitionIndex, PetitionService } from '@zz/petition';
import { ReferralService } from '@zz/referral';

export const TOWNSHIP = '230302101';
export const GRID = '230302101001';

/** A clock tests move by hand. */
export class TestClock {
  constructor(public at: Date) {}
  now = (): Date => new Date(this.at);
  advanceDays(days: number): void {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

/** Every flow's service on real SQLite files in a test directory (or on the given store); the reactor is started by the test. */
export function reactionsTestBed(dir: string, clock: TestClock, eventStore?: EventStore) {
  const store = eventStore ?? openSqliteEventStore({ path: join(dir, 'events.db') });
  const keys = openKeyStore({ path: join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  const regions = new RegionDirectory(jixiDemoRegions());
  const now = clock.now;
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: DEFAULT_RISK_POLICY, now });
  const mediation = new MediationService({ store, vault: keys, disputes: intake, now });
  const referral = new ReferralService({ store, vault: keys, disputes: intake, now });
  const index = PetitionIndex.open({ store, path: join(dir, 'petition-index.db') });
  const petition = new PetitionService({ store, vault: keys, regions, index, now });
  const as = (role: Actor['role'], centerCode = TOWNSHIP, userId = `${role}@${centerCode}`) => ({ actor: { userId, role, centerCode }, correlationId: `test-${role}` });

  /** A dispute registered and accepted at the township; its parties' person ids. */
  async function acceptedDispute() {
    const clerk = as('intake_clerk');
    const { caseId, caseCode } = await intake.register(
      {
        areaCode: GRID,
        category: 'neighbours',
        source: 'party_application',
        title: '楼上漏水引发邻里纠纷',
        description: '申请人称楼上住户装修导致漏水。',
        parties: [
          { role: 'applicant', kind: 'person', details: { name: '赵淑芬', phone: '13604671122' } },
          { role: 'respondent', kind: 'person', details: { name: '孙立军', phone: '13845671111' } },
        ],
      },
      clerk,
    );
    await intake.execute(caseId, { type: 'AcceptDispute', data: {} }, clerk);
    const state = (await intake.load(caseId))!.state;
    const person = (role: string) => state.parties.find((p) => p.role === role)!.personId;
    return { caseId, caseCode, applicant: person('applicant'), respondent: person('respondent') };
  }

  async function allEvents(): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of store.readAll()) out.push(e);
    return out;
  }

  return {
    store,
    keys,
    intake,
    mediation,
    referral,
    petition,
    as,
    acceptedDispute,
    allEvents,
    async close() {
      await index.close();
      await store.close();
      keys.close();
    },
  };
}
