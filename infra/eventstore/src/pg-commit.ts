import pg from 'pg';
import type { AppendOutcome, AppendRequest } from './sqlite-commit.js';
import { planBatch, type PlannedRow } from './pg-plan.js';
import { LOG_LOCK, NOTIFY_CHANNEL } from './pg-schema.js';

const INSERT = `
INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata)
SELECT p, s, r, e, t, v, o, d::json, m::json
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[])
  AS u(p, s, r, e, t, v, o, d, m)`;

/**
 * Commits one group-commit batch in ONE transaction:
 *
 *   BEGIN; pg_advisory_xact_lock(LOG_LOCK); read head, the touched streams' revisions and any
 *   already-used event ids; decide everything in memory (planBatch); one INSERT; pg_notify; COMMIT.
 *
 * The lock is held until COMMIT, and PostgreSQL makes a commit visible before it releases the
 * transaction's locks, so the next writer (any process) reads the head only after this batch is
 * visible: positions are gap-free and allocated in commit order, and a reader never sees N+1
 * before N. Throws only when the transaction itself fails; then nothing of the batch was written.
 */
export async function commitBatch(pool: pg.Pool, batch: readonly AppendRequest[]): Promise<AppendOutcome[]> {
  const client = await pool.connect();
  let broken: unknown = null;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOG_LOCK.toString()]);
    const streams = [...new Set(batch.flatMap((r) => r.parts.map((p) => p.streamId)))];
    const ids = batch.flatMap((r) => r.parts.flatMap((p) => p.events.map((e) => e.eventId)));
    const head = await client.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM events');
    const revisions = await client.query<{ stream_id: string; last: string }>(
      'SELECT stream_id, max(revision) AS last FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
      [streams],
    );
    const existing = ids.length
      ? await client.query<{ event_id: string }>('SELECT event_id FROM events WHERE event_id = ANY($1::text[])', [ids])
      : { rows: [] };
    const plan = planBatch(batch, {
      head: BigInt(head.rows[0]!.head),
      lastRevisions: new Map(revisions.rows.map((r) => [r.stream_id, BigInt(r.last)])),
      existingEventIds: new Set(existing.rows.map((r) => r.event_id)),
    });
    if (plan.rows.length > 0) {
      await client.query(INSERT, columns(plan.rows));
      await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, plan.rows[plan.rows.length - 1]!.position.toString()]);
    }
    await client.query('COMMIT');
    return plan.outcomes;
  } catch (error) {
    broken = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-transaction is not handed to the next append.
    client.release(broken !== null && !(broken instanceof pg.DatabaseError));
  }
}

function columns(rows: readonly PlannedRow[]): unknown[] {
  return [
    rows.map((r) => r.position.toString()),
    rows.map((r) => r.streamId),
    rows.map((r) => r.revision.toString()),
    rows.map((r) => r.eventId),
    rows.map((r) => r.type),
    rows.map((r) => r.schemaVersion),
    rows.map((r) => r.occurredAt),
    rows.map((r) => r.data),
    rows.map((r) => r.metadata),
  ];
}
