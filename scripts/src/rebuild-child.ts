// One rebuild in its own process, started by rebuild-jobs.ts: told its job over IPC, reports progress
// and the result back, then exits.
import { openSqliteEventStore } from '@zz/eventstore';
import { rebuildables } from './rebuildables.js';
import type { RebuildChildMessage, RebuildJob } from './rebuild-jobs.js';

const say = (m: RebuildChildMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.once('message', async (job: RebuildJob) => {
  let code = 0;
  let store: ReturnType<typeof openSqliteEventStore> | undefined;
  try {
    store = openSqliteEventStore({ path: job.eventsPath });
    const view = rebuildables(job.config).find((v) => v.name === job.name);
    if (!view) throw new Error(`unknown rebuild ${job.name}`);
    const started = performance.now();
    const result = await view.rebuild({
      store,
      dbPath: job.dbPath,
      regions: job.regions,
      ...(job.batchSize ? { batchSize: job.batchSize } : {}),
      onProgress: (progress) => void say({ type: 'progress', progress }),
    });
    await say({ type: 'done', result: { ...result, seconds: (performance.now() - started) / 1000 } });
  } catch (error) {
    code = 1;
    await say({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    await store?.close();
  }
  process.disconnect();
  process.exitCode = code;
});
