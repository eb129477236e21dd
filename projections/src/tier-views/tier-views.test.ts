import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import Database from 'better-sqlite3';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { CaseScript, lifecycle } from './fixtures.js';
import { createTierViews, openTierViewsDb, rebuildTierViews } from './index.js';

const regions = jixiDemoRegions();
const townships = regions.filter((r) => r.tier === 'township');
const T0 = Date.parse('2025-03-01T00:00:00Z');

/** Appends `n` varied cases spread over every township, through the real store. Returns the head. */
async function appendCases(store: EventStore, from: number, n: number): Promise<bigint> {
  let position = 0n;
  for (let i = from; i < from + n; i++) {
    const township = townships[i % townships.length]!;
    const c = new CaseScript(township.code, i);
    const events = lifecycle(c, i, { township: township.code, county: township.parentCode!, area: i % 2 ? `${township.code}001` : township.code }, T0);
    ({ position } = await store.append(c.stream, events, { expectedRevision: 'no_stream' }));
    if (i % 5 === 0) await store.append(`casecode-${township.code}-2025`, [c.raw('CaseCodeIssued', { seq: i }, new Date(T0).toISOString())], { expectedRevision: 'any' });
  }
  return position;
}

const dump = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT * FROM cases ORDER BY case_id').all(),
      counts: db.prepare('SELECT * FROM case_counts ORDER BY center, dim, value').all(),
      checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all(),
      centers: db.prepare('SELECT * FROM centers ORDER BY code').all(),
    };
  } finally {
    db.close();
  }
};

t.test('end to end on the SQLite store: live views, restart, and a rebuild equal to the incremental build', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  t.teardown(() => store.close());
  const dbPath = path.join(dir, 'views.db');

  let views = createTierViews({ store, dbPath, regions, batchSize: 16 });
  const head1 = await appendCases(store, 0, 40);
  t.equal(await views.projection.waitFor(head1, 10_000), true);
  const now = new Date(T0 + 4 * 86_400_000);
  const city1 = views.stats({ center: '230300', now });
  t.equal(city1.total, 40, 'every registered case counted at the city');
  t.equal(
    city1.children.reduce((s, c) => s + c.total, 0),
    40,
    'county rollups sum to the city',
  );
  const county = views.stats({ center: '230302', now });
  t.equal(
    county.children.reduce((s, c) => s + c.open, 0),
    county.open,
    'township rollups sum to the county',
  );
  t.ok(city1.overdue > 0, 'some cases are past due at this now');
  t.equal(views.overdueList({ center: '230300', now, limit: 500 }).length, city1.overdue);

  // Restart: close, append more while down, reopen: resumes from the checkpoint.
  await views.close();
  const head2 = await appendCases(store, 40, 30);
  views = createTierViews({ store, dbPath, regions, batchSize: 16 });
  await views.projection.caughtUp;
  t.equal(views.projection.position(), head2);
  const city2 = views.stats({ center: '230300', now });
  t.equal(city2.total, 70, 'no double counting after restart');
  const byHand = (views.db.prepare('SELECT status, count(*) AS n FROM cases GROUP BY status').all() as { status: string; n: number }[]).reduce<Record<string, number>>(
    (acc, r) => ((acc[r.status] = r.n), acc),
    {},
  );
  for (const [status, n] of Object.entries(city2.byStatus)) t.equal(n, byHand[status] ?? 0, `maintained ${status} count equals a GROUP BY over the rows`);
  await views.close();

  const incremental = dump(dbPath);
  const progress: bigint[] = [];
  const result = await rebuildTierViews({ store, dbPath, regions, batchSize: 50, onProgress: (p) => progress.push(p.position) });
  t.equal(result.position, head2);
  t.equal(progress[progress.length - 1], head2);
  t.notOk(fs.existsSync(`${dbPath}.rebuild`), 'the build file was swapped in');
  t.same(dump(dbPath), incremental, 'rebuilt tables equal the incrementally built ones');

  // The swapped-in file is a working view that keeps up from its checkpoint.
  views = createTierViews({ store, dbPath, regions });
  const head3 = await appendCases(store, 70, 3);
  t.equal(await views.projection.waitFor(head3, 10_000), true);
  t.equal(views.stats({ center: '230300', now }).total, 73);
  await views.close();
});

t.test('a rebuild that holds few cases (written, evicted, read back, changed, written again) equals the live build', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  t.teardown(() => store.close());
  const dbPath = path.join(dir, 'views.db');
  // Cases' lifecycles interleaved event by event, as real cases are: a case comes back long after it was last touched.
  const lifecycles = Array.from({ length: 30 }, (_, i) => {
    const township = townships[i % townships.length]!;
    const c = new CaseScript(township.code, i);
    return { c, events: lifecycle(c, i, { township: township.code, county: township.parentCode!, area: township.code }, T0) };
  });
  let head = 0n;
  for (let k = 0; lifecycles.some((l) => l.events.length > k); k++) {
    for (const { c, events } of lifecycles) if (events[k]) ({ position: head } = await store.append(c.stream, [events[k]!], { expectedRevision: 'any' }));
  }
  const views = createTierViews({ store, dbPath, regions, batchSize: 16 });
  t.equal(await views.projection.waitFor(head, 10_000), true);
  await views.close();
  const live = dump(dbPath);
  t.ok(live.cases.length === 30 && live.counts.length > 0);

  await rebuildTierViews({ store, dbPath, regions, batchSize: 7, retainRows: 3 });
  t.same(dump(dbPath), live, 'rows and counters equal the live build');
});

t.test('a views file from before the queue indexes carried the filter columns gets them on open', async (t) => {
  const dbPath = path.join(t.testdir(), 'views.db');
  const old = openTierViewsDb(dbPath, regions);
  old.exec('DROP INDEX cases_county_queue; CREATE INDEX cases_county_queue ON cases (county_code, is_open, due_sort, reg_order)');
  old.close();
  const db = openTierViewsDb(dbPath, regions);
  t.teardown(() => db.close());
  const columns = (name: string) => (db.pragma(`index_info(${name})`) as { name: string }[]).map((c) => c.name);
  t.same(columns('cases_county_queue'), ['county_code', 'is_open', 'due_sort', 'reg_order', 'status', 'category', 'risk']);
  t.same(columns('cases_own_queue'), ['handling_center', 'is_open', 'due_sort', 'reg_order', 'status', 'category', 'risk']);
});
