/**
 * Group commit queue: requests that arrive while a commit is in flight, or within the same turn
 * of the event loop, are handed to `commit` together as one batch (one transaction, one fsync).
 * Each request's promise settles only after the batch's commit returned.
 */
export class GroupCommitQueue<Req, Res> {
  #queue: { request: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }[] = [];
  #inFlight: Promise<void> | null = null;
  #scheduled = false;
  #batches = 0;
  #requests = 0;

  constructor(
    private readonly commit: (batch: Req[]) => Res[] | Promise<Res[]>,
    private readonly maxBatch = 1000,
  ) {}

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#schedule();
    });
  }

  /** Number of commits made so far, and of requests they carried. */
  get stats(): { batches: number; requests: number } {
    return { batches: this.#batches, requests: this.#requests };
  }

  /** Resolves once everything submitted so far has been committed (or failed). */
  async drain(): Promise<void> {
    while (this.#inFlight || this.#queue.length > 0 || this.#scheduled) {
      if (this.#inFlight) await this.#inFlight;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: lets every append started in this loop turn join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#inFlight = this.#flush().finally(() => {
        this.#inFlight = null;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    try {
      const results = await this.commit(batch.map((b) => b.request));
      this.#batches++;
      this.#requests += batch.length;
      batch.forEach((b, i) => {
        b.resolve(results[i] as Res);
      });
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}
