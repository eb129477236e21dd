import { InvalidPositionError } from './port.js';

/**
 * Where positions are gap-free (SQLite, PostgreSQL: 1, 2, 3 …), every position from 0 to the head
 * was given out and nothing else was. Returns the refusal for any other start, or null.
 */
export function invalidStart(after: bigint, head: bigint): InvalidPositionError | null {
  if (after < 0n) return new InvalidPositionError(after, 'negative');
  if (after > head) return new InvalidPositionError(after, 'beyond the head of the log');
  return null;
}
