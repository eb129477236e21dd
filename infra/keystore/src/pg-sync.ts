import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** A query the database refused (code: its SQLSTATE) or could not run (no code: connection failure). */
export class SyncPgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SyncPgError';
  }
}

/**
 * Synchronous queries against PostgreSQL, for the key store's synchronous port (seal and open run
 * inside view rendering, like SQLite's synchronous reads). A worker thread owns the connection and
 * runs the query; the calling thread blocks on Atomics.wait until the reply is posted — as
 * better-sqlite3 blocks on the disk. One round trip per call (~0.1–0.5 ms on a LAN), so callers
 * cache what they can.
 */
export class SyncPg {
  #worker!: Worker;
  #port!: MessagePort;
  #flag!: Int32Array;
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.#spawn();
  }

  #spawn(): void {
    const shared = new SharedArrayBuffer(4);
    this.#flag = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL('./pg-sync-worker.mjs', import.meta.url), {
      workerData: { connectionString: this.connectionString, port: port2, shared },
      transferList: [port2],
      // Plain JS: none of the parent's loaders (tsx, a test runner's hooks) is needed; they only slow the start.
      execArgv: [],
    });
    // An idle key store must not keep the process alive (its SQLite twin does not).
    this.#worker.unref();
  }

  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): { rows: Row[]; rowCount: number } {
    if (this.#closed) throw new Error('密钥库已关闭 / key store is closed');
    const reply = this.#roundTrip({ sql, params }) as { rows?: Row[]; rowCount?: number; error?: { message: string; code?: string } };
    if (reply.error) throw new SyncPgError(reply.error.message, reply.error.code);
    return { rows: reply.rows ?? [], rowCount: reply.rowCount ?? 0 };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#roundTrip({ close: true });
    } finally {
      void this.#worker.terminate();
    }
  }

  #roundTrip(message: unknown): unknown {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    if (Atomics.wait(this.#flag, 0, 0, this.timeoutMs) === 'timed-out') {
      // Its late reply would answer the next query: start over with a new worker and connection.
      void this.#worker.terminate();
      this.#port.close();
      this.#spawn();
      throw new SyncPgError(`密钥库数据库无响应 / key store database did not answer within ${this.timeoutMs} ms`, undefined);
    }
    const received = receiveMessageOnPort(this.#port);
    if (!received) throw new SyncPgError('密钥库工作线程无应答 / key store worker gave no reply', undefined);
    return received.message;
  }
}
