/** Failures of the command pipeline itself (not domain refusals); HTTP maps each to a status. */

/** The aggregate does not exist (→ 404). */
export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** If-Match named a revision that is no longer current (→ 412). */
export class PreconditionFailedError extends Error {
  constructor(
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`expected revision ${expected}, current revision ${actual}`);
    this.name = 'PreconditionFailedError';
  }
}

/** The same Idempotency-Key came back with a different command (→ 422). */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was used for a different command`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
