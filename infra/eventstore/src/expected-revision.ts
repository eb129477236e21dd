import type { ExpectedRevision } from './port.js';

/** The stream's last revision as stored, or 'no_stream' when it has no events. */
export type ActualRevision = bigint | 'no_stream';

/** Optimistic concurrency check shared by every adapter that checks revisions itself. */
export function expectedRevisionMatches(expected: ExpectedRevision, actual: ActualRevision): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  return actual !== 'no_stream' && actual === expected;
}
