/**
 * How a stored event travels on Kafka. Key: the case code, so every event of one case lands in one
 * partition and stays in order. Value: the whole recorded event as JSON (bigints as decimal strings).
 * Headers: the envelope fields a consumer, a router or a person reading the topic needs without
 * parsing the value. Personal data inside `data` is already sealed by the services (see contracts).
 */
import type { IHeaders, Message } from 'kafkajs';
import type { RecordedEvent } from '@zz/eventstore';

export const HEADER = {
  eventId: 'event-id',
  type: 'event-type',
  schemaVersion: 'schema-version',
  position: 'global-position',
  streamId: 'stream-id',
  revision: 'stream-revision',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
} as const;

/** The partition key: the case code (一案一编码); an event without one keeps its stream's order instead. */
export function partitionKeyOf(event: RecordedEvent): string {
  const caseCode = event.metadata.caseCode;
  return typeof caseCode === 'string' && caseCode.length > 0 ? caseCode : event.streamId;
}

export function toKafkaMessage(event: RecordedEvent): Message {
  const headers: IHeaders = {
    [HEADER.eventId]: event.eventId,
    [HEADER.type]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.position]: event.position.toString(),
    [HEADER.streamId]: event.streamId,
    [HEADER.revision]: event.revision.toString(),
  };
  const { correlationId, causationId } = event.metadata;
  if (typeof correlationId === 'string') headers[HEADER.correlationId] = correlationId;
  if (typeof causationId === 'string') headers[HEADER.causationId] = causationId;
  // Field by field: a stored event's data and metadata are getters on its prototype, which a spread would drop.
  const { eventId, type, schemaVersion, occurredAt, data, metadata, streamId } = event;
  const value = JSON.stringify({ eventId, type, schemaVersion, occurredAt, data, metadata, streamId, revision: event.revision.toString(), position: event.position.toString() });
  return { key: partitionKeyOf(event), value, headers };
}

/** Reads back what toKafkaMessage wrote; throws on a value that is not a relayed event. */
export function fromKafkaValue(value: Buffer | null): RecordedEvent {
  if (!value) throw new Error('Kafka 消息为空 / empty Kafka message value');
  const raw = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
  const { eventId, type, schemaVersion, occurredAt, data, metadata, streamId, revision, position } = raw;
  if (
    typeof eventId !== 'string' ||
    typeof type !== 'string' ||
    typeof schemaVersion !== 'number' ||
    typeof occurredAt !== 'string' ||
    typeof streamId !== 'string' ||
    typeof revision !== 'string' ||
    typeof position !== 'string' ||
    typeof metadata !== 'object' ||
    metadata === null
  ) {
    throw new Error('不是转发的事件 / Kafka message is not a relayed event');
  }
  return {
    eventId,
    type,
    schemaVersion,
    occurredAt,
    data,
    metadata: metadata as Record<string, unknown>,
    streamId,
    revision: BigInt(revision),
    position: BigInt(position),
  };
}
