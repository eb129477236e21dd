// Test databases on a real PostgreSQL (the twin of infra/eventstore/src/testing/pg-database.ts; the
// key store does not depend on the event store package).
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** PG_CONNECTION_STRING (a database the user may CREATE DATABASE from), else the machine's local server. */
export const PG_ADMIN_URL = process.env.PG_CONNECTION_STRING ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function onAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database; `drop()` removes it (and ends connections still open to it). */
export async function createTemporaryDatabase(prefix = 'zz_test'): Promise<{ connectionString: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { connectionString: url.toString(), drop: () => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
