import { commandHash, type CommandEnvelope } from '@zz/commands';
import type { Actor } from '@zz/contracts';

/** The caller of a command: who, which request, and the optional Idempotency-Key / If-Match. */
export interface Caller {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  expectedRevision?: bigint;
}

/** Everything about a command that is not its body; the hash is over the body as the client sent it. */
export function commandEnvelope(commandType: string, body: unknown, caller: Caller): CommandEnvelope {
  return {
    actor: caller.actor,
    correlationId: caller.correlationId,
    commandType,
    commandHash: commandHash(commandType, body),
    ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}),
    ...(caller.expectedRevision !== undefined ? { expectedRevision: caller.expectedRevision } : {}),
  };
}
