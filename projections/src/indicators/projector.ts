import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@zz/eventstore';
import { decodeFlowEvent } from '../flow-views/flow-event.js';
import { countingCenters, type AreaResolver } from '../tier-views/area.js';
import { evolveDispute, evolveMediation, evolvePetition, metricsOf, type ItemState } from './item-state.js';

interface ItemRow {
  item_id: string;
  flow: string;
  township_code: string | null;
  county_code: string | null;
  city_code: string | null;
  state: string;
  metrics: string;
  last_position: number;
}

type Step = { id: string; flow: string; areaCode?: string; next: (prev: ItemState | undefined) => ItemState | undefined };

/** The item an event is about, its opening area (only on the opening event) and how it moves the item's state. */
function stepOf(r: RecordedEvent): Step | undefined {
  const fe = decodeFlowEvent(r);
  if (!fe?.event) return undefined;
  if (fe.flow === 'dispute') {
    const e = fe.event;
    return { id: e.data.caseId, flow: 'dispute', ...(e.type === 'DisputeRegistered' ? { areaCode: e.data.areaCode } : {}), next: (p) => evolveDispute(p?.kind === 'dispute' ? p : undefined, e, r.occurredAt) };
  }
  if (fe.flow === 'petition') {
    const e = fe.event;
    return { id: e.data.petitionId, flow: 'petition', ...(e.type === 'PetitionRegistered' ? { areaCode: e.data.areaCode } : {}), next: (p) => evolvePetition(p?.kind === 'petition' ? p : undefined, e) };
  }
  if (fe.flow === 'mediation') {
    const e = fe.event;
    return { id: e.data.mediationId, flow: 'mediation', ...(e.type === 'MediationOpened' ? { areaCode: e.data.areaCode } : {}), next: (p) => evolveMediation(p?.kind === 'mediation' ? p : undefined, e) };
  }
  return undefined;
}

/**
 * The indicators' batch apply (inside the caller's transaction): evolve each item's state, and
 * move the counters by the difference between what it counted before and what it counts now.
 * Counters that reach zero are removed, so the table doesn't depend on how events were batched.
 */
export function indicatorsApply(db: Database.Database, areas: AreaResolver): (events: RecordedEvent[]) => void {
  const select = db.prepare('SELECT * FROM indicator_items WHERE item_id = ?');
  const put = db.prepare(
    `INSERT OR REPLACE INTO indicator_items (item_id, flow, township_code, county_code, city_code, state, metrics, last_position)
     VALUES (@item_id, @flow, @township_code, @county_code, @city_code, @state, @metrics, @last_position)`,
  );
  const bump = db.prepare('INSERT INTO indicator_counts (center, metric, n) VALUES (?, ?, ?) ON CONFLICT (center, metric) DO UPDATE SET n = n + excluded.n');
  const dropEmpty = db.prepare('DELETE FROM indicator_counts WHERE center = ? AND metric = ? AND n = 0');

  return (events) => {
    const deltas = new Map<string, number>();
    for (const r of events) {
      const s = stepOf(r);
      if (!s) continue;
      const id = s.id;
      const row = select.get(id) as ItemRow | undefined;
      if (row && row.last_position >= Number(r.position)) continue; // already applied
      const next = s.next(row ? (JSON.parse(row.state) as ItemState) : undefined);
      if (!next) continue;
      let place: Pick<ItemRow, 'township_code' | 'county_code' | 'city_code'>;
      if (row) place = row;
      else if (s.areaCode) {
        const a = areas(s.areaCode);
        place = { township_code: a.township, county_code: a.county, city_code: a.city };
      } else continue;
      const before = row ? (row.metrics ? row.metrics.split(',') : []) : [];
      const after = metricsOf(next);
      const centers = countingCenters({ township: place.township_code, county: place.county_code, city: place.city_code });
      for (const [list, sign] of [
        [before, -1],
        [after, 1],
      ] as const) {
        for (const metric of list) for (const center of centers) deltas.set(`${center}\u0000${metric}`, (deltas.get(`${center}\u0000${metric}`) ?? 0) + sign);
      }
      put.run({ item_id: id, flow: s.flow, ...place, state: JSON.stringify(next), metrics: after.join(','), last_position: Number(r.position) });
    }
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [center, metric] = key.split('\u0000') as [string, string];
      bump.run(center, metric, n);
      if (n < 0) dropEmpty.run(center, metric);
    }
  };
}
