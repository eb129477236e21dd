import type { RegionDirectory } from '@zz/contracts';
import { demoRegistration, fakePerson, type Random } from '../demo-cases.js';
import { Agenda } from './agenda.js';
import type { Answer, SeedApi } from './api.js';

/**
 * A center's year, lived through the real API on the demo clock (演示时钟): disputes registered day
 * by day with the seasons (wage arrears before the Spring Festival, neighbours in summer), accepted,
 * routed — mediation (the reactions open the file), handled here, whistled to departments (some
 * report in late), reported up and assigned down — closed, followed up; petitions accepted and
 * answered, some made backlog cases with a responsible leader and listed supervision. Steps fall due
 * in simulated time; whatever falls after today is simply not done yet, so recent cases are open,
 * some clocks are running and some have lapsed, as in a real center.
 */
export interface SimulationOptions {
  api: SeedApi;
  regions: RegionDirectory;
  random: Random;
  days: number;
  /** Disputes per day across the region, on average. */
  perDay: number;
  /** Called after each step with (simulated day reached, steps done). */
  onProgress?: (day: number, steps: number) => void;
}

export interface SimulationResult {
  disputes: number;
  petitions: number;
  steps: number;
  failures: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CITY = '230300';
/** Monthly weight of new disputes: January–February (before the Spring Festival: wages) and summer (neighbours) are busier. */
const SEASON = [1.5, 1.4, 1.0, 0.9, 0.9, 1.0, 1.2, 1.2, 1.0, 0.9, 0.9, 1.2];
const DEPARTMENTS = [
  { code: 'hrss', name: '人社局' },
  { code: 'housing', name: '住建局' },
  { code: 'market', name: '市场监管局' },
];

export async function simulateYear(o: SimulationOptions): Promise<SimulationResult> {
  const { api, regions, random: r } = o;
  const start = Date.now() - o.days * DAY;
  const agenda = new Agenda();
  const result: SimulationResult = { disputes: 0, petitions: 0, steps: 0, failures: [] };
  const townships = regions.all().filter((x) => x.tier === 'township');
  const areas = regions.all().filter((x) => x.tier === 'township' || x.tier === 'grid');
  const countyOf = (code: string) => regions.atTier(code, 'county')!.code;
  const townshipOf = (code: string) => regions.atTier(code, 'township')!.code;
  const between = (a: number, b: number) => a + r() * (b - a);
  const iso = (at: number) => new Date(at).toISOString();

  const ok = async (what: string, p: Promise<Answer>): Promise<Answer | undefined> => {
    const a = await p;
    if (a.status >= 300) {
      result.failures.push(`${what} → ${a.status} ${String(a.json.error ?? '')} ${String(a.json.message ?? '')}`);
      return undefined;
    }
    return a;
  };
  const later = (at: number, step: () => Promise<void>) => agenda.add(at, step);

  function dispute(at: number): void {
    later(at, async () => {
      const body = demoRegistration(r, areas, countyOf);
      const township = townshipOf(body.areaCode);
      const county = countyOf(township);
      const clerk = api.token('intake_clerk', township);
      const reg = await ok('register', api.post('/api/disputes', clerk, body));
      if (!reg) return;
      result.disputes++;
      const id = reg.json.caseId as string;
      const path = `/api/disputes/${id}`;
      const roll = r();
      if (roll < 0.05)
        return later(at + between(0.1, 2) * DAY, async () => void (await ok('decline', api.post(`${path}/decline`, clerk, { reason: '属劳动仲裁受理范围', redirectChannel: 'labour_arbitration' }))));
      const accepted = at + between(0.05, 4) * DAY;
      later(accepted, async () => {
        if (!(await ok('accept', api.post(`${path}/accept`, clerk, {})))) return;
        if (roll < 0.45) return mediate(accepted, path, township, county, clerk);
        if (roll < 0.65) return handleHere(accepted, path, clerk);
        if (roll < 0.77) return whistle(accepted, path, county, clerk);
        if (roll < 0.87) return escalate(accepted, path, township, county, clerk);
        // The rest wait: accepted, not yet routed.
      });
    });
  }

  function closeLater(at: number, path: string, clerk: string, outcome: 'resolved' | 'unresolved' = r() < 0.88 ? 'resolved' : 'unresolved'): void {
    later(at, async () => {
      if (!(await ok('close', api.post(`${path}/close`, clerk, { outcome, summary: outcome === 'resolved' ? '经多方协调双方达成一致（演示）' : '双方分歧较大，告知其他途径（演示）' })))) return;
      if (r() < 0.7)
        later(
          at + between(3, 15) * DAY,
          async () =>
            void (await ok(
              'follow-up',
              api.post(`${path}/follow-up`, clerk, { satisfaction: r() < 0.75 ? 'satisfied' : r() < 0.8 ? 'basically_satisfied' : 'dissatisfied', method: r() < 0.7 ? 'phone' : 'visit' }),
            )),
        );
    });
  }

  function handleHere(at: number, path: string, clerk: string): void {
    later(at + 0.1 * DAY, async () => {
      const due = at + between(15, 30) * DAY;
      if (!(await ok('handle here', api.post(`${path}/route`, clerk, { mode: 'handle_here', dueAt: iso(due) })))) return;
      // Most close in time; some run past their due date (overdue, counted against on-time closure).
      closeLater(r() < 0.8 ? at + between(3, 14) * DAY : due + between(1, 20) * DAY, path, clerk);
    });
  }

  function whistle(at: number, path: string, county: string, clerk: string): void {
    later(at + 0.2 * DAY, async () => {
      const departments = DEPARTMENTS.slice(0, 1 + Math.floor(r() * 2));
      const due = at + 3 * DAY;
      if (!(await ok('whistle', api.post(`${path}/whistle`, clerk, { departments, reportInDueAt: iso(due), reason: '需职能部门报到协同处置' })))) return;
      const got = await api.get(path, clerk);
      const whistleId = (got.json.whistles as { whistleId: string }[] | undefined)?.[0]?.whistleId;
      if (!whistleId) return;
      const liaison = api.token('department_liaison', county);
      for (const d of departments) {
        // One in five reports in late: the whistle board and the department's 按时报到率 show it.
        later(
          r() < 0.8 ? at + between(0.3, 2.5) * DAY : due + between(0.5, 4) * DAY,
          async () => void (await ok('report in', api.post(`${path}/report-in`, liaison, { whistleId, departmentCode: d.code }))),
        );
      }
      closeLater(at + between(8, 30) * DAY, path, clerk);
    });
  }

  function escalate(at: number, path: string, township: string, county: string, clerk: string): void {
    later(at + 0.3 * DAY, async () => {
      if (!(await ok('escalate', api.post(`${path}/escalate`, clerk, { reason: '涉及多个部门，需区级协调' })))) return;
      const down = at + between(1, 3) * DAY;
      later(down, async () => {
        const due = down + between(15, 25) * DAY;
        if (
          !(await ok(
            'assign down',
            api.post(`${path}/assign-down`, api.token('supervisor', county), {
              toCenter: township,
              dueAt: iso(due),
              supervision: r() < 0.3 ? 'yellow_card' : 'ordinary',
              instructions: '请属地牵头化解',
            }),
          ))
        )
          return;
        closeLater(r() < 0.75 ? down + between(5, 15) * DAY : due + between(2, 15) * DAY, path, clerk);
      });
    });
  }

  function mediate(at: number, path: string, township: string, county: string, clerk: string): void {
    later(at + 0.2 * DAY, async () => {
      if (!(await ok('mediate', api.post(`${path}/mediate`, clerk, { organisationKind: 'peoples_mediation_committee', organisationName: '人民调解委员会' })))) return;
      // The reactions open the mediation file; it is there by the time the director assigns (a day later).
      later(at + between(1, 2) * DAY, async () => {
        const mediationId = ((await api.get(path, clerk)).json.mediations as { mediationId: string }[] | undefined)?.[0]?.mediationId;
        if (!mediationId) return void result.failures.push('mediation file not opened by the reactions');
        const m = `/api/mediations/${mediationId}`;
        const mediatorId = `med-${township.slice(-3)}-${1 + Math.floor(r() * 3)}`;
        if (!(await ok('assign mediator', api.post(`${m}/assign-mediator`, api.token('supervisor', township), { mediatorId })))) return;
        const mediator = api.token('mediator', township, mediatorId);
        const session = at + between(3, 12) * DAY;
        later(session, async () => {
          if (!(await ok('session', api.post(`${m}/record-session`, mediator, { heldAt: iso(session), attendees: [{ kind: 'role', role: 'mediator' }], notes: '组织双方当面调解（演示）' })))) return;
          const end = session + between(1, 10) * DAY;
          if (r() < 0.75) {
            later(end, async () => {
              const deadline = end + between(15, 45) * DAY;
              if (
                !(await ok(
                  'agreement',
                  api.post(`${m}/reach-agreement`, mediator, {
                    terms: '双方自愿达成调解协议（演示）',
                    amounts: r() < 0.6 ? [{ label: '赔偿款', amountFen: Math.round(between(1000, 80000)) * 100 }] : [],
                    signedAt: iso(end),
                    performanceDeadline: iso(deadline),
                  }),
                ))
              )
                return;
              const checked = deadline + between(-5, 10) * DAY;
              later(checked, async () => void (await ok('performance', api.post(`${m}/record-performance`, mediator, { status: r() < 0.85 ? 'full' : 'partial', checkedAt: iso(checked) }))));
            });
          } else later(end, async () => void (await ok('failure', api.post(`${m}/record-failure`, mediator, { reason: r() < 0.7 ? 'no_agreement' : 'party_absent' }))));
        });
      });
    });
    void county;
  }

  function petition(at: number): void {
    later(at, async () => {
      const township = townships[Math.floor(r() * townships.length)]!;
      const county = countyOf(township.code);
      const officer = api.token('petition_officer', county);
      const person = fakePerson(r, county);
      const reg = await ok(
        'petition',
        api.post('/api/petitions', officer, {
          areaCode: township.code,
          channel: r() < 0.4 ? 'visit' : r() < 0.7 ? 'letter' : 'online',
          subjectArea: r() < 0.4 ? 'labour_social_security' : r() < 0.7 ? 'land_expropriation' : 'urban_rural_construction',
          title: '反映诉求（演示）',
          description: '信访人反映问题，请求依法处理（演示数据）',
          matterKey: `演示事项${Math.floor(r() * 40)}`,
          petitioners: [{ details: person }],
        }),
      );
      if (!reg) return;
      result.petitions++;
      const p = `/api/petitions/${reg.json.petitionId as string}`;
      const accepted = at + between(1, r() < 0.9 ? 12 : 18) * DAY; // a few miss the 15-day acceptance window
      later(accepted, async () => {
        if (!(await ok('petition accept', api.post(`${p}/accept`, officer, {})))) return;
        if (r() < 0.12) {
          const leader = `leader-${county}`;
          later(accepted + 2 * DAY, async () => {
            await ok('backlog', api.post(`${p}/mark-backlog`, officer, { reason: '多次信访未化解' }));
            await ok('assign leader', api.post(`${p}/assign-leader`, api.token('supervisor', county), { leaderUserId: leader, post: '区委副书记' }));
            await ok('sign', api.post(`${p}/sign-responsibility`, api.token('responsible_leader', county, leader), { statementText: '本人承诺包案化解该信访积案。' }));
            await ok('list supervision', api.post(`${p}/list-supervision`, api.token('supervisor', CITY), { dueAt: iso(accepted + 32 * DAY), instructions: '限期三十日化解' }));
          });
        }
        later(accepted + between(10, r() < 0.85 ? 55 : 75) * DAY, async () => void (await ok('answer', api.post(`${p}/answer`, officer, { text: '经调查核实，已依法依规作出处理意见（演示）。' }))));
      });
    });
  }

  // Arrivals: each day's disputes and petitions at office hours, China time (UTC+8).
  for (let d = 0; d < o.days; d++) {
    const day = start + d * DAY;
    const month = new Date(day + 8 * HOUR).getUTCMonth();
    const weekday = new Date(day + 8 * HOUR).getUTCDay();
    const rate = o.perDay * SEASON[month]! * (weekday === 0 || weekday === 6 ? 0.4 : 1.15);
    const n = Math.round(rate * between(0.6, 1.4));
    const officeHour = () => day - (day % DAY) + between(0, 9) * HOUR; // 08:00–17:00 in Beijing is 00:00–09:00 UTC
    for (let i = 0; i < n; i++) dispute(officeHour());
    if (r() < rate * 0.25) petition(officeHour());
  }

  let clock = start;
  await api.clockTo(new Date(start));
  for (let item = agenda.next(Date.now()); item; item = agenda.next(Date.now())) {
    if (item.at > clock) {
      clock = item.at;
      await api.clockTo(new Date(clock));
    }
    await item.run().catch((err: unknown) => void result.failures.push(err instanceof Error ? err.message : String(err)));
    result.steps++;
    o.onProgress?.(Math.floor((clock - start) / DAY), result.steps);
  }
  await api.clockTo(new Date()); // back to today: what is still on the agenda has not happened yet
  return result;
}
