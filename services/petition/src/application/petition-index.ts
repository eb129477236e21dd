import Database from 'better-sqlite3';
import { rebuildIntoFreshFile, rebuildProjection, startProjection, useViewJournal, type RebuildProgress, type RunningProjection } from '@zz/bus';
import { petition } from '@zz/contracts';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import type { EarlierPetition } from '../domain/commands.js';

/**
 * The petition index (信访人-事项索引): which petitions each petitioner (by keyed ID hash) has filed,
 * on what matter, and whether the matter was finally re-reviewed. It is a projection of the global log
 * (checkpoint in the same transaction as its rows; rebuilt offline by `npm run rebuild`), so registration
 * can hand the decider every earlier petition of the same people without scanning the log.
 * It holds no personal data in clear: only ID hashes, ids, case codes and matters.
 */
export const PETITION_INDEX_PROJECTION = 'petition-index';

/** The only event types the index reads: every other event is skipped on its type, its data never decoded. */
const INDEXED_TYPES: ReadonlySet<string> = new Set(['PetitionRegistered', 'PetitionReReviewDecided']);

/**
 * The index's tables and its apply, shared by the live index and `npm run rebuild` so both build the
 * same rows.
 */
export function petitionIndexApplier(db: Database.Database): (events: RecordedEvent[]) => void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS petitions (
      petition_id      TEXT PRIMARY KEY,
      case_code        TEXT NOT NULL,
      received_at      TEXT NOT NULL,
      matter           TEXT NOT NULL,
      finally_reviewed INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS petitioners (
      id_hash     TEXT NOT NULL,
      petition_id TEXT NOT NULL,
      PRIMARY KEY (id_hash, petition_id)
    ) WITHOUT ROWID;`);
  const insertPetition = db.prepare('INSERT OR IGNORE INTO petitions (petition_id, case_code, received_at, matter) VALUES (?, ?, ?, ?)');
  const insertHash = db.prepare('INSERT OR IGNORE INTO petitioners (id_hash, petition_id) VALUES (?, ?)');
  const finalise = db.prepare('UPDATE petitions SET finally_reviewed = 1 WHERE petition_id = ?');
  return (events) => {
    for (const r of events) {
      if (!INDEXED_TYPES.has(r.type)) continue;
      const e = petition.decodePetitionEvent(r);
      if (e?.type === 'PetitionRegistered') {
        const d = e.data;
        insertPetition.run(d.petitionId, d.caseCode, d.receivedAt, JSON.stringify(d.matter));
        for (const p of d.petitioners) if (p.idHash) insertHash.run(p.idHash, d.petitionId);
      } else if (e?.type === 'PetitionReReviewDecided') {
        finalise.run(e.data.petitionId);
      }
    }
  };
}

/**
 * Rebuilds the index from zero (`npm run rebuild`), offline: the same apply into a fresh file, swapped
 * in when complete. Run it with no process holding the file open.
 */
export function rebuildPetitionIndex(options: { store: EventStore; dbPath: string; batchSize?: number; onProgress?: (p: RebuildProgress) => void }): Promise<RebuildProgress> {
  return rebuildIntoFreshFile(options.dbPath, (db) =>
    rebuildProjection({
      store: options.store,
      db,
      name: PETITION_INDEX_PROJECTION,
      apply: petitionIndexApplier(db),
      types: [...INDEXED_TYPES],
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
}

export interface PetitionIndexOptions {
  store: EventStore;
  /** SQLite file of the index (e.g. ./data/petition-index.db). */
  path: string;
}

export class PetitionIndex {
  readonly #db: Database.Database;
  readonly #projection: RunningProjection;
  readonly #store: EventStore;
  readonly #byHash: Database.Statement;
  #caughtUp = false;
  #failed = false;

  private constructor(opts: PetitionIndexOptions) {
    this.#store = opts.store;
    const db = new Database(opts.path);
    db.pragma('busy_timeout = 5000');
    useViewJournal(db);
    const apply = petitionIndexApplier(db);
    this.#db = db;
    this.#byHash = db.prepare(`
      SELECT p.petition_id, p.case_code, p.received_at, p.matter, p.finally_reviewed,
             (SELECT json_group_array(id_hash) FROM petitioners h WHERE h.petition_id = p.petition_id) AS hashes
      FROM petitions p
      WHERE p.petition_id IN (SELECT petition_id FROM petitioners WHERE id_hash IN (SELECT value FROM json_each(?)))`);
    this.#projection = startProjection({ store: opts.store, db, name: PETITION_INDEX_PROJECTION, apply });
    this.#projection.caughtUp.then(
      () => (this.#caughtUp = true),
      () => {},
    );
    this.#projection.done.catch(() => (this.#failed = true));
  }

  static open(opts: PetitionIndexOptions): PetitionIndex {
    return new PetitionIndex(opts);
  }

  /** Every indexed petition that names any of these ID hashes. */
  petitionsOf(idHashes: readonly string[]): EarlierPetition[] {
    if (idHashes.length === 0) return [];
    const rows = this.#byHash.all(JSON.stringify(idHashes)) as { petition_id: string; case_code: string; received_at: string; matter: string; finally_reviewed: number; hashes: string }[];
    return rows.map((r) => ({
      petitionId: r.petition_id,
      caseCode: r.case_code,
      receivedAt: r.received_at,
      matter: JSON.parse(r.matter) as petition.PetitionMatter,
      finallyReviewed: r.finally_reviewed === 1,
      idHashes: JSON.parse(r.hashes) as string[],
    }));
  }

  /** Resolves once the index holds everything up to `position`; throws if it doesn't get there in time. */
  async reach(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (!(await this.#projection.waitFor(position, timeoutMs))) throw new Error(`petition index did not reach position ${position} within ${timeoutMs} ms`);
  }

  /** Catch up with the log as it is now. */
  async current(timeoutMs?: number): Promise<void> {
    await this.reach(await this.#store.headPosition(), timeoutMs);
  }

  position(): bigint {
    return this.#projection.position();
  }

  /** Resolves once the index has reached the log's head as it was at start. */
  get caughtUp(): Promise<void> {
    return this.#projection.caughtUp;
  }

  /** For /ready: ok once the index has caught up with the log, and for as long as it keeps running. */
  readiness(): { ok: boolean; detail: string } {
    return { ok: this.#caughtUp && !this.#failed, detail: `position ${this.#projection.position()}` };
  }

  async close(): Promise<void> {
    await this.#projection.stop();
    this.#db.close();
  }
}
