export * from './projection-runner.js';
export { ensureCheckpointTable, readCheckpoint } from './checkpoints.js';
export { rebuildIntoFreshFile } from './rebuild-file.js';
export { useViewJournal, VIEW_WAL_AUTOCHECKPOINT_PAGES } from './view-journal.js';
export { startPgProjection, type PgApplyBatch, type PgProjectionOptions } from './pg-projection-runner.js';
export { ensurePgCheckpoint, readPgCheckpoint } from './pg-checkpoints.js';
