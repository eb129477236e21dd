import type Database from 'better-sqlite3';

/**
 * Pending changes to `case_counts`, per center, dimension and value. Nested maps rather than one
 * joined string key: moving a case touches up to fifteen counters, and building and hashing a
 * fresh key string for each was a visible part of a rebuild.
 */
export class CountDeltas {
  readonly #byCenter = new Map<string, Map<string, Map<string, number>>>();

  add(center: string, dim: string, value: string, n: number): void {
    let dims = this.#byCenter.get(center);
    if (!dims) this.#byCenter.set(center, (dims = new Map()));
    let values = dims.get(dim);
    if (!values) dims.set(dim, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + n);
  }

  get size(): number {
    return this.#byCenter.size;
  }

  /** Writes every non-zero delta (inside the caller's transaction) and forgets them all. */
  writeTo(counters: CounterWriter): void {
    for (const [center, dims] of this.#byCenter) {
      for (const [dim, values] of dims) for (const [value, n] of values) if (n !== 0) counters(center, dim, value, n);
    }
    this.#byCenter.clear();
  }
}

export type CounterWriter = (center: string, dim: string, value: string, n: number) => void;

/** Adds `n` to one counter; a counter that falls to zero is removed, so a view's rows don't depend on how its events were batched. */
export function counterWriter(db: Database.Database): CounterWriter {
  const bump = db.prepare('INSERT INTO case_counts (center, dim, value, n) VALUES (?, ?, ?, ?) ON CONFLICT (center, dim, value) DO UPDATE SET n = n + excluded.n');
  const dropEmpty = db.prepare('DELETE FROM case_counts WHERE center = ? AND dim = ? AND value = ? AND n = 0');
  return (center, dim, value, n) => {
    bump.run(center, dim, value, n);
    if (n < 0) dropEmpty.run(center, dim, value);
  };
}
