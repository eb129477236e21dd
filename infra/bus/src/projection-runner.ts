import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import { checkpointWriter, ensureCheckpointTable, readCheckpoint } from './checkpoints.js';

/**
 * Applies a batch of events to the view rows. Runs inside the batch's transaction, which also moves
 * the checkpoint: if it throws, neither the rows nor the checkpoint change. Must be synchronous
 * (better-sqlite3 transactions cannot span an await).
 */
export type ApplyBatch = (events: RecordedEvent[], db: Database.Database) => void;

export interface ProjectionOptions {
  store: EventStore;
  /** The view's own database (not the event file); the checkpoint table is created in it. */
  db: Database.Database;
  /** Checkpoint key, unique per projection within `db`. */
  name: string;
  /** Most events applied in one transaction (default 1000). A batch is also cut when the log goes idle. */
  batchSize?: number;
  apply: ApplyBatch;
  /** Called once if the projection stops on an error (e.g. apply threw); the view stays at its last checkpoint. */
  onError?: (error: unknown) => void;
}

export interface RunningProjection {
  readonly name: string;
  /** Global position of the last event committed to the view (0n when none). */
  position(): bigint;
  /** Resolves true once the view has committed `position`, false after `timeoutMs` (or when stopped first). Rejects if the projection failed. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
  /** Ends the subscription after committing what was already read. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once the view has reached the log's head as it was at start. */
  readonly caughtUp: Promise<void>;
  /** Settles when the loop ends: resolves after stop(), rejects with the error that stopped it. */
  readonly done: Promise<void>;
}

const IDLE = Symbol('idle');

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/** Subscribes after the view's checkpoint and keeps the view up to date, one transaction per batch. */
export function startProjection(options: ProjectionOptions): RunningProjection {
  const { store, db, name, apply } = options;
  const batchSize = options.batchSize ?? 1000;
  ensureCheckpointTable(db);
  let committed = readCheckpoint(db, name);
  const writeCheckpoint = checkpointWriter(db, name);
  const commit = db.transaction((batch: RecordedEvent[]) => {
    apply(batch, db);
    writeCheckpoint((batch[batch.length - 1] as RecordedEvent).position);
  });

  const subscription = store.subscribe({ after: committed });
  const waiters = new Set<Waiter>();
  let failure: { error: unknown } | null = null;
  let stopping = false;

  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (e: unknown) => void;
  let isCaughtUp = false;
  const caughtUp = new Promise<void>((res, rej) => {
    resolveCaughtUp = () => ((isCaughtUp = true), res());
    rejectCaughtUp = rej;
  });
  caughtUp.catch(() => {}); // observed through `done` and waitFor as well; never an unhandled rejection
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
  const flush = () => {
    if (batch.length === 0) return;
    const toCommit = batch;
    batch = [];
    commit(toCommit);
    committed = (toCommit[toCommit.length - 1] as RecordedEvent).position;
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
      if (batch.length === 0) {
        result = await pending;
      } else {
        // Cut the batch when the subscription has nothing ready in this turn of the event loop:
        // big batches while catching up, low latency when live.
        idle ??= new Promise((res) => setImmediate(() => res(IDLE)));
        result = await Promise.race([pending, idle]);
      }
      if (result === IDLE) {
        idle = null;
        flush();
        continue; // `pending` is still outstanding
      }
      pending = null;
      if (result.done) break;
      const event = result.value;
      if (event.position <= committed) continue; // already in the view
      batch.push(event);
      if (batch.length >= batchSize) {
        idle = null;
        flush();
        // Catching up runs on microtasks alone: after each full batch give timers and I/O (HTTP
        // requests, the other consumers) a turn, so a long catch-up doesn't starve the process.
        await new Promise<void>((res) => setImmediate(res));
      }
    }
    flush();
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
        const waiter: Waiter = {
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

export interface RebuildProgress {
  /** Position the view is complete up to (its checkpoint): the last event applied, or with `types` the log's head at the end. */
  position: bigint;
  /** The log's head when the rebuild started (grows if the log moved on). */
  head: bigint;
  /** Events applied. */
  events: number;
  /** Events applied per second, average since the start. */
  eventsPerSec: number;
}

export interface RebuildOptions {
  store: EventStore;
  /** A fresh database (no checkpoint yet for `name`): a rebuild never applies on top of old rows. */
  db: Database.Database;
  name: string;
  /** Events per transaction (default 20,000: bulk work favours big transactions). */
  batchSize?: number;
  /**
   * The event types `apply` looks at, when it ignores all others: the store skips the rest (on
   * SQLite in the query), and the checkpoint still ends at the log's head.
   */
  types?: readonly string[];
  apply: ApplyBatch;
  /**
   * Runs in one last transaction after the final batch, for an apply that holds state across
   * batches while rebuilding (it may, because the rebuilt file is not live until it is complete).
   */
  finish?: (db: Database.Database) => void;
  onProgress?: (progress: RebuildProgress) => void;
}

/** Replays the whole log from zero into `db`, with the checkpoint committed with every batch. */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildProgress> {
  const { store, db, name, apply } = options;
  const batchSize = options.batchSize ?? 20_000;
  ensureCheckpointTable(db);
  if (readCheckpoint(db, name) !== 0n) throw new Error(`rebuild of ${name} needs a fresh database: a checkpoint already exists`);
  const writeCheckpoint = checkpointWriter(db, name);
  const commit = db.transaction((batch: RecordedEvent[]) => {
    apply(batch, db);
    writeCheckpoint((batch[batch.length - 1] as RecordedEvent).position);
  });

  let head = await store.headPosition();
  let position = 0n;
  let events = 0;
  const started = performance.now();
  const progress = (): RebuildProgress => {
    const seconds = (performance.now() - started) / 1000;
    return { position, head, events, eventsPerSec: seconds > 0 ? Math.round(events / seconds) : 0 };
  };
  options.onProgress?.(progress());
  const only = options.types ? { types: options.types } : {};
  for (;;) {
    const batch: RecordedEvent[] = [];
    for await (const event of store.readAll({ after: position, maxCount: batchSize, ...only })) batch.push(event);
    if (batch.length === 0) break;
    commit(batch);
    position = (batch[batch.length - 1] as RecordedEvent).position;
    events += batch.length;
    if (position > head) head = position;
    options.onProgress?.(progress());
  }
  // Every event of the chosen types up to the head read at the start has been applied; those after
  // the last one are of other types, so the view is complete up to the head.
  const complete = head > position ? head : position;
  db.transaction(() => {
    if (complete !== position) writeCheckpoint(complete);
    options.finish?.(db); // after: a finish that keeps its own checkpoint (the reactions') has the last word
  })();
  position = complete;
  return progress();
}
