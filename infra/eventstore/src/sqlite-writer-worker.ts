// Worker-thread entry of the `worker` SQLite writer: owns the write connection.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './sqlite-schema.js';
import { commitBatch, prepareWriter, type AppendRequest } from './sqlite-commit.js';

const db = openSqliteDatabase((workerData as { path: string }).path);
const statements = prepareWriter(db);

parentPort?.on('message', ({ id, batch }: { id: number; batch: AppendRequest[] }) => {
  try {
    parentPort?.postMessage({ id, outcomes: commitBatch(statements, batch) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
