/**
 * A consumer-group runner for Kafka-fed projections and reactions. Each fetched batch is applied in
 * ONE SQLite transaction on the view database: for every event, the dedupe check and the handler's
 * view update commit together, so an event is applied exactly once in effect however often Kafka
 * delivers it (relay re-sends, rebalances, crashes before an offset commit). Offsets are committed
 * only after that transaction: a crash in between means a redelivery, which the dedupe absorbs.
 *
 * Dedupe is a per-case high-water mark of global positions (table kafka_applied): the relay sends
 * in global order and one case's events share a partition, so any event at or below its case's mark
 * has been applied. One row per case, not per event.
 */
import type Database from 'better-sqlite3';
import type { Consumer, Kafka } from 'kafkajs';
import type { RecordedEvent } from '@zz/eventstore';
import { fromKafkaValue, partitionKeyOf } from './message.js';

/** Applies one event to the view. Runs inside the transaction: use `db` synchronously, no awaits. */
export type ViewHandler = (event: RecordedEvent, db: Database.Database) => void;

export interface AppliedInfo {
  event: RecordedEvent;
  partition: number;
  /** true when the event had been applied before and the handler was not called. */
  duplicate: boolean;
}

export interface KafkaConsumerOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  /** The view database; kafka_applied lives in it so dedupe and view commit together. */
  db: Database.Database;
  handle: ViewHandler;
  /** Dedupe namespace inside db (several views may share a file). Default: groupId. */
  name?: string;
  /**
   * BEGIN IMMEDIATE for each batch: take the write lock before reading. Set it when several
   * processes write the same view file (the tier views' shared-file workers), so a reader never
   * has to upgrade a stale snapshot; busy_timeout then simply queues the writers.
   */
  immediate?: boolean;
  /**
   * Commit offsets at most this often (ms) instead of after every batch. Safe because the dedupe
   * lives in the view: a crash re-delivers at most this window, and the duplicates have no effect.
   * Saves an OffsetCommit round trip per partition batch (the lag of a busy view). Default: every batch.
   */
  commitIntervalMs?: number;
  /** Partition batches processed concurrently (their awaits overlap; the applies stay serial). Default 1. */
  partitionsConsumedConcurrently?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /** Longest a fetch waits for new messages. Default 500 ms (kafkajs: 5 s, which slows stop()). */
  maxWaitTimeInMs?: number;
  /** After each event's transaction committed (called once per event, duplicates included). */
  onApplied?: (info: AppliedInfo) => void;
  /** The consumer crashed (e.g. the handler threw): kafkajs restarts it when the error is retriable. */
  onCrash?: (error: Error, restarting: boolean) => void;
}

export interface KafkaConsumerRunner {
  /** Partitions of the topic this member holds now (empty before the first join). */
  assigned(): number[];
  /** Leaves the group (its partitions move to the other members) and disconnects. */
  stop(): Promise<void>;
  readonly consumer: Consumer;
}

export function createAppliedTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS kafka_applied (
    consumer TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (consumer, partition_key)
  )`);
}

/**
 * Returns a function that, inside a transaction, records `event` as applied and says whether it is
 * new (true: apply it) or a duplicate (false). One statement: insert, or raise the mark if higher.
 */
export function appliedMarker(db: Database.Database, name: string): (event: RecordedEvent) => boolean {
  createAppliedTable(db);
  const mark = db.prepare<[string, string, bigint]>(
    `INSERT INTO kafka_applied (consumer, partition_key, position) VALUES (?, ?, ?)
     ON CONFLICT (consumer, partition_key) DO UPDATE SET position = excluded.position
     WHERE excluded.position > kafka_applied.position`,
  );
  return (event) => mark.run(name, partitionKeyOf(event), event.position).changes === 1;
}

export async function startKafkaConsumer(opts: KafkaConsumerOptions): Promise<KafkaConsumerRunner> {
  const name = opts.name ?? opts.groupId;
  const markApplied = appliedMarker(opts.db, name);
  const applyBatch = opts.db.transaction((events: RecordedEvent[]) =>
    events.map((event) => {
      const fresh = markApplied(event);
      if (fresh) opts.handle(event, opts.db);
      return !fresh;
    }),
  );

  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 500,
    ...(opts.sessionTimeout !== undefined ? { sessionTimeout: opts.sessionTimeout } : {}),
    ...(opts.heartbeatInterval !== undefined ? { heartbeatInterval: opts.heartbeatInterval } : {}),
  });
  let assigned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assigned = [...(e.payload.memberAssignment[opts.topic] ?? [])].sort((a, b) => a - b);
  });

  consumer.on(consumer.events.CRASH, (e) => opts.onCrash?.(e.payload.error, e.payload.restart));

  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    autoCommit: true,
    ...(opts.commitIntervalMs !== undefined ? { autoCommitInterval: opts.commitIntervalMs } : {}),
    ...(opts.partitionsConsumedConcurrently !== undefined ? { partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently } : {}),
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const events = batch.messages.map((m) => fromKafkaValue(m.value));
      const duplicates = opts.immediate ? applyBatch.immediate(events) : applyBatch(events);
      // The view transaction has committed: only now may the offsets move past these messages.
      for (const m of batch.messages) resolveOffset(m.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
      events.forEach((event, i) => {
        opts.onApplied?.({ event, partition: batch.partition, duplicate: duplicates[i] === true });
      });
    },
  });

  return {
    assigned: () => assigned,
    stop: () => consumer.disconnect(),
    consumer,
  };
}
