import type { Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import type { RebuildProgress } from '@zz/bus';
import { rebuildTierViews } from './tier-views/rebuild.js';
import { rebuildEarlyWarnings } from './early-warnings/index.js';
import { rebuildFlowViews } from './flow-views/rebuild.js';

/** A view `npm run rebuild` knows how to rebuild from zero into its file under DATA_DIR. */
export interface RebuildableView {
  name: string;
  /** File name under DATA_DIR. */
  file: string;
  rebuild(options: { store: EventStore; dbPath: string; regions: readonly Region[]; batchSize?: number; onProgress?: (p: RebuildProgress) => void }): Promise<RebuildProgress>;
}

export const REBUILDABLE_VIEWS: readonly RebuildableView[] = [
  { name: 'tier-views', file: 'views.db', rebuild: rebuildTierViews },
  { name: 'early-warnings', file: 'warnings.db', rebuild: rebuildEarlyWarnings },
  { name: 'flow-views', file: 'flow-views.db', rebuild: rebuildFlowViews },
];
