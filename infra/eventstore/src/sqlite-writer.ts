import { Worker } from 'node:worker_threads';
import { openSqliteDatabase } from './sqlite-schema.js';
import { commitBatch, prepareWriter, type AppendOutcome, type AppendRequest } from './sqlite-commit.js';

/** Commits batches of appends; one writer per store. */
export interface SqliteWriter {
  commit(batch: AppendRequest[]): AppendOutcome[] | Promise<AppendOutcome[]>;
  close(): Promise<void>;
}

/**
 * `inline`: writes on the calling thread. With fsync at ~0.1–1 ms per commit and group commit
 * batching under load, this measured faster than a worker here (see bench/append.ts).
 */
export function inlineWriter(path: string): SqliteWriter {
  const db = openSqliteDatabase(path);
  const statements = prepareWriter(db);
  return {
    commit: (batch) => commitBatch(statements, batch),
    close: async () => void db.close(),
  };
}

/**
 * `worker`: writes (and fsyncs) on a worker thread, so the main thread keeps parsing requests
 * while a commit is on disk. Requests and outcomes cross by structured clone.
 */
export function workerWriter(path: string): SqliteWriter {
  const worker = new Worker(new URL('./sqlite-writer-worker-boot.mjs', import.meta.url), {
    workerData: { path },
  });
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve: (o: AppendOutcome[]) => void; reject: (e: unknown) => void }>();
  const failAll = (error: unknown) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (msg: { id: number; outcomes?: AppendOutcome[]; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.outcomes) p.resolve(msg.outcomes);
    else p.reject(new Error(msg.error ?? 'sqlite writer failed'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`sqlite writer exited (${code})`)));
  return {
    commit(batch) {
      const id = nextId++;
      return new Promise<AppendOutcome[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref(); // keep the process alive while a commit is pending
        worker.postMessage({ id, batch });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
