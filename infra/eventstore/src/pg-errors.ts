import pg from 'pg';

/**
 * Whether an error means the database was out of reach rather than that it refused the statement:
 * no server answer at all (connection refused or reset, a pool whose connection died), or a server
 * saying it is shutting down, restarting or full (SQLSTATE class 08, 57P01–57P03, 53300). Worth a
 * retry; anything else is a real refusal and is not.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return true;
  const code = error.code ?? '';
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** Doubling waits for retries: 100 ms, 200 ms … at most 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
}
