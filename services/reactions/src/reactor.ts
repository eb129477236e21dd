import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensureCheckpointTable, readCheckpoint, useViewJournal } from '@zz/bus';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import { createReactionExecutor, type ReactionExecutor, type ReactionOutcome, type ReactionServices } from './executor.js';
import { react, type ReactableEvent, type ReactOptions } from './react.js';
import type { ReactionCommand } from './reaction-command.js';
import { ensureReactionLog, reactionLogWriter } from './reaction-log.js';

/** Checkpoint key of the reactor in its file. */
export const REACTIONS_CHECKPOINT = 'reactions';
export const REACTIONS_DB_FILE = 'reactions.db';

/** A pino-like logger; reactions log ids, types and reason codes only. */
export interface ReactionsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * One event through every reaction: react, then run the commands in order. The transport-neutral
 * core: the in-process reactor below calls it, and a Kafka consumer would call it per message and
 * commit its offset afterwards (a redelivered message replays under the same Idempotency-Keys).
 */
export async function handleEvent(event: ReactableEvent, execute: ReactionExecutor, options: ReactOptions = {}): Promise<{ command: ReactionCommand; outcome: ReactionOutcome }[]> {
  return runCommands(react(event, options), execute);
}

async function runCommands(commands: ReactionCommand[], execute: ReactionExecutor): Promise<{ command: ReactionCommand; outcome: ReactionOutcome }[]> {
  const results: { command: ReactionCommand; outcome: ReactionOutcome }[] = [];
  for (const command of commands) results.push({ command, outcome: await execute(command) });
  return results;
}

export interface StartReactionsOptions extends ReactionServices, ReactOptions {
  store: EventStore;
  /** The reactor keeps its checkpoint and log in DATA_DIR/reactions.db (its own file). */
  dataDir: string;
  now?: () => Date;
  log?: ReactionsLog;
  /** Called once if the reactor stops on an error; it resumes from its checkpoint when restarted. */
  onError?: (error: unknown) => void;
}

export interface RunningReactions {
  /** Global position of the last event whose reactions have all run (0n when none). */
  position(): bigint;
  /** Resolves true once every reaction to events up to `position` has run; false on timeout or stop. Rejects if the reactor failed. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
  /** Resolves once the reactor has reached the log's head as it was at start. */
  readonly caughtUp: Promise<void>;
  /** Settles when the loop ends: resolves after stop(), rejects with the error that stopped it. */
  readonly done: Promise<void>;
  /** Stops after the event in hand, stores the checkpoint and closes the file. Idempotent. */
  stop(): Promise<void>;
  /** For /ready: ok once the reactor has caught up with the log, and for as long as it keeps running. */
  readiness(): { ok: boolean; detail: string };
}

/** Events handled between turns given back to the event loop while catching up. */
const YIELD_EVERY = 1000;
const IDLE = Symbol('idle');
/** Events without reactions move the checkpoint at least this often (and whenever the log goes idle). */
const CHECKPOINT_EVERY = 1000;

/**
 * The cross-flow reactions as a checkpointed subscription. Each event's commands run first, then its
 * position is stored (with the reaction log rows, in one transaction). A crash in between means the
 * event runs again after restart — its commands carry Idempotency-Keys derived from its id, so the
 * second run appends nothing.
 */
export function startReactions(options: StartReactionsOptions): RunningReactions {
  const { store, log } = options;
  const now = options.now ?? (() => new Date());
  const reactOptions: ReactOptions = options.cityCode ? { cityCode: options.cityCode } : {};
  const execute = createReactionExecutor({ intake: options.intake, mediation: options.mediation });

  const db = new Database(join(options.dataDir, REACTIONS_DB_FILE));
  useViewJournal(db);
  ensureCheckpointTable(db);
  ensureReactionLog(db);
  const storeCheckpoint = db.prepare('INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
  const writeLog = reactionLogWriter(db);
  const commit = db.transaction((position: bigint, results: { command: ReactionCommand; outcome: ReactionOutcome }[]) => {
    for (const r of results) writeLog(position, r.command, r.outcome, now());
    storeCheckpoint.run(REACTIONS_CHECKPOINT, position);
  });

  let stored = readCheckpoint(db, REACTIONS_CHECKPOINT);
  let processed = stored;
  const persist = () => {
    if (processed > stored && db.open) {
      commit(processed, []);
      stored = processed;
    }
  };

  const subscription = store.subscribe({ after: stored });
  let failure: { error: unknown } | null = null;
  let stopping = false;
  const waiters = new Set<{ position: bigint; resolve: (ok: boolean) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();
  const settleWaiters = () => {
    for (const w of waiters) {
      if (failure) w.reject(failure.error);
      else if (processed >= w.position) w.resolve(true);
      else if (stopping) w.resolve(false);
      else continue;
      clearTimeout(w.timer);
      waiters.delete(w);
    }
  };

  let head: bigint | null = null;
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (e: unknown) => void;
  let isCaughtUp = false;
  const caughtUp = new Promise<void>((res, rej) => {
    resolveCaughtUp = () => ((isCaughtUp = true), res());
    rejectCaughtUp = rej;
  });
  caughtUp.catch(() => {});
  const checkCaughtUp = () => {
    if (!isCaughtUp && head !== null && processed >= head) resolveCaughtUp();
  };

  /** Runs the event's commands; an event that calls for none (most of the log) passes without an await. */
  const onEvent = (event: RecordedEvent): Promise<void> | undefined => {
    const commands = react(event, reactOptions);
    if (commands.length === 0) {
      passed(event.position, []);
      return undefined;
    }
    return runCommands(commands, execute).then((results) => passed(event.position, results));
  };
  const passed = (position: bigint, results: { command: ReactionCommand; outcome: ReactionOutcome }[]) => {
    processed = position;
    if (results.length > 0) {
      commit(position, results);
      stored = position;
      for (const { command, outcome } of results) {
        const fields = { reaction: command.reaction, eventId: command.causation.eventId, eventType: command.causation.type, position: Number(position), status: outcome.status };
        if (outcome.status === 'refused') log?.warn({ ...fields, reason: outcome.reason }, '跨流程反应被拒绝 / reaction refused');
        else log?.info(fields, '跨流程反应 / reaction');
      }
    } else if (processed - stored >= BigInt(CHECKPOINT_EVERY)) persist();
    settleWaiters();
    checkCaughtUp();
  };

  const loop = async () => {
    head = await store.headPosition();
    checkCaughtUp();
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | null = null;
    // One idle marker at a time: a new setImmediate per event would pile up millions of pending
    // immediates while a catch-up runs on microtasks alone (the heap ran out on a 7M-event log).
    let idle: Promise<typeof IDLE> | null = null;
    let sinceYield = 0;
    for (;;) {
      pending ??= iterator.next();
      let result: IteratorResult<RecordedEvent> | typeof IDLE;
      if (processed > stored) {
        // Nothing more ready this turn: store the checkpoint of the reaction-free events read so far.
        idle ??= new Promise<typeof IDLE>((res) => setImmediate(() => res(IDLE)));
        result = await Promise.race([pending, idle]);
        if (result === IDLE) {
          idle = null;
          persist();
          continue;
        }
      } else result = await pending;
      pending = null;
      if (result.done) break;
      const running = onEvent(result.value);
      if (running) await running;
      // Catching up runs on microtasks; give timers and I/O (HTTP, other consumers) a turn now and then.
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise<void>((res) => setImmediate(res));
      }
    }
  };

  const done = loop().then(
    () => {
      persist();
      db.close();
      stopping = true;
      settleWaiters();
    },
    (error: unknown) => {
      failure = { error };
      // Only fully handled events are behind `processed`: storing it is safe even now.
      try {
        persist();
      } finally {
        db.close();
      }
      settleWaiters();
      rejectCaughtUp(error);
      log?.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error), position: Number(processed) }, '跨流程反应已停止 / reactions stopped');
      options.onError?.(error);
      throw error;
    },
  );
  done.catch(() => {});

  return {
    position: () => processed,
    waitFor(position, timeoutMs) {
      if (failure) return Promise.reject(failure.error);
      if (processed >= position) return Promise.resolve(true);
      if (stopping) return Promise.resolve(false);
      return new Promise<boolean>((resolve, reject) => {
        const w = { position, resolve, reject, timer: setTimeout(() => (waiters.delete(w), resolve(false)), timeoutMs) };
        waiters.add(w);
      });
    },
    caughtUp,
    done,
    readiness: () => ({ ok: isCaughtUp && !failure && !stopping, detail: `position ${processed}` }),
    async stop() {
      stopping = true;
      await subscription.close();
      await done.catch(() => {});
      settleWaiters();
    },
  };
}
