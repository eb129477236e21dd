import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { decrypt, encrypt, keyedHash, keyedAddressHash, newKey } from './cipher.js';
import { KeyCache, MAX_CACHED_KEYS } from './key-cache.js';
import { PersonErasedError, SealBrokenError, UnknownKeyError, UnknownPersonError, type Erasure, type KeyStore, type PersonRef, type Sealed } from './port.js';

export interface KeyStoreOptions {
  /** Its own SQLite file, never the event store's: erasing must not touch history. */
  path: string;
  /** Deployment secret for the keyed hash of ID numbers (at least 16 characters). */
  hashSecret: string;
  now?: () => Date;
  /** Keys kept in memory (default MAX_CACHED_KEYS). */
  maxCachedKeys?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS persons (
    person_id  TEXT PRIMARY KEY,
    id_hash    TEXT UNIQUE,
    key        BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  -- All that survives an erasure: who (an opaque id) and when.
  CREATE TABLE IF NOT EXISTS erasures (
    person_id TEXT PRIMARY KEY,
    erased_at TEXT NOT NULL
  );
`;

export { MAX_CACHED_KEYS };

export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly hashSecret: string;
  private readonly now: () => Date;
  /** Keys in memory for repeated opens (key-cache.ts): bounded, zeroed when dropped, erased or closed. */
  private readonly cache: KeyCache;
  private readonly stmt;
  /** PRAGMA data_version moves when another connection (another process) commits, e.g. an erase. */
  private seenVersion = -1;
  /** data_version was read in the current synchronous run (reset by a microtask). */
  private versionChecked = false;

  constructor(opts: KeyStoreOptions) {
    if (!opts.hashSecret || opts.hashSecret.length < 16) {
      throw new Error('密钥库哈希密钥过短 / hashSecret must be at least 16 characters');
    }
    this.hashSecret = opts.hashSecret;
    this.now = opts.now ?? (() => new Date());
    this.cache = new KeyCache(opts.maxCachedKeys);
    this.db = new Database(opts.path);
    // A lost key is lost data: every acknowledged key is on disk (WAL + FULL). Deleted rows are
    // overwritten with zeros rather than left in free space (secure_delete).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.stmt = {
      byHash: this.db.prepare<[string], { person_id: string }>('SELECT person_id FROM persons WHERE id_hash = ?'),
      insert: this.db.prepare('INSERT INTO persons (person_id, id_hash, key, created_at) VALUES (?, ?, ?, ?)'),
      key: this.db.prepare<[string], { key: Buffer }>('SELECT key FROM persons WHERE person_id = ?'),
      erasure: this.db.prepare<[string], { erased_at: string }>('SELECT erased_at FROM erasures WHERE person_id = ?'),
      remove: this.db.prepare('DELETE FROM persons WHERE person_id = ?'),
      record: this.db.prepare('INSERT INTO erasures (person_id, erased_at) VALUES (?, ?)'),
    };
  }

  idHash(idNumber: string): string {
    return keyedHash(this.hashSecret, idNumber);
  }

  addressHash(address: string): string {
    return keyedAddressHash(this.hashSecret, address);
  }

  personFor(idNumber?: string): PersonRef {
    // IMMEDIATE: two processes registering the same person at once still end with one person.
    return this.db.transaction(() => this.#findOrCreate(idNumber)).immediate();
  }

  readonly #pending: { idNumbers: (string | undefined)[]; resolve(refs: PersonRef[]): void; reject(err: unknown): void }[] = [];
  #flushScheduled = false;

  /**
   * Group commit for people: every call made in the same turn of the event loop (a busy desk's
   * concurrent registrations) is found-or-created in ONE transaction — one fsync for the batch, not
   * one per party — and each promise resolves only after that commit, so a key is on disk before any
   * event sealed under it can be acknowledged.
   */
  personsFor(idNumbers: (string | undefined)[]): Promise<PersonRef[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ idNumbers, resolve, reject });
      if (this.#flushScheduled) return;
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#pending.splice(0);
    let refs: PersonRef[][];
    try {
      refs = this.db.transaction(() => batch.map((b) => b.idNumbers.map((n) => this.#findOrCreate(n)))).immediate();
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => {
      b.resolve(refs[i]!);
    });
  }

  /** Inside a transaction: the person with this ID number (by keyed hash), or a new person with a fresh key. */
  #findOrCreate(idNumber: string | undefined): PersonRef {
    const create = (idHash: string | null) => {
      const personId = randomUUID();
      this.stmt.insert.run(personId, idHash, newKey(), this.now().toISOString());
      return personId;
    };
    if (idNumber === undefined || idNumber.trim() === '') return { personId: create(null) };
    const idHash = this.idHash(idNumber);
    return { personId: this.stmt.byHash.get(idHash)?.person_id ?? create(idHash), idHash };
  }

  seal(personId: string, value: unknown): Sealed {
    const key = this.keyFor(personId);
    if (!key) {
      if (this.isErased(personId)) throw new PersonErasedError(personId);
      throw new UnknownPersonError(personId);
    }
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('cannot seal undefined');
    return { keyId: personId, ciphertext: encrypt(key, personId, Buffer.from(json, 'utf8')) };
  }

  open<T = unknown>(sealed: Sealed): T | null {
    const key = this.keyFor(sealed.keyId);
    if (!key) {
      if (this.isErased(sealed.keyId)) return null;
      throw new UnknownKeyError(sealed.keyId);
    }
    const plain = decrypt(key, sealed.keyId, sealed.ciphertext);
    if (!plain) throw new SealBrokenError(sealed.keyId);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  erase(personId: string): Erasure {
    const erase = this.db.transaction((): Erasure => {
      const already = this.stmt.erasure.get(personId);
      if (already) return { erasedAt: already.erased_at };
      if (this.stmt.remove.run(personId).changes === 0) throw new UnknownPersonError(personId);
      const erasedAt = this.now().toISOString();
      this.stmt.record.run(personId, erasedAt);
      return { erasedAt };
    });
    const result = erase.immediate();
    this.cache.forget(personId);
    // The old page holding the key may still sit in the WAL: copy everything into the (zeroed) main
    // file and cut the WAL to zero bytes.
    this.checkpoint();
    return result;
  }

  isErased(personId: string): boolean {
    return this.stmt.erasure.get(personId) !== undefined;
  }

  close(): void {
    this.cache.clear();
    if (this.db.open) {
      this.checkpoint();
      this.db.close();
    }
  }

  /** wal_checkpoint(TRUNCATE); true when the WAL was fully copied and truncated. */
  checkpoint(): boolean {
    const [row] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return row !== undefined && row.busy === 0;
  }

  private keyFor(personId: string): Buffer | undefined {
    // Once per synchronous run (a page of 50 cases opens ~100 keys in one go), not once per key.
    if (!this.versionChecked) {
      this.versionChecked = true;
      queueMicrotask(() => (this.versionChecked = false));
      const version = this.db.pragma('data_version', { simple: true }) as number;
      if (version !== this.seenVersion) {
        // Someone else wrote: a cached key may belong to a person erased by another process.
        this.cache.clear();
        this.seenVersion = version;
      }
    }
    const cached = this.cache.get(personId);
    if (cached) return cached;
    const row = this.stmt.key.get(personId);
    if (!row) return undefined;
    this.cache.set(personId, row.key);
    return row.key;
  }
}

export function openKeyStore(opts: KeyStoreOptions): SqliteKeyStore {
  return new SqliteKeyStore(opts);
}
