/**
 * The Kafka client every distributed-runtime process builds from its environment: brokers from
 * KAFKA_BROKERS, kafkajs' own logging routed to the process logger, demoted (see kafkaLogLevelFor).
 */
import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import { parseBrokerList } from './broker.js';

export type ProcessLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The least severe kafkajs level still passed on, for a process log level. kafkajs rates retried,
 * harmless conditions as ERROR (a heartbeat during a rebalance, a coordinator still loading); real
 * failures reach the process anyway through the relay's onError and the consumer's onCrash. So its
 * ERROR lines are logged at info, its WARN at debug, its INFO at trace.
 */
export function kafkaLogLevelFor(level: ProcessLogLevel): KafkaLogLevel {
  switch (level) {
    case 'info':
      return KafkaLogLevel.ERROR;
    case 'debug':
      return KafkaLogLevel.WARN;
    case 'trace':
      return KafkaLogLevel.INFO;
    default:
      return KafkaLogLevel.NOTHING;
  }
}

export interface KafkaLogSink {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  trace(obj: object, msg: string): void;
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
        // Lower than kafkajs rates it (see kafkaLogLevelFor).
        if (level <= KafkaLogLevel.ERROR) sink.info(obj, message);
        else if (level === KafkaLogLevel.WARN) sink.debug(obj, message);
        else sink.trace(obj, message);
      },
  });
}
