import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { RegionDirectory, type Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { startProjection, type RunningProjection } from '@zz/bus';
import { backlogBoard, whistleBoard, type BacklogBoard, type WhistleBoard } from '../boards/queries.js';
import { indicators, type IndicatorsAnswer } from '../indicators/queries.js';
import { caseTimeline, casePlaces, type CasePlace, type TimelinePage } from '../timeline/queries.js';
import { flowViewsApply } from './apply.js';
import { FLOW_VIEWS, FLOW_VIEWS_FILE, openFlowViewsDb } from './schema.js';

export { FLOW_VIEWS, FLOW_VIEWS_FILE, createFlowTables, openFlowViewsDb } from './schema.js';
export { flowViewsApply } from './apply.js';
export { rebuildFlowViews, type RebuildFlowViewsOptions } from './rebuild.js';
export { CASE_STREAM_PREFIXES, caseEventMeta, decodeFlowEvent, flowOfStream, type FlowEvent, type FlowName } from './flow-event.js';

export interface FlowViewsOptions {
  store: EventStore;
  /** The file goes to `<dataDir>/flow-views.db` unless `dbPath` names another. */
  dataDir: string;
  dbPath?: string;
  regions: readonly Region[];
  /** Events per transaction while catching up (default 1000). */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/** The case timeline, whistle board, backlog board and assessment indicators, kept up to date from the store. */
export interface FlowViews {
  readonly db: Database.Database;
  readonly projection: RunningProjection;
  readonly regions: RegionDirectory;
  timeline(q: { caseCode: string; after?: number; limit?: number }): TimelinePage;
  /** Where the case's flow items lie (for jurisdiction); empty when the case is unknown. */
  casePlaces(caseCode: string): CasePlace[];
  whistleBoard(q: { center: string; now: Date; overdueOnly?: boolean; all?: boolean; limit?: number }): WhistleBoard;
  backlogBoard(q: { center: string; now: Date; includeResolved?: boolean; limit?: number }): BacklogBoard;
  indicators(q: { center: string }): IndicatorsAnswer;
  /** Stops the projection and closes the file. */
  close(): Promise<void>;
}

export function createFlowViews(options: FlowViewsOptions): FlowViews {
  const db = openFlowViewsDb(options.dbPath ?? join(options.dataDir, FLOW_VIEWS_FILE));
  const regions = new RegionDirectory(options.regions);
  const apply = flowViewsApply(db, options.regions);
  const projection = startProjection({
    store: options.store,
    db,
    name: FLOW_VIEWS,
    batchSize: options.batchSize ?? 1000,
    apply: (events) => apply(events),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return {
    db,
    projection,
    regions,
    timeline: (q) => caseTimeline(db, q, regions),
    casePlaces: (caseCode) => casePlaces(db, caseCode),
    whistleBoard: (q) => whistleBoard(db, regions, q),
    backlogBoard: (q) => backlogBoard(db, regions, q),
    indicators: (q) => indicators(db, regions, q),
    async close() {
      await projection.stop();
      db.close();
    },
  };
}
