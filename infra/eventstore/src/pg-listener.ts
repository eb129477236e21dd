import pg from 'pg';
import { NOTIFY_CHANNEL } from './pg-schema.js';

export interface CommitWatcherOptions {
  connectionString: string;
  /** LISTEN on NOTIFY_CHANNEL (default true). */
  listen: boolean;
  /** How often the head is polled as a fallback (notifications lost while the listener reconnects). */
  pollIntervalMs: number;
  head: () => Promise<bigint>;
  /** Something was committed (by any process). */
  onCommit: () => void;
}

/**
 * Wakes subscriptions when another process commits: at once through LISTEN/NOTIFY, and by polling
 * the head every pollIntervalMs in case a notification was lost (the listening connection dropped;
 * NOTIFY is not queued for a listener that is not connected). While running, the poll timer keeps
 * the process alive, like the SQLite store's poller.
 */
export class CommitWatcher {
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #polledHead = -1n;
  #polling = false;

  constructor(private readonly opts: CommitWatcherOptions) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#tick(), this.opts.pollIntervalMs);
    void this.#tick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#connecting;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #tick(): Promise<void> {
    if (this.opts.listen && !this.#client && !this.#connecting) this.#connecting = this.#listen().finally(() => (this.#connecting = null));
    if (this.#polling) return;
    this.#polling = true;
    try {
      const head = await this.opts.head();
      if (this.#polledHead !== -1n && head !== this.#polledHead) this.opts.onCommit();
      this.#polledHead = head;
    } catch {
      // The database is unreachable: the next tick tries again; subscriptions keep what they have.
    } finally {
      this.#polling = false;
    }
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.connectionString });
    const drop = () => {
      if (this.#client === client) this.#client = null;
      void client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => this.opts.onCommit());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch {
      drop();
      return;
    }
    if (!this.#timer) {
      await client.end().catch(() => undefined); // stopped while connecting
      return;
    }
    this.#client = client;
    // Commits between the last poll and LISTEN taking effect were not notified: look once more.
    this.opts.onCommit();
  }
}
