import type Database from 'better-sqlite3';

/**
 * Daily counts to add, per center, then per day, dimension and value. Counts only ever go up, so
 * they can be summed in memory and written once per batch, or, in a rebuild (which writes a
 * throw-away file swapped in once complete), once at the end.
 */
export class DailyCounts {
  readonly #byCenter = new Map<string, Map<string, number>>();
  add(centers: readonly string[], day: string, dim: string, value: string): void {
    const key = `${day}\u0000${dim}\u0000${value}`;
    for (const center of centers) {
      let counts = this.#byCenter.get(center);
      if (!counts) this.#byCenter.set(center, (counts = new Map()));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  writeTo(bump: Database.Statement): void {
    for (const [center, counts] of this.#byCenter) {
      for (const [key, n] of counts) {
        const [day, dim, value] = key.split('\u0000') as [string, string, string];
        bump.run(center, day, dim, value, n);
      }
    }
    this.#byCenter.clear();
  }
}
