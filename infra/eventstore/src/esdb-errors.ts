/**
 * Sorting the client's errors (@eventstore/db-client 6.x CommandError classes) by what the adapter
 * should do with them. Pure, so each rule is tested on its own.
 */
import { ErrorType, isCommandError } from '@eventstore/db-client';
import { InvalidPositionError } from './port.js';

/** gRPC status codes KurrentDB uses for a position that is no record's. */
const INVALID_ARGUMENT = 3;
const OUT_OF_RANGE = 11;

/**
 * The call may or may not have reached the log: a deadline passed, the connection was lost, the
 * node stopped being leader (expected during a 3-node election), or the server aborted the call.
 * An append is retried with the same event ids; a subscription resubscribes.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return (
    error.type === ErrorType.DEADLINE_EXCEEDED || error.type === ErrorType.UNAVAILABLE || error.type === ErrorType.NOT_LEADER || error.type === ErrorType.TIMEOUT || error.type === ErrorType.CANCELLED
  );
}

/** The server refused the start position of a read or subscription (it is no record's). */
export function isInvalidPosition(error: unknown): boolean {
  if (error instanceof InvalidPositionError) return true;
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  // The exact status was not checked against a running server: any plain refusal naming the position.
  const plain = error.code === INVALID_ARGUMENT || error.code === OUT_OF_RANGE || error.type === ErrorType.UNKNOWN;
  return plain && /position/i.test(error.message);
}

/**
 * Retrying cannot help: an invalid position, missing rights, a deleted stream, a bad argument. A
 * subscription ends with it (the consumer sees it) instead of resubscribing forever. Everything
 * else a subscription meets is treated as a drop and retried.
 */
export function isPermanentForSubscription(error: unknown): boolean {
  if (isInvalidPosition(error)) return true;
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return error.type === ErrorType.ACCESS_DENIED || error.type === ErrorType.INVALID_ARGUMENT || error.type === ErrorType.STREAM_DELETED;
}

/** The port's error for a refused position, whatever shape the server's refusal had. */
export function toInvalidPosition(position: bigint, error: unknown): InvalidPositionError {
  return error instanceof InvalidPositionError ? error : new InvalidPositionError(position, error instanceof Error ? error.message : String(error));
}
