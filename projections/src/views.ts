import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import type { RebuildProgress } from '@zz/bus';
import { rebuildTierViews } from './tier-views/rebuild.js';
import { rebuildEarlyWarnings } from './early-warnings/index.js';
import { rebuildFlowViews } from './flow-views/rebuild.js';

/**
 * A file `npm run rebuild` knows how to rebuild from zero under DATA_DIR. The projections' own views are
 * listed here; the services' consumers (deadline clocks, petition index, reactions) are added to the
 * same list by scripts/src/rebuildables.ts, which can see the services (projections cannot).
 */
export interface RebuildableView {
  name: string;
  /** File name under DATA_DIR. */
  file: string;
  /** `note`: anything worth telling the operator besides the counts (e.g. where a checkpoint stands). */
  rebuild(options: { store: EventStore; dbPath: string; regions: readonly Region[]; batchSize?: number; onProgress?: (p: RebuildProgress) => void }): Promise<RebuildProgress & { note?: string }>;
}

export const REBUILDABLE_VIEWS: readonly RebuildableView[] = [
  { name: 'tier-views', file: 'views.db', rebuild: rebuildTierViews },
  { name: 'early-warnings', file: 'warnings.db', rebuild: rebuildEarlyWarnings },
  { name: 'flow-views', file: 'flow-views.db', rebuild: rebuildFlowViews },
];
