// The hub's replay limit counts events, on a store whose positions are byte offsets (EventStoreDB).
import t, { type Test } from 'tap';
import { jixiDemoRegions, RegionDirectory } from '@zz/contracts';
import { openEsdbEventStore } from '@zz/eventstore';
import { FakeEsdbClient } from '@zz/eventstore/testing';
import { CaseScript } from '../../tier-views/fixtures.js';
import { LiveHub } from './hub.js';
import type { LiveEvent } from './live-event.js';

const TOWNSHIP = '230302101';

async function setup(t: Test) {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client, resubscribeBackoff: { initialMs: 1, maxMs: 4 } });
  const hub = new LiveHub({ store, regions: new RegionDirectory(jixiDemoRegions()), lookup: () => undefined, maxReplay: 5 });
  t.teardown(async () => {
    await hub.close();
    await store.close();
  });
  let seq = 0;
  const register = async () => {
    const c = new CaseScript(TOWNSHIP, ++seq);
    return Number((await store.append(c.stream, [c.registered(`${TOWNSHIP}001`, new Date().toISOString())], { expectedRevision: 'no_stream' })).position);
  };
  const delivered = (position: number) => new Promise<void>((resolve) => (hub.onDelivered = (e) => e.position >= position && resolve()));
  const viewer = () => {
    const got: LiveEvent[] = [];
    let resets = 0;
    return { got, resets: () => resets, onReset: () => void resets++, viewer: { center: TOWNSHIP, send: (_f: string, e: LiveEvent) => (got.push(e), true), drop: () => {} } };
  };
  return { hub, register, delivered, viewer };
}

t.test('a reconnect that missed a few events replays them, though their positions lie far apart', async (t) => {
  const { hub, register, delivered, viewer } = await setup(t);
  await hub.start();
  const seen = await register();
  await delivered(seen);
  let last = 0;
  for (let i = 0; i < 4; i++) last = await register();
  await delivered(last);
  const v = viewer();
  await hub.connect(v.viewer, seen, v.onReset);
  t.equal(v.resets(), 0, '4 events behind, limit 5: no reset (positions differ by hundreds)');
  t.equal(v.got.length, 4, 'the 4 missed events replayed');
  t.equal(v.got[v.got.length - 1]?.position, last);
});

t.test('more events missed than the limit, or a resume id the store never gave out: reset', async (t) => {
  const { hub, register, delivered, viewer } = await setup(t);
  await hub.start();
  const seen = await register();
  await delivered(seen);
  let last = 0;
  for (let i = 0; i < 6; i++) last = await register();
  await delivered(last);
  const far = viewer();
  await hub.connect(far.viewer, seen, far.onReset);
  t.equal(far.resets(), 1, '6 events behind, limit 5: reset');
  t.same(far.got, [], 'nothing replayed');
  const bogus = viewer();
  await hub.connect(bogus.viewer, seen + 1, bogus.onReset);
  t.equal(bogus.resets(), 1, 'an id inside a record: reset instead of an error');
});
