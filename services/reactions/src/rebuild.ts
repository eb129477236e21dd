import fs from 'node:fs';
import Database from 'better-sqlite3';
import { rebuildIntoFreshFile, rebuildProjection, readCheckpoint, type RebuildProgress } from '@zz/bus';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import { react, type ReactOptions } from './react.js';
import type { ReactionCommand } from './reaction-command.js';
import { ensureReactionLog, type ReactionLogRow } from './reaction-log.js';
import { REACTIONS_CHECKPOINT } from './reactor.js';
import { SYSTEM_ACTOR_ID } from './system-actor.js';

/**
 * `npm run rebuild` for the cross-flow reactions (reactions.db): a fresh file, swapped in when complete.
 *
 * The reactor is a process manager, not a view: its checkpoint says which events' commands have been
 * issued, and moving it wrongly either loses a command (moved past an event whose commands never ran)
 * or re-issues one. So a rebuild FAST-FORWARDS THE CHECKPOINT ONLY OVER WHAT IS PROVABLY DONE, and
 * the reactor, started on the rebuilt file, issues everything after it exactly as it would have:
 *
 *   - an event at or below the old file's checkpoint is done: the reactor stores a position only after
 *     every command of the event ran (its log rows are carried over as they are);
 *   - a command with a row in the old file's reaction log is done (`refused` and `unchanged` commands
 *     leave no event behind: that row is their only record);
 *   - a command whose Idempotency-Key (`reaction:<name>:<eventId>`, by the system user) is on an event
 *     in the log is done: its answer is there (logged as `appended`, at the answer's time);
 *   - the checkpoint stops just before the first event with a command none of these shows done (at
 *     the previous event's position: positions are not counts on every store).
 *
 * Not chosen: replaying from zero on an empty file. It would be idempotent for commands that appended
 * (they find their first answer), but it costs a stream read and a decision per command, and a command
 * that was refused or changed nothing would be decided again against today's state — a mediation file
 * refused for a dispute closed back then would be opened now, years late, if the dispute has reopened.
 *
 * With an intact old file the rebuild changes nothing but the file (a copy at the same checkpoint);
 * without one it jumps over every reaction already answered in the log, which on a log without
 * unanswered reactions is all of it. Run it with no reactor running on the file.
 */
export interface RebuildReactionsOptions extends ReactOptions {
  store: EventStore;
  /** The reactor's file (DATA_DIR/reactions.db). */
  dbPath: string;
  /** Events per transaction (default 20,000). */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

/** Event types whose first event of a batch answers a reaction command (the commands' leading events). */
const ANSWER_TYPES: ReadonlySet<string> = new Set(['MediationOpened', 'MediationLinked', 'MediationOutcomeRecorded', 'ReferralLinked', 'CourtOutcomeRecorded', 'CaseFiledInCourt', 'PetitionLinked']);
/** The executor opens a file whose planned end passed under this variant of the reaction's key. */
const WITHOUT_PLANNED_END = ':without-planned-end';

interface Pending {
  position: bigint;
  /** Position of the event just before it in the log (0n for the first): where the reactor resumes to see it again. */
  before: bigint;
  command: ReactionCommand;
}

export interface ReactionsRebuildResult extends RebuildProgress {
  /** Where the rebuilt file's checkpoint stands: the reactor resumes after it. */
  checkpoint: bigint;
  /** Commands after the checkpoint not shown done (the reactor will issue them). */
  unanswered: number;
  /** Reaction log rows carried over from the old file. */
  carriedOver: number;
  /** The old file: used, absent, or unreadable (then only the log's answers count). */
  oldFile: OldFile['state'];
}

interface OldFile {
  state: 'used' | 'absent' | 'unreadable';
  checkpoint: bigint;
  /** Log rows copied into the fresh file. */
  rows: number;
}

export async function rebuildReactions(options: RebuildReactionsOptions): Promise<ReactionsRebuildResult> {
  const reactOptions: ReactOptions = options.cityCode ? { cityCode: options.cityCode } : {};
  return rebuildIntoFreshFile(options.dbPath, async (db) => {
    ensureReactionLog(db);
    const insertRow = db.prepare(
      `INSERT OR IGNORE INTO reaction_log (event_id, reaction, position, event_type, target, status, reason, reacted_at)
       VALUES (@event_id, @reaction, @position, @event_type, @target, @status, @reason, @reacted_at)`,
    );
    const old = carryOver(options.dbPath, db, insertRow);
    const logged = db.prepare('SELECT 1 FROM reaction_log WHERE event_id = ? AND reaction = ?').pluck();

    const pending = new Map<string, Pending>();
    // Positions are not counts (EventStoreDB's are byte offsets): "just before an event" is the previous event's position.
    let previous = 0n;
    const apply = (events: RecordedEvent[]) => {
      for (const e of events) {
        const before = previous;
        previous = e.position;
        if (ANSWER_TYPES.has(e.type) && pending.size > 0) answer(e);
        if (e.position <= old.checkpoint) continue;
        for (const command of react(e, reactOptions))
          if (logged.get(command.causation.eventId, command.reaction) === undefined) pending.set(command.idempotencyKey, { position: e.position, before, command });
      }
    };
    const answer = (e: RecordedEvent) => {
      const m = e.metadata as { idempotencyKey?: unknown; actor?: { userId?: unknown } };
      if (typeof m.idempotencyKey !== 'string' || m.actor?.userId !== SYSTEM_ACTOR_ID) return;
      const key = m.idempotencyKey.endsWith(WITHOUT_PLANNED_END) ? m.idempotencyKey.slice(0, -WITHOUT_PLANNED_END.length) : m.idempotencyKey;
      const p = pending.get(key);
      if (!p) return;
      pending.delete(key);
      insertRow.run({
        event_id: p.command.causation.eventId,
        reaction: p.command.reaction,
        position: p.position,
        event_type: p.command.causation.type,
        target: e.streamId,
        status: 'appended',
        reason: null,
        reacted_at: e.occurredAt,
      });
    };

    let checkpoint = 0n;
    const progress = await rebuildProjection({
      store: options.store,
      db,
      name: REACTIONS_CHECKPOINT,
      apply,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      finish: (db) => {
        // The batches stored the last position read; the reactor resumes after the first event not shown done.
        let first: Pending | undefined;
        for (const p of pending.values()) if (first === undefined || p.position < first.position) first = p;
        const scanned = readCheckpoint(db, REACTIONS_CHECKPOINT);
        // biome-ignore lint/complexity/useMathMinMax: bigint positions (Math.max takes numbers)
        checkpoint = first !== undefined ? first.before : scanned > old.checkpoint ? scanned : old.checkpoint;
        db.prepare('INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position').run(REACTIONS_CHECKPOINT, checkpoint);
        // Rows of answered commands after the checkpoint stay: the reactor rewrites each when it runs it again.
      },
    });
    return { ...progress, checkpoint, unanswered: pending.size, carriedOver: old.rows, oldFile: old.state };
  });
}

/**
 * The old file's checkpoint, and its log rows copied into the fresh file (streamed, in one transaction:
 * an old file that fails half-way is treated as unreadable and nothing of it is kept).
 */
function carryOver(dbPath: string, fresh: Database.Database, insertRow: Database.Statement): OldFile {
  if (!fs.existsSync(dbPath)) return { state: 'absent', checkpoint: 0n, rows: 0 };
  let db: Database.Database | undefined;
  try {
    // Read-write, as the reactor opens it: a read-only handle may not see a WAL it cannot index.
    db = new Database(dbPath, { fileMustExist: true });
    const hasTable = (name: string) => db!.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    const checkpoint = hasTable('projection_checkpoints') ? readCheckpoint(db, REACTIONS_CHECKPOINT) : 0n;
    let rows = 0;
    if (hasTable('reaction_log'))
      fresh.transaction(() => {
        for (const r of db!.prepare('SELECT * FROM reaction_log').iterate() as IterableIterator<ReactionLogRow>) insertRow.run(r), rows++;
      })();
    return { state: 'used', checkpoint, rows };
  } catch {
    return { state: 'unreadable', checkpoint: 0n, rows: 0 };
  } finally {
    db?.close();
  }
}
