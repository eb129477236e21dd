/**
 * Bench input for the Kafka phase: intake events in their stored shape (the projections' fixtures:
 * registration, accept, assess, route, close, follow-up, reopen), spread over every demo township,
 * as (stream, event) pairs — interleaved across cases so a case's events are spread over the log
 * the way live traffic spreads them.
 */
import { jixiDemoRegions } from '@zz/contracts';
import type { EventData } from '@zz/eventstore';
import { CaseScript, lifecycle } from '../../../../projections/src/tier-views/fixtures.js';

export interface StreamEvent {
  stream: string;
  event: EventData;
}

const townships = jixiDemoRegions().filter((r) => r.tier === 'township');
const T0 = Date.parse('2025-03-01T00:00:00Z');

/** At least `count` events (whole cases), interleaved across `window` cases at a time. */
export function intakeEvents(count: number, seed = 0, window = 64): StreamEvent[] {
  const perCase: StreamEvent[][] = [];
  let total = 0;
  for (let i = seed; total < count; i++) {
    const township = townships[i % townships.length]!;
    const c = new CaseScript(township.code, i);
    const events = lifecycle(c, i, { township: township.code, county: township.parentCode!, area: i % 2 ? `${township.code}001` : township.code }, T0);
    perCase.push(events.map((event) => ({ stream: c.stream, event })));
    total += events.length;
  }
  const out: StreamEvent[] = [];
  for (let from = 0; from < perCase.length; from += window) {
    const group = perCase.slice(from, from + window);
    for (let k = 0; group.some((g) => k < g.length); k++) for (const g of group) if (k < g.length) out.push(g[k]!);
  }
  return out;
}
