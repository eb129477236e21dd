/** ~50 bytes of key and ~100 of bookkeeping each: about 10 MB at most. */
export const MAX_CACHED_KEYS = 65_536;

/**
 * Keys in memory for repeated opens, least recently used first (a Map keeps insertion order); at
 * most `max`, so a server that pages through a million cases holds a few MB of keys, not all of
 * them. A key is zeroed when dropped, forgotten or cleared.
 */
export class KeyCache {
  readonly #keys = new Map<string, Buffer>();

  constructor(private readonly max: number = MAX_CACHED_KEYS) {}

  get(personId: string): Buffer | undefined {
    const key = this.#keys.get(personId);
    if (key) {
      this.#keys.delete(personId); // most recently used: to the end
      this.#keys.set(personId, key);
    }
    return key;
  }

  set(personId: string, key: Buffer): void {
    this.#keys.set(personId, key);
    if (this.#keys.size > this.max) {
      const [oldestId, oldest] = this.#keys.entries().next().value as [string, Buffer];
      oldest.fill(0);
      this.#keys.delete(oldestId);
    }
  }

  forget(personId: string): void {
    this.#keys.get(personId)?.fill(0);
    this.#keys.delete(personId);
  }

  clear(): void {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
  }
}
