import type pg from 'pg';

/** Advisory-lock key for the read models' DDL (the event store uses 0x7a7a_0000/1, the key store 0x7a7a_0002). */
const SCHEMA_LOCK = 0x7a7a_0003n;

/** Anything that runs a query: a pool, or a client inside a transaction. */
type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * The PostgreSQL twin of checkpoints.ts: a projection's checkpoint lives in the same database as its
 * view rows, so one transaction moves both. Several processes may run the same projection: the batch
 * transaction locks the checkpoint row (`lockCheckpoint`), so they take turns and none applies an
 * event another already applied.
 */
export async function ensurePgCheckpoint(pool: pg.Pool, name: string): Promise<bigint> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    // Instances starting together: two CREATE TABLE IF NOT EXISTS can race (one fails on pg_type).
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK.toString()]);
    await tx.query(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     text   PRIMARY KEY,
      position bigint NOT NULL
    )`);
    await tx.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
  return readPgCheckpoint(pool, name);
}

export async function readPgCheckpoint(db: Queryable, name: string): Promise<bigint> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return rows[0] ? BigInt(rows[0].position) : 0n;
}

/** Inside the batch's transaction: the committed position, with the row locked until COMMIT. */
export async function lockCheckpoint(tx: pg.PoolClient, name: string): Promise<bigint> {
  const { rows } = await tx.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
  if (!rows[0]) throw new Error(`投影检查点不存在 / no checkpoint row for projection ${name}`);
  return BigInt(rows[0].position);
}

export async function writePgCheckpoint(tx: pg.PoolClient, name: string, position: bigint): Promise<void> {
  await tx.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1', [name, position.toString()]);
}
