export * from './projection-runner.js';
export { ensureCheckpointTable, readCheckpoint } from './checkpoints.js';
