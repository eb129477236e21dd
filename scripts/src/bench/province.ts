import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SingleBar, Presets } from 'cli-progress';
import { DomainError, jixiDemoRegions, RegionDirectory, type Actor, type IntakeEvent, type SealedParty } from '@zz/contracts';
import { commandHash, toEventData, type CommandEnvelope } from '@zz/commands';
import { openSqliteEventStore, type EventData } from '@zz/eventstore';
import { CASE_CODE_CLAIMED, DEFAULT_RISK_POLICY, disputeDecider, formatCaseCode, intakeCodec, type DisputeState } from '@zz/intake';
import { openKeyStore } from '@zz/keystore';
import { fakePerson, prng, type Random } from '../demo-cases.js';
import { BENCH_PII_HASH_SECRET } from './child.js';

/**
 * A synthetic province-year for the rebuild, query and memory benchmarks: cases registered through
 * 2025 across the demo regions, each walked through the intake flow by the REAL decider (so event
 * shapes, risk grading and transitions are what production writes), with the case-code claims the
 * allocator writes, personal data sealed under real per-person keys in a real key store, and the
 * whole log in time order (cases interleave). Written straight into the store's table with the
 * store's own schema in 50,000-row transactions: far faster than millions of appends through the
 * group-commit queue, and the same rows.
 *
 * Bump GENERATOR_VERSION whenever the output changes: cached datasets are keyed by it.
 */
export const GENERATOR_VERSION = 4;

export interface ProvinceOptions {
  /** Cases registered over the year. */
  cases: number;
  /** Stop after exactly this many events (omit: every event of every case up to year end). */
  maxEvents?: number;
  seed?: number;
}

export interface ProvinceMeta {
  generatorVersion: number;
  cases: number;
  events: number;
  intakeEvents: number;
  persons: number;
  eventsBytes: number;
  seconds: number;
}

const YEAR_START = Date.parse('2025-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 86_400_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const regions = new RegionDirectory(jixiDemoRegions());
const areas = regions.all().filter((r) => r.tier === 'grid' || r.tier === 'township');
const CATEGORIES = [
  'neighbours',
  'neighbours',
  'marriage_family',
  'marriage_family',
  'labour',
  'labour',
  'property_management',
  'contract',
  'housing_homestead',
  'traffic_accident',
  'damages',
  'forest_land',
  'land_expropriation',
  'pollution',
  'medical',
  'consumer',
  'business_operations',
  'other',
] as const;
const SOURCES = ['party_application', 'grid_inspection', 'hotline_12345', 'police_110', 'court_referral', 'petition_bureau', 'government_assignment', 'mediation_committee', 'online'] as const;
const TITLES: Record<string, string> = {
  neighbours: '邻里纠纷',
  marriage_family: '婚姻家庭纠纷',
  labour: '拖欠工资纠纷',
  property_management: '物业费纠纷',
  contract: '合同欠款纠纷',
  housing_homestead: '宅基地边界争议',
  traffic_accident: '交通事故赔偿纠纷',
  damages: '损害赔偿纠纷',
  forest_land: '林地承包纠纷',
  land_expropriation: '征地补偿纠纷',
  pollution: '粉尘污染纠纷',
  medical: '诊疗损害纠纷',
  consumer: '预付卡退费纠纷',
  business_operations: '合伙经营纠纷',
  other: '其他民间纠纷',
};
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** A person of the pool: their key is in the key store, their details sealed under it. */
interface PoolPerson {
  personId: string;
  idHash: string;
  details: { keyId: string; ciphertext: string };
  description: { keyId: string; ciphertext: string };
}

/**
 * Persons straight into the key store's table (one transaction: the store's personFor commits and
 * fsyncs one person at a time), then sealed through the key store itself.
 */
function makePersons(keysPath: string, count: number, r: Random): PoolPerson[] {
  const ks = openKeyStore({ path: keysPath, hashSecret: BENCH_PII_HASH_SECRET });
  const byHash = new Map<string, { personId: string; details: ReturnType<typeof fakePerson>; idHash: string }>();
  for (let i = 0; i < count; i++) {
    const details = fakePerson(
      r,
      pick(
        r,
        regions.all().filter((x) => x.tier === 'county'),
      ).code,
    );
    const idHash = ks.idHash(details.idNumber);
    if (!byHash.has(idHash)) byHash.set(idHash, { personId: randomUUID(), details, idHash }); // one ID number, one person
  }
  const people = [...byHash.values()];
  ks.close();
  const db = new Database(keysPath);
  const insert = db.prepare('INSERT INTO persons (person_id, id_hash, key, created_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const p of people) insert.run(p.personId, p.idHash, randomBytes(32), '2025-01-01T00:00:00.000Z');
  })();
  db.close();
  const sealer = openKeyStore({ path: keysPath, hashSecret: BENCH_PII_HASH_SECRET });
  const pool = people.map((p) => ({
    personId: p.personId,
    idHash: p.idHash,
    details: sealer.seal(p.personId, p.details),
    description: sealer.seal(p.personId, `（演示数据）${p.details.name}反映纠纷情况，请求调解。`),
  }));
  sealer.close();
  return pool;
}

type Row = [string, number, string, string, number, string, string, string];
/** A scheduled event: when it happens and the row it becomes. */
type Scheduled = { at: number; seq: number; row: Row };

/** Min-heap on (at, seq): the log is written in time order while cases overlap. */
class Heap {
  readonly #a: Scheduled[] = [];
  get size() {
    return this.#a.length;
  }
  peek(): Scheduled | undefined {
    return this.#a[0];
  }
  push(x: Scheduled): void {
    const a = this.#a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Scheduled | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (rr < a.length && less(a[rr]!, a[m]!)) m = rr;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Scheduled, y: Scheduled) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

const toRow = (streamId: string, revision: number, e: EventData): Row => [
  streamId,
  revision,
  e.eventId,
  e.type,
  e.schemaVersion,
  e.occurredAt,
  JSON.stringify(e.data ?? null),
  JSON.stringify(e.metadata ?? {}),
];

/** One case's whole life: commands at their times, decided by the real decider. */
function caseLife(i: number, cases: number, r: Random, pool: PoolPerson[], counters: Map<string, number>, schedule: (at: number, streamId: string, revision: number, e: EventData) => void): void {
  const registeredAt = YEAR_START + Math.floor(((i + r()) / cases) * YEAR_MS);
  const area = pick(r, areas);
  const township = regions.atTier(area.code, 'township')!.code;
  const county = regions.atTier(area.code, 'county')!.code;
  const clerk: Actor = { userId: `clerk-${township}`, role: 'intake_clerk', centerCode: township };
  const caseId = randomUUID();
  const streamId = `dispute-${caseId}`;
  const counter = `casecode-${township}-2025`;
  const seq = (counters.get(counter) ?? 0) + 1;
  counters.set(counter, seq);
  const caseCode = formatCaseCode(township, 2025, seq);
  const category = pick(r, CATEGORIES);
  const group = r() < 0.06;
  const applicant = pick(r, pool);
  const parties: SealedParty[] = [
    { personId: applicant.personId, role: 'applicant', kind: 'person', details: applicant.details, idHash: applicant.idHash },
    ...Array.from({ length: group ? 3 : 1 }, () => {
      const p = pick(r, pool);
      return { personId: p.personId, role: 'respondent' as const, kind: 'person' as const, details: p.details, idHash: p.idHash };
    }),
  ];
  const indicators = {
    partyCount: group ? 5 + Math.floor(r() * 30) : 1 + Math.floor(r() * 2),
    violenceThreat: r() < 0.03,
    civilToCriminalRisk: r() < 0.01,
    repeatedPoliceCalls: r() < 0.04,
    failedMediationOnSensitiveMatter: false,
    sensitiveMatter: r() < 0.1,
  };

  let state: DisputeState = disputeDecider.initialState;
  let revision = -1;
  const run = (at: number, actor: Actor, command: Parameters<typeof disputeDecider.decide>[0]): boolean => {
    if (at >= YEAR_START + YEAR_MS) return false; // not yet happened by the end of the year: the case stays where it is
    const now = new Date(at);
    const decided = disputeDecider.decide(command, state, { now, actor, regions, riskPolicy: DEFAULT_RISK_POLICY });
    if (decided instanceof DomainError) throw new Error(`generator bug: ${command.type} on ${state.status}: ${decided.message}`);
    for (const e of decided as IntakeEvent[]) state = disputeDecider.evolve(state, e);
    const envelope: CommandEnvelope = { actor, correlationId: randomUUID(), commandType: command.type, commandHash: commandHash(command.type, command.data) };
    const events = toEventData(decided as IntakeEvent[], envelope, caseCode, { codec: intakeCodec, now: () => now });
    if (command.type === 'RegisterDispute') {
      // What the case-code allocator writes in the same transaction as the case: a small claim.
      const claim: EventData = {
        eventId: randomUUID(),
        type: CASE_CODE_CLAIMED,
        schemaVersion: 1,
        occurredAt: now.toISOString(),
        data: { seq, caseCode, caseId, streamId, atomic: true },
        metadata: { correlationId: 'case-code-allocator', causationId: randomUUID(), caseCode, actor: { userId: 'system', role: 'admin', centerCode: '000000' } },
      };
      schedule(at, counter, seq - 1, claim);
    }
    for (const e of events) schedule(at, streamId, ++revision, e);
    return true;
  };

  let t = registeredAt;
  run(t, clerk, {
    type: 'RegisterDispute',
    data: { areaCode: area.code, category, source: pick(r, SOURCES), title: TITLES[category]!, indicators, caseId, caseCode, centerCode: township, description: applicant.description, parties },
  });
  const roll = r();
  if (roll < 0.05) return; // still waiting at the desk
  t += Math.floor(r() * 24 * HOUR);
  if (roll < 0.1) {
    run(t, clerk, { type: 'DeclineDispute', data: { reason: '属劳动仲裁受理范围', redirectChannel: 'labour_arbitration' } });
    return;
  }
  if (!run(t, clerk, { type: 'AcceptDispute', data: {} })) return;
  t += Math.floor(r() * 48 * HOUR);
  if (!run(t, clerk, { type: 'AssessRisk', data: { indicators } })) return;
  t += Math.floor(r() * 24 * HOUR);
  const path = r();
  if (path < 0.12) {
    if (!run(t, clerk, { type: 'RouteDispute', data: { mode: 'escalate', reason: '涉及多个乡镇，需区级协调' } })) return;
    t += Math.floor(r() * 72 * HOUR);
    if (
      !run(
        t,
        { userId: `director-${county}`, role: 'supervisor', centerCode: county },
        { type: 'RouteDispute', data: { mode: 'assign_down', toCenter: township, dueAt: new Date(t + (10 + Math.floor(r() * 20)) * DAY).toISOString(), supervision: 'yellow_card' } },
      )
    )
      return;
  } else if (path < 0.2 && category === 'labour') {
    const whistleId = randomUUID();
    if (
      !run(t, clerk, {
        type: 'RouteDispute',
        data: {
          mode: 'whistle',
          whistleId,
          departments: [
            { code: 'hrss', name: '人社局' },
            { code: 'housing', name: '住建局' },
          ],
          reportInDueAt: new Date(t + 3 * DAY).toISOString(),
          reason: '拖欠农民工工资，需职能部门报到',
        },
      })
    )
      return;
    for (const dept of ['hrss', 'housing']) {
      t += Math.floor(r() * 60 * HOUR);
      if (!run(t, { userId: `liaison-${dept}-${county}`, role: 'department_liaison', centerCode: county }, { type: 'ReportIn', data: { whistleId, departmentCode: dept } })) return;
    }
  } else if (!run(t, clerk, { type: 'RouteDispute', data: { mode: 'handle_here', dueAt: new Date(t + (5 + Math.floor(r() * 30)) * DAY).toISOString() } })) return;
  t += Math.floor((2 + r() * 40) * DAY);
  if (r() < 0.1) return; // still being handled (some of them overdue)
  if (!run(t, clerk, { type: 'CloseDispute', data: { outcome: r() < 0.85 ? 'resolved' : 'unresolved', summary: '经调解双方达成一致' } })) return;
  if (r() < 0.3) return;
  t += Math.floor((3 + r() * 10) * DAY);
  if (!run(t, clerk, { type: 'FollowUp', data: { satisfaction: r() < 0.8 ? 'satisfied' : 'basically_satisfied', method: 'phone' } })) return;
  if (r() < 0.04) run(t + Math.floor((5 + r() * 60) * DAY), clerk, { type: 'ReopenDispute', data: { reason: '纠纷复发' } });
}

/** Where a dataset lives under the cache root: keyed by its size and the generator version. */
export const datasetDir = (root: string, opts: ProvinceOptions): string => path.join(root, `province-${opts.cases}c${opts.maxEvents ? `-${opts.maxEvents}e` : ''}-v${GENERATOR_VERSION}`);

/**
 * Writes the dataset into `dir` (events.db, keys.db, meta.json), or reuses it when `dir` already
 * holds one from this generator version.
 */
export async function ensureProvince(dir: string, opts: ProvinceOptions, log: (line: string) => void = console.log): Promise<ProvinceMeta> {
  const metaPath = path.join(dir, 'meta.json');
  if (fs.existsSync(metaPath)) {
    const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as ProvinceMeta;
    if (meta.generatorVersion === GENERATOR_VERSION) {
      log(`  using cached dataset ${dir} (${meta.events.toLocaleString('en-US')} events, ${meta.cases.toLocaleString('en-US')} cases)`);
      return meta;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const r = prng(opts.seed ?? 2025);
  const pool = makePersons(path.join(dir, 'keys.db'), Math.max(200, Math.min(50_000, Math.round(opts.cases / 10))), r);

  const eventsPath = path.join(dir, 'events.db');
  await openSqliteEventStore({ path: eventsPath }).close(); // the store creates its own schema
  const db = new Database(eventsPath);
  // A generated fixture, thrown away if interrupted (meta.json is written last): no journal while
  // loading; the file is switched back to WAL (the store's mode) at the end.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const writeRows = db.transaction((rows: Row[]) => {
    for (const row of rows) insert.run(...row);
  });

  const heap = new Heap();
  let seq = 0;
  const schedule = (at: number, streamId: string, revision: number, e: EventData) => heap.push({ at, seq: seq++, row: toRow(streamId, revision, e) });
  const counters = new Map<string, number>();
  const limit = opts.maxEvents ?? Number.POSITIVE_INFINITY;
  const total = Number.isFinite(limit) ? limit : Math.round(opts.cases * 7.2);
  const bar = new SingleBar({ format: '  generating |{bar}| {percentage}% {value}/{total} events | {rate} events/s | ETA {eta_formatted}', hideCursor: true, fps: 4 }, Presets.shades_classic);
  bar.start(total, 0, { rate: 0 });
  let written = 0;
  let intakeEvents = 0;
  let rows: Row[] = [];
  const flush = () => {
    writeRows(rows);
    written += rows.length;
    rows = [];
    bar.update(written, { rate: Math.round(written / ((performance.now() - started) / 1000)).toLocaleString('en-US') });
  };
  const emitUntil = (at: number) => {
    while (written + rows.length < limit && heap.size > 0 && heap.peek()!.at <= at) {
      const { row } = heap.pop()!;
      if (row[3] !== CASE_CODE_CLAIMED) intakeEvents++;
      rows.push(row);
      if (rows.length >= 50_000) flush();
    }
  };
  let cases = 0;
  for (let i = 0; i < opts.cases && written + rows.length < limit; i++) {
    caseLife(i, opts.cases, r, pool, counters, schedule);
    cases++;
    // Everything that happened before this registration is final: write it.
    emitUntil(YEAR_START + Math.floor((i / opts.cases) * YEAR_MS) - 1);
  }
  emitUntil(Number.POSITIVE_INFINITY);
  flush();
  bar.setTotal(written);
  bar.stop();
  db.pragma('journal_mode = WAL');
  db.close();
  const meta: ProvinceMeta = {
    generatorVersion: GENERATOR_VERSION,
    cases,
    events: written,
    intakeEvents,
    persons: pool.length,
    eventsBytes: fs.statSync(eventsPath).size,
    seconds: (performance.now() - started) / 1000,
  };
  fs.writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  log(`  generated ${meta.events.toLocaleString('en-US')} events (${cases.toLocaleString('en-US')} cases, ${(meta.eventsBytes / 2 ** 20).toFixed(0)} MiB) in ${meta.seconds.toFixed(1)} s`);
  return meta;
}
