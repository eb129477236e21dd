// The SQLite key store: the shared key store behaviour, plus what erasure leaves in its files.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { openKeyStore } from './index.js';
import { DETAILS, keyStoreContract, SECRET } from './keystore-contract.js';

keyStoreContract(t, async (t) => {
  const path = join(t.testdir(), 'keys.db');
  return { open: (opts) => openKeyStore({ path, hashSecret: SECRET, ...opts }) };
});

/** The raw bytes of every file SQLite keeps for this database. */
function rawFiles(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`, `${path}-journal`].filter(existsSync).map((p) => readFileSync(p)));
}

/** The key as the file stores it, read over a separate connection (closed before returning). */
function storedKey(path: string, personId: string): Buffer {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT key FROM persons WHERE person_id = ?').get(personId) as { key: Buffer }).key;
  } finally {
    db.close();
  }
}

t.test('after erase the key bytes and the ID hash are gone from the raw files (db and WAL), open and after close', async (t) => {
  const path = join(t.testdir(), 'keys.db');
  const ks = openKeyStore({ path, hashSecret: SECRET });
  t.teardown(() => ks.close());
  const { personId, idHash } = ks.personFor(DETAILS.idNumber);
  const bystander = ks.personFor('230302199001011230');
  ks.seal(personId, DETAILS);
  const key = storedKey(path, personId);
  const bystanderKey = storedKey(path, bystander.personId);
  t.equal(key.length, 32);
  // Positive control: the search finds them while they exist.
  t.not(rawFiles(path).indexOf(key), -1, 'key bytes present before erase');
  t.not(rawFiles(path).indexOf(Buffer.from(idHash!)), -1, 'id hash present before erase');

  ks.erase(personId);
  const whileOpen = rawFiles(path);
  t.equal(whileOpen.indexOf(key), -1, 'no key bytes in db or WAL right after erase');
  t.equal(whileOpen.indexOf(Buffer.from(idHash!)), -1, 'no id hash right after erase');
  t.not(whileOpen.indexOf(bystanderKey), -1, 'the other person keeps their key');
  t.not(whileOpen.indexOf(Buffer.from(personId)), -1, 'the erasure record (person id) stays');
  ks.close();
  const closed = rawFiles(path);
  t.equal(closed.indexOf(key), -1, 'no key bytes after close');
  t.equal(closed.indexOf(Buffer.from(idHash!)), -1);
});
