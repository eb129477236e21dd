// The PostgreSQL side of SyncPg (pg-sync.ts): runs one query at a time on its own connection and
// wakes the blocked caller through the shared flag. Plain JS: no loader is needed inside the worker.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { connectionString, port, shared } = workerData;
const flag = new Int32Array(shared);
let client = null;

async function connected() {
  if (client) return client;
  const fresh = new pg.Client({ connectionString });
  // A dropped connection is replaced at the next query rather than crashing the worker.
  fresh.on('error', () => {
    if (client === fresh) client = null;
  });
  await fresh.connect();
  client = fresh;
  return fresh;
}

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on('message', async (request) => {
  if (request.close) {
    await client?.end().catch(() => undefined);
    client = null;
    reply({ closed: true });
    port.close();
    return;
  }
  try {
    const c = await connected();
    const result = await c.query(request.sql, request.params);
    reply({ rows: result.rows, rowCount: result.rowCount });
  } catch (error) {
    // Out of reach (no answer, or the server shutting down / restarting): the next query reconnects.
    const code = error instanceof pg.DatabaseError ? (error.code ?? '') : null;
    if (code === null || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) {
      const broken = client;
      client = null;
      void broken?.end().catch(() => undefined);
    }
    reply({ error: { message: error instanceof Error ? error.message : String(error), code: error?.code } });
  }
});
