/**
 * Remembers each (client, nonce) seen inside the timestamp window, so a captured request sent again
 * is refused. Entries older than the window can go: their timestamps are refused as stale anyway.
 * Per process: with several intake instances a copy sent to another instance passes this guard, and
 * is then answered as a replay of the same order by the Idempotency-Key the order number derives.
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True the first time a nonce is presented within the window; false for a repeat. */
  firstUse(clientId: string, nonce: string, nowMs: number): boolean {
    this.#prune(nowMs);
    const key = `${clientId}\u0000${nonce}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, nowMs + 2 * this.windowMs);
    return true;
  }

  #prune(nowMs: number): void {
    // Map iteration is insertion order, so expired entries are at the front.
    for (const [key, expires] of this.#seen) {
      if (expires > nowMs) break;
      this.#seen.delete(key);
    }
  }
}
