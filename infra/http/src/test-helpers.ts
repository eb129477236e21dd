import type { DestinationStream } from 'pino';

/** Captures every log line an app writes, parsed, for assertions. */
export function captureLogs(): { stream: DestinationStream; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    lines,
    stream: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export const SECRET = 'test-secret-test-secret-test-secret';
