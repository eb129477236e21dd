import { z } from 'zod';
import { Role } from './reference-data.js';
import { DivisionCode } from './regions.js';

/** Who did it: every event records the acting user, their role and their center. */
export const Actor = z.object({
  userId: z.string().min(1),
  role: Role,
  centerCode: DivisionCode,
});
export type Actor = z.infer<typeof Actor>;

/** Metadata carried by every event (the envelope's second half; the first is id/type/version/time). */
export const EventMetadata = z.object({
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  /** The case code joins every flow's events (一案一编码). */
  caseCode: z.string().min(1),
  /** Client-supplied Idempotency-Key of the command that produced this event, if any. */
  idempotencyKey: z.string().optional(),
  /** Hash of the command that produced it, so a reused key with another body is detected. */
  commandHash: z.string().optional(),
  commandType: z.string().optional(),
  actor: Actor,
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** A domain event as deciders see it: a type tag and its data. */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/**
 * A domain rule said no. Deciders return it instead of throwing: HTTP maps it to 409 with the reason.
 */
export class DomainError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
