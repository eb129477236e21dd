import type Database from 'better-sqlite3';
import type { Region } from '@zz/contracts';
import type { RecordedEvent } from '@zz/eventstore';
import { boardsApply } from '../boards/projector.js';
import { indicatorsApply } from '../indicators/projector.js';
import { timelineApply } from '../timeline/projector.js';
import { areaResolver } from '../tier-views/area.js';

/**
 * One batch apply for every flow view, run inside the projection's transaction: the timeline,
 * both boards and the indicators move together with the one checkpoint.
 */
export function flowViewsApply(db: Database.Database, regions: readonly Region[]): (events: RecordedEvent[]) => void {
  const areas = areaResolver(regions);
  const parts = [timelineApply(db), boardsApply(db, areas), indicatorsApply(db, areas)];
  return (events) => {
    for (const part of parts) part(events);
  };
}
