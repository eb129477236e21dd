/** Test helpers for the Kafka suites: quiet clients, unique names, waiting on a condition. */
import { Kafka, logLevel } from 'kafkajs';

let counter = 0;
/** Topic / group names unique per run, so reruns against a long-lived broker never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

/** A client that stays silent: kafkajs logs retried, harmless errors (e.g. a coordinator still loading). */
export function quietKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
}

/**
 * Polls `probe` until it returns a value other than undefined/false, bounded by `timeoutMs`.
 * Waits on a condition, never a fixed delay; the poll interval only paces the checks.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
