// The PostgreSQL key store against a real server: a database of its own per test, dropped after.
import t, { type Test } from 'tap';
import pg from 'pg';
import { DETAILS, keyStoreContract, SECRET } from './keystore-contract.js';
import { openPostgresKeyStore } from './postgres.js';
import { createTemporaryDatabase } from './testing/pg-database.js';

async function database(t: Test) {
  const db = await createTemporaryDatabase('zz_ks_test');
  t.teardown(() => db.drop());
  return db;
}

keyStoreContract(t, async (t) => {
  const { connectionString } = await database(t);
  return { open: (opts) => openPostgresKeyStore({ connectionString, hashSecret: SECRET, ...opts }) };
});

t.test('erase deletes the key row and the ID hash; compact() rewrites the table so the key bytes leave its data file', async (t) => {
  const { connectionString } = await database(t);
  const ks = openPostgresKeyStore({ connectionString, hashSecret: SECRET });
  t.teardown(() => ks.close());
  const sql = new pg.Client({ connectionString });
  await sql.connect();
  t.teardown(() => sql.end());
  const { personId, idHash } = ks.personFor(DETAILS.idNumber);
  const bystander = ks.personFor('230302199001011230');
  ks.seal(personId, DETAILS);
  const keyOf = async (id: string) => (await sql.query<{ key: Buffer }>('SELECT key FROM keystore_persons WHERE person_id = $1', [id])).rows[0]?.key;
  const key = (await keyOf(personId))!;
  t.equal(key.length, 32);
  // The table's data file as the server holds it (superuser: the test server's trust user).
  const heap = async () => {
    await sql.query('CHECKPOINT');
    const { rows } = await sql.query<{ bytes: Buffer }>("SELECT pg_read_binary_file(pg_relation_filepath('keystore_persons')) AS bytes");
    return rows[0]!.bytes;
  };
  t.not((await heap()).indexOf(key), -1, 'positive control: the key bytes are in the data file');

  ks.erase(personId);
  t.equal(await keyOf(personId), undefined, 'no query returns the key any more');
  const byHash = await sql.query('SELECT 1 FROM keystore_persons WHERE id_hash = $1', [idHash]);
  t.equal(byHash.rowCount, 0, 'nor the ID hash');
  t.same((await sql.query('SELECT person_id FROM keystore_erasures')).rows, [{ person_id: personId }], 'the erasure record stays');
  t.not((await heap()).indexOf(key), -1, 'a DELETE only marks the row dead: the bytes stay until the table is rewritten');

  ks.compact();
  const after = await heap();
  t.equal(after.indexOf(key), -1, 'after compact() the key bytes are gone from the data file');
  t.not(after.indexOf((await keyOf(bystander.personId))!), -1, 'the other person keeps their key');
});

t.test('several stores (processes) on one database share its people', async (t) => {
  const { connectionString } = await database(t);
  const stores = Array.from({ length: 3 }, () => openPostgresKeyStore({ connectionString, hashSecret: SECRET }));
  t.teardown(() => {
    for (const s of stores) s.close();
  });
  const ids = stores.map((s) => s.personFor(DETAILS.idNumber).personId);
  t.equal(new Set(ids).size, 1, 'one person, whichever process asks');
});

t.test('after its connection is killed (as in a database restart) the store reconnects: at most one call fails', async (t) => {
  const { connectionString } = await database(t);
  const ks = openPostgresKeyStore({ connectionString, hashSecret: SECRET });
  t.teardown(() => ks.close());
  const { personId } = ks.personFor();
  const sealed = ks.seal(personId, DETAILS);
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  t.teardown(() => admin.end());
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await Promise.resolve(); // a new synchronous run: the store asks the database again
  let failures = 0;
  for (let i = 0; i < 2; i++) {
    try {
      t.same(ks.open(sealed), DETAILS);
      break;
    } catch {
      failures++;
      await Promise.resolve();
    }
  }
  t.ok(failures <= 1, `${failures} call(s) failed before the store reconnected`);
  t.same(ks.open(sealed), DETAILS, 'working again');
});
