/**
 * The relay (store → Kafka): a catch-up subscription on the global log, produced to one topic keyed
 * by case code. At-least-once: the checkpoint advances only after the broker acknowledged the batch
 * (idempotent producer, acks = -1, i.e. every in-sync replica). A crash between acknowledgement and
 * checkpoint re-sends that batch on restart; consumers drop the duplicates (consumer.ts).
 *
 * Any failure (broker gone, send retries exhausted) restarts the loop from the durable checkpoint
 * with a fresh producer, after a short back-off, until stop() is called: the relay never skips.
 */
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import { toKafkaMessage } from './message.js';
import type { RelayCheckpoint } from './relay-checkpoint.js';
import { RelayLag } from './relay-lag.js';

export interface RelayProgress {
  /** Last position the broker acknowledged (and the checkpoint holds). */
  checkpoint: bigint;
  /** Head of the global log when the batch was acknowledged. */
  head: bigint;
  /** Events appended but not yet on Kafka (counted, up to LAG_COUNT_LIMIT; see RelayLag). */
  lag: bigint;
  /** Events in the batch just acknowledged. */
  batch: number;
  /** Events relayed since start (duplicates re-sent after a restart included). */
  relayed: number;
}

export interface RelayOptions {
  store: EventStore;
  kafka: Kafka;
  topic: string;
  checkpoint: RelayCheckpoint;
  /** Most events per produce request. Default 500. */
  maxBatch?: number;
  onProgress?: (progress: RelayProgress) => void;
  /** A send or subscription failed; the relay restarts from its checkpoint. Default: ignore. */
  onError?: (error: unknown) => void;
  /** Test seam: runs after the broker acknowledged a batch, before the checkpoint is saved. */
  afterAck?: (lastPosition: bigint) => void | Promise<void>;
}

export interface Relay {
  /** Last acknowledged (checkpointed) position. */
  position(): bigint;
  /** Resolves once the checkpoint reached `position`. */
  reached(position: bigint): Promise<void>;
  /** Stops after the batch in flight (its acknowledgement is still checkpointed). */
  stop(): Promise<void>;
}

const IDLE = Symbol('idle');
/** Resolves after the events already readable have been taken: how a batch knows it is complete. */
const idle = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/** The next backoff after a failure: doubling from 200 ms, capped at 5 s. */
export function nextBackoffMs(previous: number): number {
  return Math.min(5000, previous === 0 ? 200 : previous * 2);
}

export function startRelay(opts: RelayOptions): Relay {
  const maxBatch = opts.maxBatch ?? 500;
  let position = opts.checkpoint.load();
  let relayed = 0;
  let stopping = false;
  let wakeStop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wakeStop = resolve));
  const waiters: { position: bigint; resolve: () => void }[] = [];
  const lag = new RelayLag(opts.store);

  function acknowledged(last: bigint, batch: number, head: bigint, behind: bigint): void {
    opts.checkpoint.save(last);
    position = last;
    relayed += batch;
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i] as (typeof waiters)[number];
      if (w.position <= last) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
    opts.onProgress?.({ checkpoint: last, head, lag: behind, batch, relayed });
  }

  async function relayFrom(after: bigint, producer: Producer): Promise<void> {
    const subscription = opts.store.subscribe({ after });
    const events = subscription[Symbol.asyncIterator]();
    try {
      let next = events.next();
      // Made once: a `.then` per batch on a promise that never settles would pile up handlers forever.
      const stoppedMarker = stopped.then((): typeof IDLE => IDLE);
      while (!stopping) {
        const first = await Promise.race([next, stoppedMarker]);
        if (first === IDLE || first.done) return;
        const batch: RecordedEvent[] = [first.value];
        next = events.next();
        while (batch.length < maxBatch) {
          const more = await Promise.race([next, idle()]);
          if (more === IDLE || more.done) break;
          batch.push(more.value);
          next = events.next();
        }
        await producer.send({ topic: opts.topic, acks: -1, messages: batch.map(toKafkaMessage) });
        const last = (batch[batch.length - 1] as RecordedEvent).position;
        await opts.afterAck?.(last);
        const behind = await lag.after(last, batch.length, batch.length === maxBatch);
        acknowledged(last, batch.length, await opts.store.headPosition(), behind);
      }
    } finally {
      await subscription.close();
    }
  }

  async function loop(): Promise<void> {
    let backoff = 0;
    while (!stopping) {
      // A fresh idempotent producer per attempt: a failed send leaves the old one's sequence unknown.
      const producer = opts.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      try {
        await producer.connect();
        await relayFrom(position, producer);
        backoff = 0;
      } catch (error) {
        if (stopping) break;
        opts.onError?.(error);
        backoff = nextBackoffMs(backoff);
        await Promise.race([stopped, new Promise((r) => setTimeout(r, backoff))]);
      } finally {
        await producer.disconnect().catch(() => {});
      }
    }
  }

  const running = loop();
  return {
    position: () => position,
    reached: (target) => (target <= position ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ position: target, resolve }))),
    async stop() {
      stopping = true;
      wakeStop();
      await running;
    },
  };
}
