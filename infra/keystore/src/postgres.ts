import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { decrypt, encrypt, keyedAddressHash, keyedHash, newKey } from './cipher.js';
import { KeyCache } from './key-cache.js';
import { SyncPg } from './pg-sync.js';
import { PersonErasedError, SealBrokenError, UnknownKeyError, UnknownPersonError, type Erasure, type KeyStore, type PersonRef, type Sealed } from './port.js';

export interface PostgresKeyStoreOptions {
  /** The database (usually the event store's own, when EVENT_STORE=postgres); its own tables. */
  connectionString: string;
  /** Deployment secret for the keyed hash of ID numbers (at least 16 characters). */
  hashSecret: string;
  now?: () => Date;
  /** Keys kept in memory (default MAX_CACHED_KEYS). */
  maxCachedKeys?: number;
}

/** Serialises the CREATE … IF NOT EXISTS of processes starting together (see the event store's). */
const SCHEMA_LOCK = 0x7a7a_0002n;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS keystore_persons (
    person_id  text PRIMARY KEY,
    id_hash    text UNIQUE,
    key        bytea NOT NULL,
    created_at text NOT NULL
  );
  -- All that survives an erasure: who (an opaque id) and when.
  CREATE TABLE IF NOT EXISTS keystore_erasures (
    person_id text PRIMARY KEY,
    erased_at text NOT NULL
  );
  -- Counts erasures, in commit order (a row lock serialises them): a process whose cached count
  -- moved drops its cached keys, since one of them may belong to a person erased elsewhere.
  CREATE TABLE IF NOT EXISTS keystore_state (
    id        integer PRIMARY KEY CHECK (id = 1),
    erasures  bigint  NOT NULL
  );
  INSERT INTO keystore_state (id, erasures) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
`;

/** A person with this hash, or (no conflict on id_hash) a new one; NULL hashes never conflict. */
const INSERT_PERSON = `INSERT INTO keystore_persons (person_id, id_hash, key, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (id_hash) DO NOTHING`;
const BY_HASH = 'SELECT person_id FROM keystore_persons WHERE id_hash = $1';

/** Deletes the key row and records the erasure in ONE statement (atomic); nothing when already gone. */
const ERASE = `
  WITH gone AS (DELETE FROM keystore_persons WHERE person_id = $1 RETURNING person_id),
       recorded AS (INSERT INTO keystore_erasures (person_id, erased_at) SELECT person_id, $2 FROM gone RETURNING erased_at),
       counted AS (UPDATE keystore_state SET erasures = erasures + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM gone))
  SELECT erased_at FROM recorded`;

/**
 * The key store on PostgreSQL, for processes on several machines. Same behaviour as the SQLite
 * store: the port is synchronous (seal/open run while rendering views), so queries go through
 * SyncPg; personsFor, on the registration path, is asynchronous and group-committed over a pool.
 * Erasure deletes the key row: from that commit no query on any node returns it (README: what
 * stays on disk, in WAL and in backups, and VACUUM FULL via `compact()`).
 */
export class PostgresKeyStore implements KeyStore {
  readonly #db: SyncPg;
  readonly #connectionString: string;
  #pool: pg.Pool | null = null;
  readonly #hashSecret: string;
  readonly #now: () => Date;
  readonly #cache: KeyCache;
  /** Erasures counted by the database when the cache was last checked. */
  #seenErasures = -1n;
  /** The erasure count was read in the current synchronous run (reset by a microtask). */
  #checked = false;

  constructor(opts: PostgresKeyStoreOptions) {
    if (!opts.hashSecret || opts.hashSecret.length < 16) {
      throw new Error('密钥库哈希密钥过短 / hashSecret must be at least 16 characters');
    }
    this.#hashSecret = opts.hashSecret;
    this.#now = opts.now ?? (() => new Date());
    this.#cache = new KeyCache(opts.maxCachedKeys);
    this.#connectionString = opts.connectionString;
    this.#db = new SyncPg(opts.connectionString);
    try {
      this.#transaction(() => {
        this.#db.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK.toString()]);
        this.#db.query(SCHEMA);
      });
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  idHash(idNumber: string): string {
    return keyedHash(this.#hashSecret, idNumber);
  }

  addressHash(address: string): string {
    return keyedAddressHash(this.#hashSecret, address);
  }

  personFor(idNumber?: string): PersonRef {
    return this.#findOrCreate(idNumber, (sql, params) => this.#db.query<{ person_id: string }>(sql, params));
  }

  readonly #pending: { idNumbers: (string | undefined)[]; resolve(refs: PersonRef[]): void; reject(err: unknown): void }[] = [];
  #flushScheduled = false;

  /**
   * Group commit, as on SQLite: every call of the same event-loop turn is found-or-created in ONE
   * transaction, and each promise resolves only after its COMMIT, so a key is durable before any
   * event sealed under it can be acknowledged. Asynchronous: registrations do not block the loop.
   */
  personsFor(idNumbers: (string | undefined)[]): Promise<PersonRef[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ idNumbers, resolve, reject });
      if (this.#flushScheduled) return;
      this.#flushScheduled = true;
      setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const batch = this.#pending.splice(0);
    this.#pool ??= new pg.Pool({ connectionString: this.#connectionString, max: 2 }).on('error', () => undefined);
    const client = await this.#pool.connect().catch((err: unknown) => {
      for (const b of batch) b.reject(err);
      return null;
    });
    if (!client) return;
    try {
      await client.query('BEGIN');
      const refs: PersonRef[][] = [];
      for (const b of batch) {
        const people: PersonRef[] = [];
        for (const n of b.idNumbers) people.push(await this.#findOrCreateAsync(n, client));
        refs.push(people);
      }
      await client.query('COMMIT');
      client.release();
      batch.forEach((b, i) => {
        b.resolve(refs[i]!);
      });
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(!(err instanceof pg.DatabaseError));
      for (const b of batch) b.reject(err);
    }
  }

  /** The person with this ID number (by keyed hash), or a new person with a fresh key. */
  #findOrCreate(idNumber: string | undefined, query: (sql: string, params: unknown[]) => { rows: { person_id: string }[] }): PersonRef {
    if (idNumber === undefined || idNumber.trim() === '') {
      const personId = randomUUID();
      query(INSERT_PERSON, [personId, null, newKey(), this.#now().toISOString()]);
      return { personId };
    }
    const idHash = this.idHash(idNumber);
    // Known: one read. New: insert unless another process just did, then read whichever row won
    // (and if that row was erased in between, try again).
    for (let found = query(BY_HASH, [idHash]).rows[0]; ; found = query(BY_HASH, [idHash]).rows[0]) {
      if (found) return { personId: found.person_id, idHash };
      query(INSERT_PERSON, [randomUUID(), idHash, newKey(), this.#now().toISOString()]);
    }
  }

  async #findOrCreateAsync(idNumber: string | undefined, client: pg.PoolClient): Promise<PersonRef> {
    if (idNumber === undefined || idNumber.trim() === '') {
      const personId = randomUUID();
      await client.query(INSERT_PERSON, [personId, null, newKey(), this.#now().toISOString()]);
      return { personId };
    }
    const idHash = this.idHash(idNumber);
    const byHash = async () => (await client.query<{ person_id: string }>(BY_HASH, [idHash])).rows[0];
    for (let found = await byHash(); ; found = await byHash()) {
      if (found) return { personId: found.person_id, idHash };
      await client.query(INSERT_PERSON, [randomUUID(), idHash, newKey(), this.#now().toISOString()]);
    }
  }

  seal(personId: string, value: unknown): Sealed {
    const key = this.#keyFor(personId);
    if (!key) {
      if (this.isErased(personId)) throw new PersonErasedError(personId);
      throw new UnknownPersonError(personId);
    }
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('cannot seal undefined');
    return { keyId: personId, ciphertext: encrypt(key, personId, Buffer.from(json, 'utf8')) };
  }

  open<T = unknown>(sealed: Sealed): T | null {
    const key = this.#keyFor(sealed.keyId);
    if (!key) {
      if (this.isErased(sealed.keyId)) return null;
      throw new UnknownKeyError(sealed.keyId);
    }
    const plain = decrypt(key, sealed.keyId, sealed.ciphertext);
    if (!plain) throw new SealBrokenError(sealed.keyId);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  erase(personId: string): Erasure {
    const erasedAt = this.#now().toISOString();
    const done = this.#db.query<{ erased_at: string }>(ERASE, [personId, erasedAt]).rows[0];
    this.#cache.forget(personId);
    if (done) return { erasedAt: done.erased_at };
    const already = this.#erasure(personId);
    if (already) return { erasedAt: already };
    throw new UnknownPersonError(personId);
  }

  isErased(personId: string): boolean {
    return this.#erasure(personId) !== undefined;
  }

  /**
   * Rewrites the key table (VACUUM FULL) so the bytes of erased keys leave its data files; a plain
   * DELETE only marks the row dead. Takes an exclusive lock on the table while it runs (opens
   * wait): run it in a quiet hour, e.g. nightly, or after a batch of erasures.
   */
  compact(): void {
    this.#db.query('VACUUM FULL keystore_persons');
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
    void this.#pool?.end();
    this.#pool = null;
  }

  #erasure(personId: string): string | undefined {
    return this.#db.query<{ erased_at: string }>('SELECT erased_at FROM keystore_erasures WHERE person_id = $1', [personId]).rows[0]?.erased_at;
  }

  #transaction(fn: () => void): void {
    this.#db.query('BEGIN');
    try {
      fn();
      this.#db.query('COMMIT');
    } catch (error) {
      this.#db.query('ROLLBACK');
      throw error;
    }
  }

  #keyFor(personId: string): Buffer | undefined {
    // Once per synchronous run (a page of 50 cases opens ~100 keys in one go), not once per key.
    if (!this.#checked) {
      this.#checked = true;
      queueMicrotask(() => (this.#checked = false));
      const erasures = BigInt(this.#db.query<{ erasures: string }>('SELECT erasures FROM keystore_state WHERE id = 1').rows[0]!.erasures);
      if (erasures !== this.#seenErasures) {
        // Someone erased: a cached key may belong to that person.
        this.#cache.clear();
        this.#seenErasures = erasures;
      }
    }
    const cached = this.#cache.get(personId);
    if (cached) return cached;
    const row = this.#db.query<{ key: Uint8Array }>('SELECT key FROM keystore_persons WHERE person_id = $1', [personId]).rows[0];
    if (!row) return undefined;
    // Structured clone turned the worker's Buffer into a Uint8Array: view the same bytes as a Buffer.
    const key = Buffer.from(row.key.buffer, row.key.byteOffset, row.key.byteLength);
    this.#cache.set(personId, key);
    return key;
  }
}

export function openPostgresKeyStore(opts: PostgresKeyStoreOptions): PostgresKeyStore {
  return new PostgresKeyStore(opts);
}
