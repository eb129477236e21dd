// Plain-JS entry of the writer worker: on Node 20, `--import` loaders are not applied inside
// worker threads, so register tsx here before loading the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-worker.ts');
