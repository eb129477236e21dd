import path from 'node:path';
import t from 'tap';
import { jixiDemoRegions } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { CaseScript, LogBuilder } from './fixtures.js';
import { openTierViewsDb } from './index.js';
import { areaResolver } from './area.js';
import { tierViewsApply } from './projector.js';
import { caseInArea, getCase, overdueList, queue, stats, UnknownCenterError, InvalidCursorError } from './queries.js';

const regions = jixiDemoRegions();
const CITY = '230300';
const JIGUAN = '230302'; // 鸡冠区
const HENGSHAN = '230303'; // 恒山区
const T1 = '230302101'; // a demo township of 鸡冠区
const T2 = '230302102';
const H1 = '230303101';

function views(t: { testdir(): string; teardown(fn: () => void): void }) {
  const db = openTierViewsDb(path.join(t.testdir(), 'views.db'), regions);
  t.teardown(() => db.close());
  const apply = tierViewsApply(db, areaResolver(regions));
  return { db, apply: (events: RecordedEvent[]) => db.transaction(() => apply(events))() };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2025-03-01T08:00:00+08:00');

t.test('a registration counts for its township, county and city; unassessed risk', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  const b = new CaseScript(T2, 2);
  const c = new CaseScript(H1, 3);
  log.on(a, a.registered(`${T1}001`, iso(T0)));
  log.on(b, b.registered(T2, iso(T0 + 1000), { category: 'labour', source: 'hotline_12345' }));
  log.on(c, c.registered(H1, iso(T0 + 2000)));
  apply(log.recorded);

  const now = new Date(T0 + DAY);
  const city = stats(db, { center: CITY, now });
  t.equal(city.total, 3);
  t.equal(city.open, 3);
  t.equal(city.byStatus.registered, 3);
  t.equal(city.byRisk.unassessed, 3);
  t.equal(city.byCategory.neighbours, 2);
  t.equal(city.byCategory.labour, 1);
  t.equal(city.bySource.hotline_12345, 1);
  t.equal(city.children.length, 9, 'city rolls up its nine counties');
  const jiguan = city.children.find((ch) => ch.center === JIGUAN);
  t.equal(jiguan?.total, 2);
  t.equal(jiguan?.name, '鸡冠区');
  t.equal(city.children.find((ch) => ch.center === HENGSHAN)?.total, 1);
  t.equal(city.children.find((ch) => ch.center === '230381')?.total, 0, 'a county without cases shows zeros');

  const county = stats(db, { center: JIGUAN, now });
  t.equal(county.total, 2);
  t.same(
    county.children.map((ch) => [ch.center, ch.total]),
    [
      [T1, 1],
      [T2, 1],
      ['230302103', 0],
      ['230302104', 0],
    ],
    'county rolls up its townships',
  );
  t.same(stats(db, { center: T1, now }).children, [], 'a township has no child centers');

  const row = getCase(db, a.caseId, now);
  t.equal(row?.status, 'registered');
  t.equal(row?.risk, 'unassessed');
  t.equal(row?.townshipCode, T1);
  t.equal(row?.countyCode, JIGUAN);
  t.equal(row?.cityCode, CITY);
  t.equal(row?.handlingCenter, T1);
  t.equal(row?.revision, 0n);
  t.same(row?.parties[0]?.details, { keyId: 'k-p1', ciphertext: 'c2VhbGVk' }, 'parties stay sealed, exactly as in the event');
  t.equal(getCase(db, 'no-such-case'), undefined);
});

t.test('transitions move counts from the old bucket to the new one at every tier', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(JIGUAN, 1);
  apply(log.on(a, a.registered(T1, iso(T0))));
  apply(log.on(a, a.event('DisputeAccepted', {}, iso(T0 + 1))));
  apply(log.on(a, a.event('RiskAssessed', { grade: 'red', ruleGrade: 'yellow', factors: ['violence_threat'], supervision: 'red_card', overrideReason: '现场有冲突' }, iso(T0 + 2))));
  const now = new Date(T0 + 10);
  for (const center of [T1, JIGUAN, CITY]) {
    const s = stats(db, { center, now });
    t.equal(s.byStatus.registered, 0, `${center}: left registered`);
    t.equal(s.byStatus.accepted, 1, `${center}: now accepted`);
    t.equal(s.byRisk.unassessed, 0);
    t.equal(s.byRisk.red, 1);
    t.equal(s.total, 1, 'a transition does not change the total');
  }
  t.equal(stats(db, { center: H1, now }).total, 0, 'a township beside it sees nothing');

  apply(log.on(a, a.event('DisputeAssignedDown', { fromCenter: JIGUAN, toCenter: T1, dueAt: iso(T0 + 7 * DAY), supervision: 'yellow_card' }, iso(T0 + 3))));
  let v = getCase(db, a.caseId, now);
  t.equal(v?.status, 'in_progress');
  t.equal(v?.handlingCenter, T1);
  t.equal(v?.supervision, 'yellow_card');
  t.equal(v?.dueAt, iso(T0 + 7 * DAY));

  apply(log.on(a, a.event('DisputeEscalated', { fromCenter: T1, toCenter: JIGUAN, reason: '涉及多部门' }, iso(T0 + 4))));
  v = getCase(db, a.caseId, now);
  t.equal(v?.status, 'escalated');
  t.equal(v?.handlingCenter, JIGUAN);
  t.equal(v?.dueAt, null, 'escalation clears the deadline');

  apply(log.on(a, a.event('DisputeTakenOn', { centerCode: JIGUAN, dueAt: iso(T0 + 3 * DAY) }, iso(T0 + 5))));
  apply(log.on(a, a.event('DisputeClosed', { outcome: 'resolved', summary: '达成协议' }, iso(T0 + 6))));
  let s = stats(db, { center: CITY, now });
  t.equal(s.byStatus.closed, 1);
  t.equal(s.open, 0);
  t.equal(s.byStatus.in_progress + s.byStatus.escalated + s.byStatus.accepted, 0);
  v = getCase(db, a.caseId, now);
  t.equal(v?.closedAt, iso(T0 + 6));
  t.equal(v?.outcome, 'resolved');

  apply(log.on(a, a.event('FollowUpVisited', { satisfaction: 'satisfied', method: 'phone' }, iso(T0 + 7))));
  t.equal(stats(db, { center: JIGUAN, now }).byStatus.followed_up, 1);
  t.equal(getCase(db, a.caseId)?.satisfaction, 'satisfied');

  apply(log.on(a, a.event('DisputeReopened', { reason: '纠纷复发' }, iso(T0 + 8))));
  s = stats(db, { center: T1, now });
  t.equal(s.byStatus.followed_up, 0);
  t.equal(s.byStatus.in_progress, 1);
  t.equal(s.open, 1);
  v = getCase(db, a.caseId, now);
  t.equal(v?.closedAt, null);
  t.equal(v?.revision, 8n, 'revision follows the stream');
});

t.test('declined cases leave the open counts', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  log.on(a, a.registered(T1, iso(T0)), a.event('DisputeDeclined', { reason: '属劳动仲裁受理范围', redirectChannel: 'labour_arbitration' }, iso(T0 + 1)));
  apply(log.recorded);
  const s = stats(db, { center: CITY, now: new Date(T0) });
  t.equal(s.byStatus.declined, 1);
  t.equal(s.open, 0);
  t.same(queue(db, { center: CITY, now: new Date(T0) }).items, [], 'the default queue holds open cases only');
  t.equal(queue(db, { center: CITY, status: 'declined', now: new Date(T0) }).items.length, 1);
});

t.test('overdue is computed from the injected now, for open cases only', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  const b = new CaseScript(T1, 2);
  const due = T0 + 3 * DAY;
  log.on(a, a.registered(T1, iso(T0)), a.event('DisputeTakenOn', { centerCode: T1, dueAt: iso(due) }, iso(T0 + 1)));
  // Same instant written with a +08:00 offset: the view compares instants, not strings.
  log.on(b, b.registered(T1, iso(T0)), b.event('DisputeTakenOn', { centerCode: T1, dueAt: '2025-03-05T08:00:00+08:00' }, iso(T0 + 1)));
  apply(log.recorded);

  const before = new Date(due - 1);
  t.equal(stats(db, { center: CITY, now: before }).overdue, 0);
  t.same(overdueList(db, { center: T1, now: before }), []);
  t.equal(getCase(db, a.caseId, before)?.overdue, false);

  const after = new Date(due + 1);
  t.equal(stats(db, { center: CITY, now: after }).overdue, 1);
  t.equal(stats(db, { center: JIGUAN, now: after }).children.find((c) => c.center === T1)?.overdue, 1);
  t.same(
    overdueList(db, { center: JIGUAN, now: after }).map((v) => v.caseId),
    [a.caseId],
  );
  t.equal(getCase(db, a.caseId, after)?.overdue, true);
  t.equal(queue(db, { center: T1, overdue: false, now: after }).items[0]?.caseId, b.caseId, 'overdue=false keeps the rest');

  apply(log.on(a, a.event('DisputeClosed', { outcome: 'resolved', summary: '已化解' }, iso(due + 2))));
  t.equal(stats(db, { center: CITY, now: after }).overdue, 0, 'a closed case is never overdue');
  t.equal(getCase(db, a.caseId, after)?.overdue, false);
  t.same(queue(db, { center: T1, status: 'closed', overdue: true, now: after }).items, []);
});

t.test('queue: own vs area scope, filters, order and cursor paging', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const cases = Array.from({ length: 6 }, (_, i) => new CaseScript(JIGUAN, i + 1));
  cases.forEach((c, i) => {
    log.on(c, c.registered(i < 4 ? T1 : T2, iso(T0 + i * 1000), { category: i % 2 ? 'labour' : 'neighbours' }));
  });
  const [c0, c1, c2, c3, c4, c5] = cases as [CaseScript, CaseScript, CaseScript, CaseScript, CaseScript, CaseScript];
  // c0 handled by the county with a far deadline; c1 assigned down to T1 with a near deadline.
  log.on(c0, c0.event('DisputeTakenOn', { centerCode: JIGUAN, dueAt: iso(T0 + 10 * DAY) }, iso(T0 + 10_000)));
  log.on(c1, c1.event('DisputeAssignedDown', { fromCenter: JIGUAN, toCenter: T1, dueAt: iso(T0 + 2 * DAY), supervision: 'ordinary' }, iso(T0 + 10_001)));
  log.on(c2, c2.event('RiskAssessed', { grade: 'yellow', ruleGrade: 'yellow', factors: [], supervision: 'ordinary' }, iso(T0 + 10_002)));
  const other = new CaseScript(HENGSHAN, 9);
  log.on(other, other.registered(H1, iso(T0)));
  apply(log.recorded);
  const now = new Date(T0 + DAY);

  const area = queue(db, { center: JIGUAN, now });
  t.same(
    area.items.map((v) => v.caseId),
    [c1.caseId, c0.caseId, c5.caseId, c4.caseId, c3.caseId, c2.caseId],
    'due soonest first, then undated cases newest first; 恒山区 case not in 鸡冠区 area',
  );
  t.same(
    queue(db, { center: JIGUAN, scope: 'own', now }).items.map((v) => v.caseId),
    [c0.caseId, c5.caseId, c4.caseId, c3.caseId, c2.caseId],
    'own: what the county handles itself (c1 was assigned down)',
  );
  t.same(
    queue(db, { center: T1, scope: 'own', now }).items.map((v) => v.caseId),
    [c1.caseId],
  );
  t.same(
    queue(db, { center: T1, now }).items.map((v) => v.caseId),
    [c1.caseId, c0.caseId, c3.caseId, c2.caseId],
    'township area: cases arising in it, whoever handles them',
  );
  t.same(
    queue(db, { center: JIGUAN, category: 'labour', now }).items.map((v) => v.caseId),
    [c1.caseId, c5.caseId, c3.caseId],
  );
  t.same(
    queue(db, { center: JIGUAN, risk: 'yellow', now }).items.map((v) => v.caseId),
    [c2.caseId],
  );
  t.same(
    queue(db, { center: JIGUAN, status: 'in_progress', now }).items.map((v) => v.caseId),
    [c1.caseId, c0.caseId],
  );
  t.same(
    queue(db, { center: HENGSHAN, now }).items.map((v) => v.caseId),
    [other.caseId],
  );

  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = queue(db, { center: JIGUAN, now, limit: 4, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((v) => v.caseId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  t.same(pages, [area.items.slice(0, 4).map((v) => v.caseId), area.items.slice(4).map((v) => v.caseId)], 'pages follow the same order without overlap');

  t.ok(caseInArea(getCase(db, c0.caseId)!, CITY));
  t.notOk(caseInArea(getCase(db, c0.caseId)!, HENGSHAN));
  t.throws(() => queue(db, { center: '999999', now }), UnknownCenterError);
  t.throws(() => stats(db, { center: '999999', now }), UnknownCenterError);
  t.throws(() => queue(db, { center: JIGUAN, now, cursor: 'bm90LWEtY3Vyc29y' }), InvalidCursorError);
});

t.test('whistle: pending departments until each reports in', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  const due = iso(T0 + 2 * DAY);
  log.on(
    a,
    a.registered(T1, iso(T0)),
    a.event('DisputeAccepted', {}, iso(T0 + 1)),
    a.event(
      'WhistleBlown',
      {
        whistleId: 'w1',
        centerCode: T1,
        departments: [
          { code: 'hrss', name: '人社局' },
          { code: 'housing', name: '住建局' },
        ],
        reportInDueAt: due,
        reason: '欠薪',
      },
      iso(T0 + 2),
    ),
  );
  apply(log.recorded);
  let v = getCase(db, a.caseId);
  t.equal(v?.status, 'in_progress');
  t.equal(v?.pendingWhistles, 2);
  t.equal(v?.reportInDueAt, due);
  apply(log.on(a, a.event('DepartmentReportedIn', { whistleId: 'w1', departmentCode: 'hrss' }, iso(T0 + 3))));
  v = getCase(db, a.caseId);
  t.equal(v?.pendingWhistles, 1);
  t.same(v?.pendingReports, [{ whistleId: 'w1', departmentCode: 'housing', dueAt: due }]);
  apply(log.on(a, a.event('DepartmentReportedIn', { whistleId: 'w1', departmentCode: 'hrss' }, iso(T0 + 4))));
  t.equal(getCase(db, a.caseId)?.pendingWhistles, 1, 'a second report-in of the same department changes nothing');
  apply(log.on(a, a.event('DepartmentReportedIn', { whistleId: 'w1', departmentCode: 'housing' }, iso(T0 + 5))));
  v = getCase(db, a.caseId);
  t.equal(v?.pendingWhistles, 0);
  t.equal(v?.reportInDueAt, null);
  t.equal(v?.revision, 5n);
});

t.test('unknown event types and other flows are ignored', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  log.add('casecode-230302101-2025', a.raw('CaseCodeIssued', { seq: 1 }, iso(T0)));
  log.on(a, a.registered(T1, iso(T0)));
  log.add(`mediation-${a.caseId}`, a.raw('MediationOpened', { caseId: a.caseId, mediatorId: 'm1' }, iso(T0 + 1)));
  log.on(a, a.raw('SomethingFromTheFuture', { caseId: a.caseId }, iso(T0 + 2)));
  apply(log.recorded);
  const v = getCase(db, a.caseId);
  t.equal(v?.status, 'registered');
  t.equal(v?.lastPosition, 2n, 'only the registration touched the row');
  t.equal(stats(db, { center: CITY, now: new Date(T0) }).total, 1);
});

t.test('an upcast v1 RiskAssessed sets grade and the implied supervision', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const a = new CaseScript(T1, 1);
  log.on(a, a.registered(T1, iso(T0)), a.raw('RiskAssessed', { caseId: a.caseId, caseCode: a.caseCode, grade: 'red', reasons: '群体性；暴力威胁' }, iso(T0 + 1), 1));
  apply(log.recorded);
  const v = getCase(db, a.caseId);
  t.equal(v?.risk, 'red');
  t.equal(v?.supervision, 'yellow_card', 'v1 red ⇒ yellow card (the upcaster’s rule)');
  t.equal(stats(db, { center: CITY, now: new Date(T0) }).byRisk.red, 1);
});

t.test('re-applied events are skipped; batching does not change the result', async (t) => {
  const log = new LogBuilder();
  const scripts = Array.from({ length: 5 }, (_, i) => new CaseScript(T1, i + 1));
  scripts.forEach((c, i) => {
    log.on(
      c,
      c.registered(i % 2 ? T1 : H1, iso(T0 + i)),
      c.event('DisputeAccepted', {}, iso(T0 + 100 + i)),
      c.event('DisputeTakenOn', { centerCode: T1, dueAt: iso(T0 + i * DAY) }, iso(T0 + 200 + i)),
    );
  });
  const [first] = scripts as [CaseScript];
  log.on(first, first.event('DisputeClosed', { outcome: 'resolved', summary: '好' }, iso(T0 + 300)));

  const one = views(t);
  one.apply(log.recorded); // one batch
  const many = views(t);
  for (const e of log.recorded) many.apply([e]); // one event per batch
  many.apply(log.recorded.slice(3, 9)); // replayed: must be skipped

  const dump = (db: typeof one.db) => ({
    cases: db.prepare('SELECT * FROM cases ORDER BY case_id').all(),
    counts: db.prepare('SELECT * FROM case_counts ORDER BY center, dim, value').all(),
  });
  const a = dump(one.db);
  t.equal(a.cases.length, 5);
  t.same(dump(many.db), a);
  t.notOk(
    (a.counts as { n: number }[]).some((r) => r.n === 0),
    'no empty buckets are kept',
  );
});

t.test('overdue counts across day boundaries: earlier days from day buckets, today exactly', async (t) => {
  const { db, apply } = views(t);
  const log = new LogBuilder();
  const now = Date.parse('2025-06-10T12:00:00Z');
  const dues = [now - 30 * DAY, now - 2 * DAY, now - 10 * 60_000, now - 1, now, now + 10 * 60_000, now + 3 * DAY];
  dues.forEach((due, i) => {
    const c = new CaseScript(T1, i);
    log.on(c, c.registered(i % 2 ? T1 : T2, iso(T0)), c.event('DisputeTakenOn', { centerCode: T1, dueAt: iso(due) }, iso(T0 + 1)));
  });
  apply(log.recorded);
  const at = new Date(now);
  t.equal(stats(db, { center: CITY, now: at }).overdue, 4, 'due strictly before now');
  const county = stats(db, { center: JIGUAN, now: at });
  t.same(
    county.children.filter((c) => c.overdue).map((c) => [c.center, c.overdue]),
    [
      [T1, 2],
      [T2, 2],
    ],
  );
  t.equal(overdueList(db, { center: CITY, now: at }).length, 4);
  t.equal(stats(db, { center: CITY, now: new Date(now + 4 * DAY) }).overdue, 7);
  t.equal(stats(db, { center: CITY, now: new Date(now - 40 * DAY) }).overdue, 0);
});
