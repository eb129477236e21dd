/**
 * The Kafka client every distributed-runtime process builds from its environment: brokers from
 * KAFKA_BROKERS, kafkajs' own logging routed to the process logger at the process's level. kafkajs
 * logs retried, harmless errors at ERROR (e.g. "coordinator is loading" right after a broker start),
 * so its lines are passed on one level lower than it rates them.
 */
import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import { parseBrokerList } from './broker.js';

export type ProcessLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The least severe kafkajs level still passed on, for a process log level. */
export function kafkaLogLevelFor(level: ProcessLogLevel): KafkaLogLevel {
  switch (level) {
    case 'silent':
      return KafkaLogLevel.NOTHING;
    case 'fatal':
    case 'error':
    case 'warn':
      // kafkajs ERROR lines are mostly retried conditions: pass them on as warnings only when asked for warnings.
      return level === 'warn' ? KafkaLogLevel.ERROR : KafkaLogLevel.NOTHING;
    case 'info':
      return KafkaLogLevel.WARN;
    default:
      return KafkaLogLevel.INFO;
  }
}

export interface KafkaLogSink {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface KafkaClientOptions {
  /** Comma-separated host:port list (KAFKA_BROKERS). */
  brokers: string;
  clientId: string;
  logLevel?: ProcessLogLevel;
  /** Where kafkajs' lines go (a pino logger fits). Default: nowhere. */
  log?: KafkaLogSink;
}

export function kafkaClient(opts: KafkaClientOptions): Kafka {
  const brokers = parseBrokerList(opts.brokers);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS 为空 / KAFKA_BROKERS is empty');
  const sink = opts.log;
  return new Kafka({
    clientId: opts.clientId,
    brokers,
    logLevel: sink ? kafkaLogLevelFor(opts.logLevel ?? 'info') : KafkaLogLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 5000 },
    logCreator:
      () =>
      ({ level, label, log }: LogEntry) => {
        if (!sink) return;
        const { message, timestamp: _t, logger: _l, ...rest } = log;
        const obj = { kafka: label, ...rest };
        // One level lower than kafkajs rates it (see above).
        if (level <= KafkaLogLevel.ERROR) sink.warn(obj, message);
        else if (level === KafkaLogLevel.WARN) sink.info(obj, message);
        else sink.debug(obj, message);
      },
  });
}
