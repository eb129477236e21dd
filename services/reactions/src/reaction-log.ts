import type Database from 'better-sqlite3';
import type { ReactionCommand } from './reaction-command.js';
import type { ReactionOutcome } from './executor.js';

/**
 * Every reaction command and what came of it, beside the checkpoint in the reactor's own file
 * (reactions.db). Ids, types and reason codes only: no personal data. A reprocessed event replaces
 * its rows (a replay shows as `replayed`), so the log never counts an event twice.
 */
export function ensureReactionLog(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS reaction_log (
    event_id    TEXT NOT NULL,
    reaction    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    event_type  TEXT NOT NULL,
    target      TEXT,
    status      TEXT NOT NULL,
    reason      TEXT,
    reacted_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, reaction)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS reaction_log_status ON reaction_log (status, position)`);
}

export interface ReactionLogRow {
  event_id: string;
  reaction: string;
  position: number;
  event_type: string;
  target: string | null;
  status: ReactionOutcome['status'];
  reason: string | null;
  reacted_at: string;
}

export function reactionLogWriter(db: Database.Database) {
  const stmt = db.prepare(
    `INSERT INTO reaction_log (event_id, reaction, position, event_type, target, status, reason, reacted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, reaction) DO UPDATE SET status = excluded.status, reason = excluded.reason, target = excluded.target, reacted_at = excluded.reacted_at`,
  );
  return (position: bigint, cmd: ReactionCommand, outcome: ReactionOutcome, at: Date) => {
    const target = cmd.kind === 'report_to_dispute' ? `dispute-${cmd.caseId}` : outcome.status !== 'refused' ? (outcome.streamId ?? null) : `dispute-${cmd.body.caseId}`;
    stmt.run(cmd.causation.eventId, cmd.reaction, position, cmd.causation.type, target, outcome.status, outcome.status === 'refused' ? outcome.reason : null, at.toISOString());
  };
}

export function readReactionLog(db: Database.Database): ReactionLogRow[] {
  return db.prepare('SELECT * FROM reaction_log ORDER BY position, reaction').all() as ReactionLogRow[];
}
