/**
 * The behaviour every KeyStore adapter shares (SQLite: sqlite.test.ts, PostgreSQL: postgres.test.ts).
 * `fresh(t)` gives an empty store location for one test; `open` opens a store on it — as often as
 * a test needs, each like another process on the same file or database.
 */
import type { Test } from 'tap';
import { PersonErasedError, SealBrokenError, UnknownKeyError, UnknownPersonError, type KeyStore } from './port.js';

export const SECRET = 'hash-secret-for-tests-0123456789';
export const DETAILS = { name: '欧阳秀英', idNumber: '23030219800101123X', phone: '13912345678', address: '鸡冠区红旗路88号' };

export interface StoreOptions {
  hashSecret?: string;
  now?: () => Date;
  maxCachedKeys?: number;
}

export interface KeyStoreLocation {
  /** Opens another store (another connection) on this location; the caller closes it. */
  open(opts?: StoreOptions): KeyStore;
}

export function keyStoreContract(t: Test, fresh: (t: Test) => Promise<KeyStoreLocation>): void {
  const opened = async (t: Test, opts?: StoreOptions) => {
    const location = await fresh(t);
    const ks = location.open(opts);
    t.teardown(() => ks.close());
    return { ks, location };
  };

  t.test('seal then open gives the value back; the ciphertext holds no plaintext and differs each time', async (t) => {
    const { ks } = await opened(t);
    const { personId } = ks.personFor(DETAILS.idNumber);
    const a = ks.seal(personId, DETAILS);
    const b = ks.seal(personId, DETAILS);
    t.equal(a.keyId, personId);
    t.not(a.ciphertext, b.ciphertext, 'random IV');
    t.same(ks.open(a), DETAILS);
    const raw = Buffer.from(a.ciphertext, 'base64');
    for (const value of Object.values(DETAILS)) {
      t.equal(raw.indexOf(Buffer.from(value, 'utf8')), -1, `ciphertext bytes don't contain ${value.length} chars of plaintext`);
      t.notOk(a.ciphertext.includes(value));
    }
  });

  t.test('same ID number → same person and hash, across reopening; no ID number → always a new person', async (t) => {
    const location = await fresh(t);
    const first = location.open();
    const p1 = first.personFor(DETAILS.idNumber);
    const p2 = first.personFor(DETAILS.idNumber.toLowerCase());
    const other = first.personFor('230302199001011230');
    const anon1 = first.personFor();
    const anon2 = first.personFor();
    first.close();
    t.equal(p2.personId, p1.personId, 'lower-case x is the same person');
    t.equal(p1.idHash, p2.idHash);
    t.match(p1.idHash, /^[0-9a-f]{64}$/);
    t.not(other.personId, p1.personId);
    t.not(anon1.personId, anon2.personId);
    t.equal(anon1.idHash, undefined);

    const again = location.open();
    t.teardown(() => again.close());
    t.same(again.personFor(DETAILS.idNumber), p1);
    t.equal(again.idHash(DETAILS.idNumber), p1.idHash);
    t.notOk(p1.idHash!.includes(DETAILS.idNumber), 'the hash is not the number');

    const { ks: otherSecret } = await opened(t, { hashSecret: `${SECRET}-other` });
    t.not(otherSecret.idHash(DETAILS.idNumber), p1.idHash, 'keyed: another secret gives another hash');
  });

  t.test('a bounded key cache: keys pushed out are read again, erasure still wins for cached and uncached keys', async (t) => {
    const { ks } = await opened(t, { maxCachedKeys: 2 });
    const people = ['甲', '乙', '丙', '丁'].map((name) => ({ name, ...ks.personFor() }));
    const sealed = people.map((p) => ks.seal(p.personId, { name: p.name }));
    for (let round = 0; round < 3; round++)
      t.same(
        sealed.map((s) => ks.open(s)),
        people.map((p) => ({ name: p.name })),
        `round ${round}: every value opens`,
      );
    ks.erase(people[0]!.personId); // pushed out of the cache long ago
    ks.erase(people[3]!.personId); // just used: cached
    t.same(
      sealed.map((s) => ks.open(s)),
      [null, { name: '乙' }, { name: '丙' }, null],
    );
  });

  t.test('erase: open returns null (also after reopening), the erasure is idempotent, nothing more can be sealed', async (t) => {
    const clock = () => new Date('2026-03-01T08:00:00.000Z');
    const location = await fresh(t);
    const ks = location.open({ now: clock });
    const { personId } = ks.personFor(DETAILS.idNumber);
    const keep = ks.personFor();
    const sealed = ks.seal(personId, DETAILS);
    const kept = ks.seal(keep.personId, { name: '李四' });
    t.same(ks.open(sealed), DETAILS, 'readable before, and now cached');
    t.notOk(ks.isErased(personId));

    t.same(ks.erase(personId), { erasedAt: '2026-03-01T08:00:00.000Z' });
    t.ok(ks.isErased(personId));
    t.equal(ks.open(sealed), null, 'the cached key was dropped');
    t.same(ks.open(kept), { name: '李四' }, 'other people are untouched');
    t.same(ks.erase(personId), { erasedAt: '2026-03-01T08:00:00.000Z' }, 'erasing twice keeps the first time');
    t.throws(() => ks.seal(personId, DETAILS), PersonErasedError);
    t.throws(() => ks.erase('no-such-person'), UnknownPersonError);
    const again = ks.personFor(DETAILS.idNumber);
    t.not(again.personId, personId, 'the ID number no longer leads to the erased person');
    ks.close();

    const reopened = location.open();
    t.teardown(() => reopened.close());
    t.equal(reopened.open(sealed), null);
    t.ok(reopened.isErased(personId));
    t.same(reopened.open(kept), { name: '李四' });
  });

  t.test('an erase by another connection (another process) is seen despite the key cache', async (t) => {
    const { ks, location } = await opened(t);
    const { personId } = ks.personFor();
    const sealed = ks.seal(personId, DETAILS);
    t.same(ks.open(sealed), DETAILS);
    const other = location.open();
    other.erase(personId);
    other.close();
    // Another process's commit is looked for once per synchronous run of ours (one page of cases opens
    // many keys at once): the next task — the next request — sees the erase.
    await Promise.resolve();
    t.equal(ks.open(sealed), null);
  });

  t.test('tampered, relabelled or foreign ciphertext throws (never a silent null, which means erased)', async (t) => {
    const { ks } = await opened(t);
    const a = ks.personFor();
    const b = ks.personFor();
    const sealed = ks.seal(a.personId, DETAILS);
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    raw[raw.length - 1]! ^= 0x01;
    t.throws(() => ks.open({ keyId: a.personId, ciphertext: raw.toString('base64') }), SealBrokenError);
    t.throws(() => ks.open({ keyId: a.personId, ciphertext: 'AAAA' }), SealBrokenError, 'truncated');
    t.throws(() => ks.open({ keyId: b.personId, ciphertext: sealed.ciphertext }), SealBrokenError, 'relabelled to another key');
    t.throws(() => ks.open({ keyId: 'never-issued', ciphertext: sealed.ciphertext }), UnknownKeyError);
    t.same(ks.open(sealed), DETAILS, 'the original still opens');
  });

  t.test('a short hash secret is refused', async (t) => {
    const location = await fresh(t);
    t.throws(() => location.open({ hashSecret: 'short' }), /hashSecret/);
  });

  t.test('personsFor: concurrent calls share one transaction, find the same person by ID number, and resolve only once committed', async (t) => {
    const { ks, location } = await opened(t);
    const known = ks.personFor(DETAILS.idNumber);
    const [a, b, c] = await Promise.all([ks.personsFor([DETAILS.idNumber, undefined]), ks.personsFor(['230302199001011230']), ks.personsFor(['230302199001011230', ''])]);
    t.same(a![0], known, 'an existing person is found by ID number');
    t.not(a![1]!.personId, known.personId, 'no ID number: a new person');
    t.equal(b![0]!.personId, c![0]!.personId, 'the same new person asked for twice in one batch is created once');
    t.not(c![1]!.personId, b![0]!.personId);
    // Committed: a second connection (another process) sees every person and can seal for them.
    const other = location.open();
    t.teardown(() => other.close());
    for (const p of [...a!, ...b!, ...c!]) t.ok(other.seal(p.personId, 'x'), `person ${p.personId} is on disk`);
    t.same(other.personFor('230302199001011230'), b![0], 'found again by ID number from the other connection');
  });
}
