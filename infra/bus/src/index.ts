export * from './projection-runner.js';
export { ensureCheckpointTable, readCheckpoint } from './checkpoints.js';
export { rebuildIntoFreshFile } from './rebuild-file.js';
