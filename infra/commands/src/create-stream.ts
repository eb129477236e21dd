import { randomUUID } from 'node:crypto';
import { DomainError, type DomainEvent, type EventMetadata } from '@zz/contracts';
import { WrongExpectedRevisionError, type RecordedEvent } from '@zz/eventstore';
import { findFirstAnswer, toEventData, type CommandEnvelope, type CommandResult, type CommandServiceDeps } from './command-service.js';
import type { Decider } from './decider.js';
import { nameBasedUuid } from './ids.js';

/**
 * The id of a stream a command is about to create. With an Idempotency-Key it derives from the key
 * (and the user who sent it), so a retry names the same stream and finds the first answer there;
 * without one it is random. `kind` keeps keys of different creating commands apart.
 */
export function creationId(kind: string, envelope: Pick<CommandEnvelope, 'actor' | 'idempotencyKey'>): string {
  return envelope.idempotencyKey ? nameBasedUuid(`${kind}:${envelope.actor.userId}`, envelope.idempotencyKey) : randomUUID();
}

export interface CreateRequest<C, X> {
  /** The new stream, usually named after `creationId(...)`. */
  streamId: string;
  command: C;
  envelope: CommandEnvelope;
  context: X;
  /** The case the new stream belongs to, written into every new event's metadata. */
  caseCode: string;
}

export interface Created<E> extends CommandResult<E> {
  /** The new stream's case code (on a replay, the one its first event recorded). */
  caseCode: string;
}

/**
 * Creates a stream idempotently: decide on the initial state and append with `no_stream`. Creation
 * can't take handleCommand's read-decide-retry path (there is nothing to read, and deciding again
 * would make a second stream under a random id), so a retried Idempotency-Key is answered from the
 * stream its key names — before deciding, or after losing the `no_stream` race to the first request.
 * Checks on anything outside the new stream (authorization, the dispute it copies) are the caller's,
 * done before this.
 */
export async function handleCreate<C, E extends DomainEvent, S, X>(deps: CommandServiceDeps<E>, decider: Decider<C, E, S, X>, request: CreateRequest<C, X>): Promise<Created<E>> {
  const { streamId, command, envelope, context, caseCode } = request;
  const replay = await firstCreation(deps, streamId, envelope);
  if (replay) return replay;

  const events = decider.decide(command, decider.initialState, context);
  if (events instanceof DomainError) throw events;
  try {
    const r = await deps.store.append(streamId, toEventData(events, envelope, caseCode, deps), { expectedRevision: 'no_stream' });
    return { caseCode, revision: r.nextRevision, position: r.position, events, replayed: false };
  } catch (err) {
    // The same key raced itself: the other request's stream is the answer.
    const raced = err instanceof WrongExpectedRevisionError ? await firstCreation(deps, streamId, envelope) : undefined;
    if (raced) return raced;
    throw err;
  }
}

/** The first answer of an earlier creation with this Idempotency-Key, if the stream it names exists. */
async function firstCreation<E extends DomainEvent>(deps: CommandServiceDeps<E>, streamId: string, envelope: CommandEnvelope): Promise<Created<E> | undefined> {
  if (!envelope.idempotencyKey) return undefined;
  const existing: RecordedEvent[] = await deps.store.readStream(streamId);
  const first = existing.length ? findFirstAnswer(existing, envelope, deps.codec) : undefined;
  if (!first) return undefined;
  return { ...first, caseCode: (existing[0]!.metadata as Partial<EventMetadata>).caseCode ?? '' };
}
