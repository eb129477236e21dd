import { randomUUID } from 'node:crypto';
import { DomainError, type Actor, type DomainEvent, type EventMetadata } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from '@zz/eventstore';
import type { Decider } from './decider.js';
import { IdempotencyKeyReusedError, PreconditionFailedError, StreamNotFoundError } from './errors.js';
import { withStreamLock } from './stream-lock.js';

/** Who asks, and how: everything about a command that is not its body. */
export interface CommandEnvelope {
  actor: Actor;
  correlationId: string;
  /** The command's type name, recorded in metadata. */
  commandType: string;
  /** Hash of type + body (see ids.ts). */
  commandHash: string;
  idempotencyKey?: string;
  /** From If-Match: the stream revision the client last saw. */
  expectedRevision?: bigint;
}

export interface CommandResult<E> {
  revision: bigint;
  position: bigint;
  events: E[];
  /** True when this answer is the stored first answer of a retried Idempotency-Key. */
  replayed: boolean;
}

/** How a flow's events are read back and written: the glue between a decider and the store. */
export interface EventCodec<E extends DomainEvent> {
  decode(recorded: RecordedEvent): E | undefined;
  schemaVersion(type: E['type']): number;
}

export interface CommandServiceDeps<E extends DomainEvent> {
  store: EventStore;
  codec: EventCodec<E>;
  now: () => Date;
}

/** Retries after another process wrote first (in-process writers take turns, see stream-lock.ts). */
const MAX_ATTEMPTS = 10;

/**
 * Read → decide → append with the read revision (Emmett's handleCommand, Eventuous's functional
 * service). Without If-Match a concurrent writer just means "decide again on fresh state"; with it,
 * the client's view is stale and it gets 412. A retried Idempotency-Key returns the first answer.
 */
export async function handleCommand<C, E extends DomainEvent, S, X>(
  deps: CommandServiceDeps<E>,
  decider: Decider<C, E, S, X>,
  streamId: string,
  command: C,
  envelope: CommandEnvelope,
  context: X,
  caseCodeOf: (state: S) => string,
  /** Checks on the current state before deciding (jurisdiction, role): throw to refuse. Runs on every attempt. */
  authorize?: (state: S) => void,
): Promise<CommandResult<E>> {
  return withStreamLock(streamId, () => decideAndAppend(deps, decider, streamId, command, envelope, context, caseCodeOf, authorize));
}

async function decideAndAppend<C, E extends DomainEvent, S, X>(
  deps: CommandServiceDeps<E>,
  decider: Decider<C, E, S, X>,
  streamId: string,
  command: C,
  envelope: CommandEnvelope,
  context: X,
  caseCodeOf: (state: S) => string,
  authorize?: (state: S) => void,
): Promise<CommandResult<E>> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await deps.store.readStream(streamId);
    if (recorded.length === 0) throw new StreamNotFoundError(streamId);
    const current = recorded[recorded.length - 1]!.revision;

    let state = decider.initialState;
    for (const r of recorded) {
      const e = deps.codec.decode(r);
      if (e) state = decider.evolve(state, e);
    }
    authorize?.(state);

    const first = findFirstAnswer(recorded, envelope, deps.codec);
    if (first) return first;

    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new PreconditionFailedError(envelope.expectedRevision, current);
    }
    const decided = decider.decide(command, state, context);
    if (decided instanceof DomainError) throw decided;
    if (decided.length === 0) return { revision: current, position: recorded[recorded.length - 1]!.position, events: [], replayed: false };

    try {
      const appended = await deps.store.append(streamId, toEventData(decided, envelope, caseCodeOf(state), deps), { expectedRevision: current });
      return { revision: appended.nextRevision, position: appended.position, events: decided, replayed: false };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      // Someone else wrote first. With If-Match the next loop answers 412; without it, decide again.
      if (attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/** Envelope every new event: ids, schema version, time, and the metadata that joins flows. */
export function toEventData<E extends DomainEvent>(events: E[], envelope: CommandEnvelope, caseCode: string, deps: Pick<CommandServiceDeps<E>, 'codec' | 'now'>, eventIds?: string[]): EventData[] {
  const occurredAt = deps.now().toISOString();
  const commandId = randomUUID();
  return events.map((e, i) => {
    const metadata: EventMetadata = {
      correlationId: envelope.correlationId,
      causationId: commandId,
      caseCode,
      commandType: envelope.commandType,
      commandHash: envelope.commandHash,
      actor: envelope.actor,
      ...(envelope.idempotencyKey ? { idempotencyKey: envelope.idempotencyKey } : {}),
    };
    return {
      eventId: eventIds?.[i] ?? randomUUID(),
      type: e.type,
      schemaVersion: deps.codec.schemaVersion(e.type),
      occurredAt,
      data: e.data,
      metadata,
    };
  });
}

/**
 * The events an earlier command with the same Idempotency-Key (from the same user) appended: their
 * last revision/position is the answer that command got. A key reused for another command is an error.
 */
export function findFirstAnswer<E extends DomainEvent>(recorded: RecordedEvent[], envelope: CommandEnvelope, codec: EventCodec<E>): CommandResult<E> | undefined {
  const key = envelope.idempotencyKey;
  if (!key) return undefined;
  const batch = recorded.filter((r) => {
    const m = r.metadata as Partial<EventMetadata>;
    return m.idempotencyKey === key && m.actor?.userId === envelope.actor.userId;
  });
  if (batch.length === 0) return undefined;
  if ((batch[0]!.metadata as Partial<EventMetadata>).commandHash !== envelope.commandHash) throw new IdempotencyKeyReusedError(key);
  const last = batch[batch.length - 1]!;
  return {
    revision: last.revision,
    position: last.position,
    events: batch.map((r) => codec.decode(r)).filter((e): e is E => e !== undefined),
    replayed: true,
  };
}
