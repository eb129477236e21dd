import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * The server tests create their databases on: PG_CONNECTION_STRING (a connection string to a
 * database the user may CREATE DATABASE from, usually `postgres`), else the machine's local server.
 */
export const PG_ADMIN_URL = process.env.PG_CONNECTION_STRING ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Connection string of `admin` with another database name. */
export function withDatabase(admin: string, database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database; `drop()` removes it (and ends connections still open to it). */
export async function createTemporaryDatabase(prefix = 'zz_test'): Promise<{ connectionString: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await onAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    connectionString: withDatabase(PG_ADMIN_URL, name),
    drop: () => onAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
