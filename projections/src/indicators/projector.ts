import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@zz/eventstore';
import { decodeFlowEvent } from '../flow-views/flow-event.js';
import { countingCenters, type AreaResolver } from '../tier-views/area.js';
import { evolveDispute, evolveMediation, evolvePetition, evolvePetitionClock, metricsOf, PETITION_ANSWER_CLOCK, type ItemState } from './item-state.js';

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
    return {
      id: e.data.caseId,
      flow: 'dispute',
      ...(e.type === 'DisputeRegistered' ? { areaCode: e.data.areaCode } : {}),
      next: (p) => evolveDispute(p?.kind === 'dispute' ? p : undefined, e, r.occurredAt),
    };
  }
  if (fe.flow === 'petition') {
    const e = fe.event;
    return {
      id: e.data.petitionId,
      flow: 'petition',
      ...(e.type === 'PetitionRegistered' ? { areaCode: e.data.areaCode } : {}),
      next: (p) => evolvePetition(p?.kind === 'petition' ? p : undefined, e),
    };
  }
  if (fe.flow === 'deadline') {
    const e = fe.event;
    // Only the answer clock's extensions and pauses change an indicator (按期办结); its id is petition.answer:<petitionId>.
    if (e.data.policyId !== PETITION_ANSWER_CLOCK || e.type === 'DeadlineApproaching' || e.type === 'DeadlineMissed') return undefined;
    const petitionId = e.data.clockId.slice(PETITION_ANSWER_CLOCK.length + 1);
    return { id: petitionId, flow: 'petition', next: (p) => evolvePetitionClock(p?.kind === 'petition' ? p : undefined, e) };
  }
  if (fe.flow === 'mediation') {
    const e = fe.event;
    return {
      id: e.data.mediationId,
      flow: 'mediation',
      ...(e.type === 'MediationOpened' ? { areaCode: e.data.areaCode } : {}),
      next: (p) => evolveMediation(p?.kind === 'mediation' ? p : undefined, e),
    };
  }
  return undefined;
}

/** An item as the batch has made it so far: read from the table once, written back once at the end of the batch. */
interface HeldItem {
  flow: string;
  place: Pick<ItemRow, 'township_code' | 'county_code' | 'city_code'> | undefined;
  state: ItemState | undefined;
  /** The counters the item added one to in the table before this batch. */
  counted: readonly string[];
  metrics: readonly string[];
  lastPosition: number;
  changed: boolean;
}

/**
 * The indicators' batch apply (inside the caller's transaction): evolve each item's state, and
 * move the counters by the difference between what it counted before and what it counts now.
 * Counters that reach zero are removed, so the table doesn't depend on how events were batched.
 * An item is read once per batch and written once, however many of its events the batch holds: the
 * same rows as one read and one write per event.
 */
export function indicatorsApply(db: Database.Database, areas: AreaResolver): (events: RecordedEvent[]) => void {
  const select = db.prepare('SELECT * FROM indicator_items WHERE item_id = ?');
  const put = db.prepare(
    // An upsert changes the row in place; REPLACE deleted it and inserted it again.
    `INSERT INTO indicator_items (item_id, flow, township_code, county_code, city_code, state, metrics, last_position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET flow = excluded.flow, state = excluded.state, metrics = excluded.metrics, last_position = excluded.last_position`,
  );
  const bump = db.prepare('INSERT INTO indicator_counts (center, metric, n) VALUES (?, ?, ?) ON CONFLICT (center, metric) DO UPDATE SET n = n + excluded.n');
  const dropEmpty = db.prepare('DELETE FROM indicator_counts WHERE center = ? AND metric = ? AND n = 0');

  const load = (id: string, flow: string): HeldItem => {
    const row = select.get(id) as ItemRow | undefined;
    if (!row) return { flow, place: undefined, state: undefined, counted: [], metrics: [], lastPosition: -1, changed: false };
    const counted = row.metrics ? row.metrics.split(',') : [];
    return { flow: row.flow, place: row, state: JSON.parse(row.state) as ItemState, counted, metrics: counted, lastPosition: row.last_position, changed: false };
  };

  return (events) => {
    const held = new Map<string, HeldItem>();
    for (const r of events) {
      const s = stepOf(r);
      if (!s) continue;
      let item = held.get(s.id);
      if (!item) held.set(s.id, (item = load(s.id, s.flow)));
      const position = Number(r.position);
      if (item.lastPosition >= position) continue; // already applied
      const next = s.next(item.state);
      if (!next) continue;
      if (!item.place) {
        if (!s.areaCode) continue; // an item's first event must place it
        const a = areas(s.areaCode);
        item.place = { township_code: a.township, county_code: a.county, city_code: a.city };
      }
      item.flow = s.flow;
      item.state = next;
      item.metrics = metricsOf(next);
      item.lastPosition = position;
      item.changed = true;
    }

    const deltas = new Map<string, number>();
    for (const [id, item] of held) {
      if (!item.changed) continue;
      const place = item.place!;
      const centers = countingCenters({ township: place.township_code, county: place.county_code, city: place.city_code });
      for (const [list, sign] of [
        [item.counted, -1],
        [item.metrics, 1],
      ] as const) {
        for (const metric of list) for (const center of centers) deltas.set(`${center}\u0000${metric}`, (deltas.get(`${center}\u0000${metric}`) ?? 0) + sign);
      }
      put.run(id, item.flow, place.township_code, place.county_code, place.city_code, JSON.stringify(item.state), item.metrics.join(','), item.lastPosition);
    }
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [center, metric] = key.split('\u0000') as [string, string];
      bump.run(center, metric, n);
      if (n < 0) dropEmpty.run(center, metric);
    }
  };
}
