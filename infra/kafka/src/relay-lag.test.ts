// The relay's lag counts events, whatever the store's positions are (byte offsets on EventStoreDB).
import t from 'tap';
import { contractEvent, openEsdbEventStore } from '@zz/eventstore';
import { FakeEsdbClient } from '@zz/eventstore/testing';
import { RelayLag, countEventsAfter } from './relay-lag.js';

t.test('lag is a count of events, bounded, and estimated between counts while catching up', async (t) => {
  const client = new FakeEsdbClient();
  const store = openEsdbEventStore({ client });
  const positions: bigint[] = [];
  for (let i = 0; i < 10; i++) positions.push((await store.append(`lag-${i}`, [contractEvent()], { expectedRevision: 'no_stream' })).position);
  t.equal(await countEventsAfter(store, positions[3]!), 6n, '6 events after the 4th, though positions differ by hundreds');
  t.equal(await countEventsAfter(store, positions[3]!, 4), 4n, 'stops at the limit');
  t.equal(await countEventsAfter(store, positions[9]!), 0n);

  let now = 0;
  const lag = new RelayLag(store, 1000, () => now);
  t.equal(await lag.after(positions[1]!, 2, true), 8n, 'first full batch: counted');
  t.equal(await lag.after(positions[3]!, 2, true), 6n, 'within the interval: last count less what was relayed');
  now = 2000;
  await store.append('lag-x', [contractEvent()], { expectedRevision: 'no_stream' });
  t.equal(await lag.after(positions[5]!, 2, true), 5n, 'after the interval: counted again');
  t.equal(await lag.after(positions[9]!, 1, false), 1n, 'a batch that was not full: counted');
  t.equal(client.openCalls, 0, 'every counting read ended');
});
