import pg from 'pg';
import type { AppendOutcome, AppendRequest } from './sqlite-commit.js';
import { planBatch, type PlannedRow, type StoredPlace } from './pg-plan.js';
import { LOG_LOCK, NOTIFY_CHANNEL } from './pg-schema.js';
import { isTransientDatabaseError } from './pg-errors.js';

/** The batch's rows in one statement, and the commit announced (NOTIFY is delivered only if we COMMIT). */
const INSERT_AND_NOTIFY = `
WITH inserted AS (
  INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, occurred_at, data, metadata)
  SELECT p, s, r, e, t, v, o, d::json, m::json
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[])
    AS u(p, s, r, e, t, v, o, d, m)
)
SELECT pg_notify('${NOTIFY_CHANNEL}', $10)`;

/**
 * Everything planBatch needs, in one round trip: the head, the touched streams' revisions, and
 * where the batch's ids already used are stored (a repeat of a written append answers from them).
 */
const READ_STATE = `
SELECT 'head' AS kind, NULL AS key, coalesce(max(position), 0)::text AS value, NULL AS stream_id, NULL AS revision FROM events
UNION ALL
SELECT 'revision', stream_id, max(revision)::text, NULL, NULL FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id
UNION ALL
SELECT 'used', event_id, position::text, stream_id, revision::text FROM events WHERE event_id = ANY($2::text[])`;

interface StateRow {
  kind: 'head' | 'revision' | 'used';
  key: string | null;
  value: string | null;
  stream_id: string | null;
  revision: string | null;
}

/** BEGIN and the lock in one round trip (a simple query: the key is a literal). */
const BEGIN_LOCKED = `BEGIN; SELECT pg_advisory_xact_lock(${LOG_LOCK})`;

/**
 * Commits one group-commit batch in ONE transaction:
 *
 *   BEGIN + pg_advisory_xact_lock(LOG_LOCK); read head, the touched streams' revisions and where
 *   any already-used event ids are; decide everything in memory (planBatch); INSERT + pg_notify; COMMIT —
 *   four round trips, three of them under the lock.
 *
 * The lock is held until COMMIT, and PostgreSQL makes a commit visible before it releases the
 * transaction's locks, so the next writer (any process) reads the head only after this batch is
 * visible: positions are gap-free and allocated in commit order, and a reader never sees N+1
 * before N. Throws only when the transaction itself fails; then nothing of the batch was written.
 */
export async function commitBatch(pool: pg.Pool, batch: readonly AppendRequest[]): Promise<AppendOutcome[]> {
  const client = await lockedConnection(pool);
  let broken: unknown = null;
  try {
    const streams = [...new Set(batch.flatMap((r) => r.parts.map((p) => p.streamId)))];
    const ids = batch.flatMap((r) => r.parts.flatMap((p) => p.events.map((e) => e.eventId)));
    const state = await client.query<StateRow>(READ_STATE, [streams, ids]);
    let head = 0n;
    const lastRevisions = new Map<string, bigint>();
    const storedEvents = new Map<string, StoredPlace>();
    for (const row of state.rows) {
      if (row.kind === 'head') head = BigInt(row.value!);
      else if (row.kind === 'revision') lastRevisions.set(row.key!, BigInt(row.value!));
      else storedEvents.set(row.key!, { streamId: row.stream_id!, revision: BigInt(row.revision!), position: BigInt(row.value!) });
    }
    const plan = planBatch(batch, { head, lastRevisions, storedEvents });
    const last = plan.rows[plan.rows.length - 1];
    if (last) await client.query(INSERT_AND_NOTIFY, [...columns(plan.rows), last.position.toString()]);
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

/**
 * A pooled connection inside BEGIN, holding the log lock. After a database restart the pool may
 * still hold connections the server has closed: nothing has been written yet, so a connection that
 * fails here is dropped and another tried instead of failing the appends.
 */
/** At most this many dead connections are skipped (a pool holds 10 by default; dead ones fail at once). */
const MAX_STALE_CONNECTIONS = 10;

async function lockedConnection(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query(BEGIN_LOCKED);
      return client;
    } catch (error) {
      const transient = isTransientDatabaseError(error);
      if (!transient) await client.query('ROLLBACK').catch(() => undefined);
      client.release(transient);
      if (!transient || attempt >= MAX_STALE_CONNECTIONS) throw error;
    }
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
