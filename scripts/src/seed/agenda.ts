/** Things to do at simulated instants, taken in time order (ties in the order they were added). */
export class Agenda {
  #items: { at: number; seq: number; run: () => Promise<void> }[] = [];
  #seq = 0;

  add(at: number, run: () => Promise<void>): void {
    const item = { at, seq: this.#seq++, run };
    // Binary insertion keeps the list sorted by (at, seq).
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.#items[mid]!;
      if (m.at < at || (m.at === at && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, item);
  }

  /** The next item due no later than `until`, removed from the agenda. */
  next(until: number): { at: number; run: () => Promise<void> } | undefined {
    return this.#items[0] && this.#items[0].at <= until ? this.#items.shift() : undefined;
  }

  get size(): number {
    return this.#items.length;
  }
}
