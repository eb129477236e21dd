import type pg from 'pg';

/**
 * The whole log is one table. `position` is assigned by the writer under LOG_LOCK (see pg-commit.ts),
 * not by a sequence: sequences are not transactional, so a rolled-back or late-committing append would
 * leave a gap or a hole that a reader skips.
 *
 * data/metadata are `json`, not `jsonb`: stored as the exact text written (key order kept, no
 * rejection of \u0000), parsed by the driver on read. occurred_at is the ISO text as given.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position       bigint  PRIMARY KEY,
  stream_id      text    NOT NULL,
  revision       bigint  NOT NULL,
  event_id       text    NOT NULL UNIQUE,
  type           text    NOT NULL,
  schema_version integer NOT NULL,
  occurred_at    text    NOT NULL,
  data           json    NOT NULL,
  metadata       json    NOT NULL,
  UNIQUE (stream_id, revision)
);
`;

/**
 * Advisory-lock keys of this system (one bigint namespace per database). LOG_LOCK serialises
 * appends; SCHEMA_LOCK serialises the CREATE … IF NOT EXISTS of processes starting together (two
 * concurrent CREATE TABLE IF NOT EXISTS can both pass the check and one fail on pg_type).
 */
export const LOG_LOCK = 0x7a7a_0001n;
export const SCHEMA_LOCK = 0x7a7a_0000n;

/** The channel commits notify (inside the transaction, so only committed appends are announced). */
export const NOTIFY_CHANNEL = 'zz_events';

/** Runs `ddl` once, serialised with every other process doing the same. */
export async function ensureSchema(pool: pg.Pool, ddl: string = DDL): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK.toString()]);
    await client.query(ddl);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
