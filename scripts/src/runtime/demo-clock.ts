import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Demo mode's clock (演示时钟): real time plus an offset a person can move forward, so deadlines can
 * be watched approaching and lapsing, warnings firing and indicators moving, without waiting days.
 * It moves back only while the log is empty (the year-long seed starts in the past); otherwise the
 * log's times would run backwards. The offset is kept in DATA_DIR so a restart does not undo it.
 */
export class DemoClock {
  #offsetMs = 0;

  constructor(private readonly file: string) {
    if (existsSync(file)) this.#offsetMs = Number((JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs) || 0;
  }

  readonly now = (): Date => new Date(Date.now() + this.#offsetMs);

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves the clock to `at`; refused (false) when that is backwards and the log is not empty. */
  moveTo(at: Date, logIsEmpty: boolean): boolean {
    const offset = at.getTime() - Date.now();
    if (offset < this.#offsetMs && !logIsEmpty) return false;
    this.#offsetMs = offset;
    writeFileSync(this.file, JSON.stringify({ offsetMs: offset }));
    return true;
  }
}
