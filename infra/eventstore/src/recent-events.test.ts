import t from 'tap';
import type { RecordedEvent } from './port.js';
import { RecentEvents } from './recent-events.js';

const at = (position: number) => ({ position: BigInt(position) }) as RecordedEvent;

t.test('serves the contiguous run after a position, stops at the first event not held', async (t) => {
  const recent = new RecentEvents(4);
  [1, 2, 3].forEach((p) => {
    recent.remember(at(p));
  });
  t.same(
    recent.page(0n, 10).map((e) => e.position),
    [1n, 2n, 3n],
  );
  t.same(
    recent.page(1n, 1).map((e) => e.position),
    [2n],
    'limit honoured',
  );
  t.same(recent.page(3n, 10), [], 'nothing after the newest');
  recent.remember(at(5));
  t.same(
    recent.page(2n, 10).map((e) => e.position),
    [3n],
    'stops at the gap (4 never read)',
  );
});

t.test('a slot overwritten by a later position is not served for the earlier one', async (t) => {
  const recent = new RecentEvents(4);
  [1, 2, 3, 4, 5, 6].forEach((p) => {
    recent.remember(at(p));
  });
  t.same(recent.page(0n, 10), [], 'position 1 was overwritten by 5');
  t.same(
    recent.page(2n, 10).map((e) => e.position),
    [3n, 4n, 5n, 6n],
  );
});
