/**
 * Pure translations between the EventStore port and @eventstore/db-client 6.x types.
 * Our `schemaVersion` and `occurredAt` travel in ESDB metadata as `$schemaVersion` and
 * `$occurredAt`, next to the caller's metadata; they are stripped again on read.
 */
import {
  ANY,
  NO_STREAM,
  jsonEvent,
  type EventData as EsdbEventData,
  type AppendExpectedRevision,
  type CurrentRevision,
  type JSONType,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import type { EventData, ExpectedRevision, RecordedEvent } from './port.js';

export const SCHEMA_VERSION_KEY = '$schemaVersion';
export const OCCURRED_AT_KEY = '$occurredAt';

/** ESDB's "no position known" marker (stream reads on older servers). */
const UNKNOWN_POSITION = 18446744073709551615n;

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return expected;
}

export function fromEsdbCurrentRevision(current: CurrentRevision): bigint | 'no_stream' {
  return current === NO_STREAM ? 'no_stream' : current;
}

export function toEsdbEvent(event: EventData): EsdbEventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    // ESDB JSON events carry objects, arrays or strings; everything we store is JSON anyway.
    data: (event.data ?? null) as JSONType,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion, [OCCURRED_AT_KEY]: event.occurredAt },
  });
}

/** System streams ($…) and system event types ($…, incl. link events `$>`) never reach callers. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** The global position of a recorded event: its commit position in $all (0n when unknown). */
export function positionOf(event: { position?: Position }): bigint {
  const commit = event.position?.commit;
  return commit === undefined || commit === UNKNOWN_POSITION ? 0n : commit;
}

/** Where to resume $all so that `after` is excluded (callers still drop positions <= after). */
export function resumeFrom(after: bigint | Position | undefined): Position | 'start' {
  if (after === undefined || after === 0n) return 'start';
  if (typeof after === 'bigint') return { commit: after, prepare: after };
  return after;
}

function decodeData(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data;
  const text = Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function fromEsdbEvent(recorded: EsdbRecordedEvent): RecordedEvent {
  const raw = recorded.metadata;
  const all = raw && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array) ? (raw as Record<string, unknown>) : {};
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [OCCURRED_AT_KEY]: occurredAt, ...metadata } = all;
  return {
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : recorded.created.toISOString(),
    data: decodeData(recorded.data),
    metadata,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: positionOf(recorded),
  };
}

/** The user event inside a resolved event, or undefined for links, deleted targets and system events. */
export function userEventOf(resolved: ResolvedEvent | AllStreamResolvedEvent): EsdbRecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystemEvent(event)) return undefined;
  return event;
}
