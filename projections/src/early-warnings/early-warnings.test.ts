import path from 'node:path';
import t from 'tap';
import { readFileSync } from 'node:fs';
import { jixiDemoRegions, sealParties, type SealedParty } from '@zz/contracts';
import { openKeyStore } from '@zz/keystore';
import { openSqliteEventStore } from '@zz/eventstore';
import { CaseScript } from '../tier-views/fixtures.js';
import { createEarlyWarnings, rebuildEarlyWarnings } from './index.js';
import { createWarningTables } from './schema.js';
import Database from 'better-sqlite3';

const regions = jixiDemoRegions();
const NOW = new Date('2026-03-10T04:00:00Z'); // 12:00 in Beijing
const at = (daysAgo: number, minute = 0) => new Date(NOW.getTime() - daysAgo * 86_400_000 + minute * 60_000).toISOString();
const party = (idHash: string | undefined, n: number): SealedParty => ({
  personId: `p-${n}`,
  role: 'applicant',
  kind: 'person',
  details: { keyId: `k-${n}`, ciphertext: 'c2VhbGVk' },
  ...(idHash ? { idHash } : {}),
});

/** A registration with chosen parties (the fixture's has none with an ID hash). */
function registered(c: CaseScript, area: string, when: string, category: string, parties: SealedParty[]) {
  const e = c.registered(area, when, { category });
  (e.data as { parties: SealedParty[] }).parties = parties;
  return e;
}

t.test('early warnings from a real store: same party, hot spot, risk rise, report-in overdue, scoped by area', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  t.teardown(() => store.close());
  let seq = 0;
  const T1 = '230302101'; // 鸡冠区 demo township 1
  const T2 = '230302102';
  const append = async (c: CaseScript, ...events: ReturnType<CaseScript['event']>[]) => {
    const r = await store.append(c.stream, events, { expectedRevision: 'any' });
    return r.position;
  };

  // The same person (same ID hash) in three disputes within the window, two in T1 and one in T2.
  const samePerson = 'a'.repeat(64);
  for (const [area, daysAgo] of [
    [T1, 1],
    [T1, 20],
    [T2, 5],
  ] as const) {
    const c = new CaseScript(area, ++seq);
    await append(c, registered(c, `${area}001`, at(daysAgo), 'neighbours', [party(samePerson, seq), party(undefined, 100 + seq)]));
  }
  // An old case of the same person, outside the 90-day window.
  {
    const c = new CaseScript(T1, ++seq);
    await append(c, registered(c, T1, at(200), 'neighbours', [party(samePerson, seq)]));
  }
  // A labour hot spot in T2: five labour disputes this week, one more three weeks ago.
  for (const daysAgo of [0, 1, 2, 3, 6, 21]) {
    const c = new CaseScript(T2, ++seq);
    await append(c, registered(c, T2, at(daysAgo), 'labour', [party(undefined, seq)]));
  }
  // A case whose risk rises green → red, and one that falls (no warning).
  const rising = new CaseScript(T1, ++seq);
  await append(
    rising,
    registered(rising, T1, at(2), 'contract', [party(undefined, seq)]),
    rising.event('RiskAssessed', { grade: 'green', ruleGrade: 'green', factors: [], supervision: 'ordinary' }, at(2, 1)),
    rising.event('RiskAssessed', { grade: 'red', ruleGrade: 'red', factors: ['violence_threat'], supervision: 'red_card' }, at(1)),
  );
  const falling = new CaseScript(T1, ++seq);
  await append(
    falling,
    registered(falling, T1, at(2), 'contract', [party(undefined, seq)]),
    falling.event('RiskAssessed', { grade: 'red', ruleGrade: 'red', factors: [], supervision: 'ordinary' }, at(2, 1)),
    falling.event('RiskAssessed', { grade: 'yellow', ruleGrade: 'yellow', factors: [], supervision: 'ordinary' }, at(1)),
  );
  // A whistle in T1: one department reported in, one is a day late.
  const whistled = new CaseScript(T1, ++seq);
  const head = await append(
    whistled,
    registered(whistled, T1, at(4), 'pollution', [party(undefined, seq)]),
    whistled.event(
      'WhistleBlown',
      {
        whistleId: 'w1',
        centerCode: T1,
        departments: [
          { code: 'hrss', name: '人社局' },
          { code: 'eco', name: '生态环境局' },
        ],
        reportInDueAt: at(2),
        reason: '需部门报到',
      },
      at(4, 1),
    ),
    whistled.event('DepartmentReportedIn', { whistleId: 'w1', departmentCode: 'hrss' }, at(3)),
    whistled.event('DisputeAccepted', {}, at(3, 1)),
  );

  const ew = createEarlyWarnings({ store, dbPath: path.join(dir, 'warnings.db'), regions });
  t.teardown(() => ew.close());
  t.equal(await ew.projection.waitFor(head, 5000), true, 'the projection reached the head');

  const county = ew.warnings({ center: '230302', now: NOW });
  const kinds = (ws: typeof county, kind: string) => ws.filter((w) => w.kind === kind);
  const sameParty = kinds(county, 'same_party');
  t.equal(sameParty.length, 1, 'one person in three disputes within 90 days');
  t.equal(sameParty[0]!.caseCodes.length, 3, 'the old case is outside the window');
  t.notMatch(JSON.stringify(county), samePerson, 'the full ID hash never leaves the view');
  const hot = kinds(county, 'hot_spot');
  t.equal(hot.length, 1);
  t.match(hot[0], { areaCode: T2, detail: { category: 'labour', cases: 5 } }, 'five labour disputes in T2 within 7 days');
  t.same(
    kinds(county, 'risk_rise').map((w) => [w.caseCodes[0], w.detail.to]),
    [[rising.caseCode, 'red']],
    'only the rising case',
  );
  t.same(
    kinds(county, 'report_in_overdue').map((w) => w.detail.departmentCode),
    ['eco'],
    'only the department that has not reported in',
  );

  // Township T2 sees only its own area: no risk rise (T1), a same-party group of one (below threshold).
  const t2 = ew.warnings({ center: T2, now: NOW });
  t.same(
    t2.map((w) => w.kind),
    ['hot_spot'],
    'a township sees warnings of its own area only',
  );
  // Thresholds are read-time: a lower same-party threshold makes T1's pair a warning.
  t.equal(kinds(ew.warnings({ center: T1, now: NOW, thresholds: { samePartyMinCases: 2 } }), 'same_party').length, 1);
  t.equal(kinds(ew.warnings({ center: T2, now: NOW, thresholds: { hotSpotMinCases: 7 } }), 'hot_spot').length, 0);

  // Activity: new today per area, trends by category.
  const act = ew.activity({ center: '230302', now: NOW, days: 7 });
  t.equal(act.days.length, 7);
  t.equal(act.today.registered, 1, 'one dispute registered today (China time)');
  t.equal(act.byCategory.labour, 5);

  // Rebuilt from zero, the file holds the same rows.
  await ew.close();
  await rebuildEarlyWarnings({ store, dbPath: path.join(dir, 'warnings2.db'), regions });
  const dump = (p: string) => {
    const db = new Database(p, { readonly: true });
    const tables = ['ew_cases', 'ew_parties', 'ew_daily', 'ew_signals', 'ew_pending_reports', 'ew_backlog'];
    const out = Object.fromEntries(tables.map((n) => [n, db.prepare(`SELECT * FROM ${n} ORDER BY 1, 2, 3`).all()]));
    db.close();
    return out;
  };
  t.same(dump(path.join(dir, 'warnings2.db')), dump(path.join(dir, 'warnings.db')), 'rebuild equals the live view');
});

t.test('apply is all-or-nothing with its checkpoint: a failing batch leaves no rows', async (t) => {
  const db = new Database(':memory:');
  createWarningTables(db);
  const c = new CaseScript('230302101', 1);
  const { earlyWarningsApply } = await import('./projector.js');
  const { areaResolver } = await import('../tier-views/area.js');
  const apply = earlyWarningsApply(db, areaResolver(regions));
  const ev = { ...c.registered('230302101', at(0)), streamId: c.stream, revision: 0n, position: 1n };
  const tx = db.transaction(() => {
    apply([ev]);
    throw new Error('boom');
  });
  t.throws(tx);
  t.equal((db.prepare('SELECT count(*) AS n FROM ew_daily').get() as { n: number }).n, 0);
  db.close();
});

t.test('the same address in several disputes is a warning, found by a keyed hash sealed at registration', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  const keys = openKeyStore({ path: path.join(dir, 'keys.db'), hashSecret: 'pii-hash-secret-for-tests' });
  t.teardown(async () => {
    await store.close();
    keys.close();
  });
  // Three different people, one courtyard, written three ways at the desk.
  const written = ['鸡冠区红军路88号3单元', '鸡冠区 红军路88号 3单元', '鸡冠区红军路88号，3单元。'];
  let head = 0n;
  for (const [i, address] of written.entries()) {
    const { parties } = await sealParties(keys, [{ role: 'applicant', kind: 'person', details: { name: `住户${i}`, address } }], '噪音纠纷');
    const c = new CaseScript('230302101', 50 + i);
    head = (await store.append(c.stream, [registered(c, '230302101001', at(i + 1), 'neighbours', parties)], { expectedRevision: 'any' })).position;
  }
  const ew = createEarlyWarnings({ store, dbPath: path.join(dir, 'warnings.db'), regions });
  t.teardown(() => ew.close());
  t.equal(await ew.projection.waitFor(head, 5000), true);
  const found = ew.warnings({ center: '230302', now: NOW }).filter((w) => w.kind === 'same_address');
  t.equal(found.length, 1, 'one address in three disputes');
  t.equal(found[0]!.caseCodes.length, 3, 'however the desk wrote it');
  t.equal(ew.warnings({ center: '230302', now: NOW }).filter((w) => w.kind === 'same_party').length, 0, 'three different people');
  const raw = Buffer.concat(
    ['warnings.db', 'warnings.db-wal'].flatMap((f) => {
      try {
        return [readFileSync(path.join(dir, f))];
      } catch {
        return [];
      }
    }),
  );
  t.notOk(raw.includes(Buffer.from('红军路')), 'the address itself is in no view file');
});
