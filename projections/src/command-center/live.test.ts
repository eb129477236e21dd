import path from 'node:path';
import t, { type Test } from 'tap';
import { jixiDemoRegions, RegionDirectory } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { createHttpApp, signToken } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { CaseScript } from '../tier-views/fixtures.js';
import { createTierViews } from '../tier-views/index.js';
import { commandCenterOf, commandCenterRoutes } from './plugin.js';
import { liveEventOf, openLiveStream } from './live/sse-client.js';
import type { LiveEvent } from './live/live-event.js';

const SECRET = 'live-test-secret-live-test-secret';
const regionList = jixiDemoRegions();
const T1 = '230302101';
const T2 = '230302102';
const token = (role: 'command_viewer' | 'intake_clerk' | 'supervisor', center: string) => signToken(SECRET, { userId: `${role}@${center}`, role, centerCode: center });

async function setup(t: Test) {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: path.join(dir, 'events.db') });
  const keys = openKeyStore({ path: path.join(dir, 'keys.db'), hashSecret: 'live-test-pii-secret' });
  const views = createTierViews({ store, dbPath: path.join(dir, 'views.db'), regions: regionList });
  const app = await createHttpApp({ jwtSecret: SECRET, logger: { level: 'warn' }, defaultMetrics: false });
  await app.register(commandCenterRoutes, { store, views, vault: keys, regions: new RegionDirectory(regionList), dataDir: dir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  t.teardown(async () => {
    await app.close();
    await views.close();
    await store.close();
    keys.close();
  });
  let seq = 0;
  const register = async (township: string) => {
    const c = new CaseScript(township, ++seq);
    const r = await store.append(c.stream, [c.registered(`${township}001`, new Date().toISOString())], { expectedRevision: 'no_stream' });
    return { c, position: Number(r.position) };
  };
  return { store, app, base, register, hub: commandCenterOf(app)!.hub };
}

/** A viewer's stream: collects live events; `until(pred)` resolves when a received event matches. */
function viewer(base: string, tok: string, lastEventId: number | null = null) {
  const events: LiveEvent[] = [];
  const raw: string[] = [];
  const waits: { pred: (e: LiveEvent) => boolean; resolve: () => void }[] = [];
  const ctl = new AbortController();
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  const done = openLiveStream(base, tok, {
    lastEventId,
    signal: ctl.signal,
    onOpen: () => opened(),
    onMessage: (m) => {
      raw.push(m.data);
      const e = liveEventOf(m);
      if (!e) return;
      events.push(e);
      for (const w of [...waits]) if (w.pred(e)) waits.splice(waits.indexOf(w), 1), w.resolve();
    },
  });
  return {
    events,
    raw,
    open,
    done,
    until: (pred: (e: LiveEvent) => boolean) => (events.some(pred) ? Promise.resolve() : new Promise<void>((resolve) => waits.push({ pred, resolve }))),
    close: () => ctl.abort(),
  };
}

t.test('each viewer gets only its jurisdiction, with no personal data', async (t) => {
  const { base, register } = await setup(t);
  const t1 = viewer(base, token('intake_clerk', T1));
  const t2 = viewer(base, token('intake_clerk', T2));
  const county = viewer(base, token('supervisor', '230302'));
  const other = viewer(base, token('supervisor', '230303')); // another county
  await Promise.all([t1.open, t2.open, county.open, other.open]);
  const a = await register(T1);
  const b = await register(T2);
  // Events arrive in log order: once T1's viewer has a later event of its own, the T2 event (in between) was filtered, not delayed.
  const c = await register(T1);
  await Promise.all([t1.until((e) => e.position === c.position), t2.until((e) => e.position === b.position), county.until((e) => e.position === c.position)]);
  const d = await register('230303101');
  await other.until((e) => e.position === d.position);
  t.same(
    t1.events.map((e) => e.caseCode),
    [a.c.caseCode, c.c.caseCode],
    'township 1 sees only its own cases',
  );
  t.same(
    t2.events.map((e) => e.caseCode),
    [b.c.caseCode],
    'township 2 sees only its own case',
  );
  t.same(
    county.events.map((e) => e.position),
    [a.position, b.position, c.position],
    'the county sees both townships',
  );
  t.same(
    other.events.map((e) => e.caseCode),
    [d.c.caseCode],
    'another county sees none of them',
  );
  for (const data of [...t1.raw, ...county.raw]) t.notMatch(data, /ciphertext|keyId|title|parties|description|idHash/, 'no sealed or personal fields on the wire');
  t.match(county.events[0], { type: 'DisputeRegistered', areaCode: `${T1}001`, handlingCenter: T1, category: 'neighbours' });
  for (const v of [t1, t2, county, other]) v.close();
});

t.test('a dropped stream resumes from Last-Event-ID: no gap, no duplicate', async (t) => {
  const { base, register, hub } = await setup(t);
  const tok = token('command_viewer', '230300');
  const first = viewer(base, tok);
  await first.open;
  const a = await register(T1);
  await first.until((e) => e.position === a.position);
  // The server ends every stream; the client's stream ends too.
  hub.dropAll();
  await first.done;
  // Appended while nobody is connected.
  const missed = [await register(T2), await register(T1), await register('230303101')];
  const last = first.events[first.events.length - 1]!.position;
  const second = viewer(base, tok, last);
  await second.open;
  const live = await register(T2);
  await second.until((e) => e.position === live.position);
  const all = [...first.events, ...second.events].map((e) => e.position);
  t.same(all, [a.position, ...missed.map((m) => m.position), live.position], 'every event exactly once, in order');
  t.same(new Set(all).size, all.length, 'no duplicates');
  second.close();
});

t.test('resume replays only events in the viewer’s jurisdiction', async (t) => {
  const { base, register } = await setup(t);
  const before = await register(T1);
  const skipped = await register(T2);
  const mine = await register(T1);
  const v = viewer(base, token('intake_clerk', T1), before.position - 1);
  await v.open;
  await v.until((e) => e.position === mine.position);
  t.same(
    v.events.map((e) => e.position),
    [before.position, mine.position],
  );
  t.notOk(v.events.some((e) => e.position === skipped.position));
  v.close();
});

t.test('auth and bad resume ids', async (t) => {
  const { app } = await setup(t);
  t.equal((await app.inject({ url: '/api/live' })).statusCode, 401);
  const bad = await app.inject({ url: '/api/live', headers: { authorization: `Bearer ${token('command_viewer', '230300')}`, 'last-event-id': 'abc' } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { error: 'validation_failed' });
});
