import type pg from 'pg';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import { ensurePgCheckpoint, lockCheckpoint, writePgCheckpoint } from './pg-checkpoints.js';
import type { RunningProjection } from './projection-runner.js';

/**
 * Applies a batch of events to view rows in PostgreSQL, on `tx`, inside the batch's transaction that
 * also moves the checkpoint: if it throws (or rejects), neither the rows nor the checkpoint change.
 */
export type PgApplyBatch = (events: RecordedEvent[], tx: pg.PoolClient) => Promise<void>;

export interface PgProjectionOptions {
  store: EventStore;
  /** The read-model database; the checkpoint table is created in it. */
  pool: pg.Pool;
  /** Checkpoint key, unique per projection within the database. */
  name: string;
  /** Most events applied in one transaction (default 1000). A batch is also cut when the log goes idle. */
  batchSize?: number;
  apply: PgApplyBatch;
  /** Called once if the projection stops on an error (e.g. apply threw); the view stays at its last checkpoint. */
  onError?: (error: unknown) => void;
}

const IDLE = Symbol('idle');

/**
 * The PostgreSQL twin of startProjection (projection-runner.ts): subscribes after the view's
 * checkpoint and keeps the view up to date, one transaction per batch — view rows and checkpoint
 * together. Each transaction locks the checkpoint row and applies only the events after it, so
 * several instances of one projection (on any nodes) can run at once: they take turns per batch, and
 * every event is applied exactly once.
 */
export async function startPgProjection(options: PgProjectionOptions): Promise<RunningProjection> {
  const { store, pool, name, apply } = options;
  const batchSize = options.batchSize ?? 1000;
  let committed = await ensurePgCheckpoint(pool, name);

  /** Commits the part of `batch` after the checkpoint; returns the checkpoint afterwards. */
  const commit = async (batch: RecordedEvent[]): Promise<bigint> => {
    const tx = await pool.connect();
    let broken = false;
    try {
      await tx.query('BEGIN');
      const stored = await lockCheckpoint(tx, name);
      const fresh = batch.filter((e) => e.position > stored);
      const last = fresh[fresh.length - 1];
      if (last) {
        await apply(fresh, tx);
        await writePgCheckpoint(tx, name, last.position);
      }
      await tx.query('COMMIT');
      return last ? last.position : stored;
    } catch (error) {
      // A connection that cannot even roll back is broken: it is not handed to the next batch.
      broken = !(await tx.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
      throw error;
    } finally {
      tx.release(broken);
    }
  };

  const subscription = store.subscribe({ after: committed });
  const waiters = new Set<{ position: bigint; resolve: (reached: boolean) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();
  let failure: { error: unknown } | null = null;
  let stopping = false;
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (e: unknown) => void;
  let isCaughtUp = false;
  const caughtUp = new Promise<void>((res, rej) => {
    resolveCaughtUp = () => ((isCaughtUp = true), res());
    rejectCaughtUp = rej;
  });
  caughtUp.catch(() => {});
  let head: bigint | null = null;
  const checkCaughtUp = () => {
    if (!isCaughtUp && head !== null && committed >= head) resolveCaughtUp();
  };
  const settleWaiters = () => {
    for (const w of waiters) {
      if (failure) w.reject(failure.error);
      else if (committed >= w.position) w.resolve(true);
      else if (stopping) w.resolve(false);
      else continue;
      clearTimeout(w.timer);
      waiters.delete(w);
    }
  };

  let batch: RecordedEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const toCommit = batch;
    batch = [];
    const checkpoint = await commit(toCommit);
    if (checkpoint > committed) committed = checkpoint;
    settleWaiters();
    checkCaughtUp();
  };

  const loop = async () => {
    head = await store.headPosition();
    checkCaughtUp();
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | null = null;
    let idle: Promise<typeof IDLE> | null = null;
    for (;;) {
      pending ??= iterator.next();
      let result: IteratorResult<RecordedEvent> | typeof IDLE;
      if (batch.length === 0) result = await pending;
      else {
        // Cut the batch when nothing more is ready in this turn: big batches catching up, low latency live.
        idle ??= new Promise((res) => setImmediate(() => res(IDLE)));
        result = await Promise.race([pending, idle]);
      }
      if (result === IDLE) {
        idle = null;
        await flush();
        continue; // `pending` is still outstanding
      }
      pending = null;
      if (result.done) break;
      if (result.value.position <= committed) continue; // already in the view
      batch.push(result.value);
      if (batch.length >= batchSize) {
        idle = null;
        await flush();
      }
    }
    await flush();
  };

  const done = loop().then(
    () => {
      stopping = true;
      settleWaiters();
      if (!isCaughtUp) rejectCaughtUp(new Error(`projection ${name} stopped before catching up`));
    },
    async (error: unknown) => {
      failure = { error };
      settleWaiters();
      rejectCaughtUp(error);
      await subscription.close().catch(() => {});
      options.onError?.(error);
      throw error;
    },
  );
  done.catch(() => {});

  return {
    name,
    position: () => committed,
    waitFor(position, timeoutMs) {
      if (failure) return Promise.reject(failure.error);
      if (committed >= position) return Promise.resolve(true);
      if (stopping) return Promise.resolve(false);
      return new Promise<boolean>((resolve, reject) => {
        const waiter = {
          position,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            resolve(false);
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    async stop() {
      stopping = true;
      await subscription.close();
      await done.catch(() => {});
      settleWaiters();
    },
    caughtUp,
    done,
  };
}
