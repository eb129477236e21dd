import t from 'tap';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '@zz/eventstore';
import { petitionBody, petitionTestApp } from '../testing.js';
import { PetitionIndex, rebuildPetitionIndex } from './petition-index.js';

/** Every row of an index file in a stable order. */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      petitions: db.prepare('SELECT * FROM petitions ORDER BY petition_id').all(),
      petitioners: db.prepare('SELECT * FROM petitioners ORDER BY id_hash, petition_id').all(),
      checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all(),
    };
  } finally {
    db.close();
  }
}

t.test('the offline rebuild of petition-index.db equals the index built live', async (t) => {
  const dir = t.testdir();
  const h = await petitionTestApp(dir);
  const officer = h.auth('petition_officer', '230302');
  const register = async (body: Record<string, unknown>) => {
    const r = await h.app.inject({ method: 'POST', url: '/api/petitions', headers: officer, payload: petitionBody(body) });
    t.equal(r.statusCode, 201, r.body);
    return (r.json() as { petitionId: string }).petitionId;
  };
  const first = await register({});
  await register({}); // the same petitioner on the same matter: a repeat
  await register({ petitioners: [{ details: { name: '钱立军', idNumber: '230302197805050011' } }], matterKey: '另一事项' });
  // A final re-review (recorded as its service would after review and re-review).
  await h.store.append(
    `petition-${first}`,
    [
      {
        eventId: randomUUID(),
        type: 'PetitionReReviewDecided',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        data: { petitionId: first, caseCode: 'x', outcome: 'upheld', text: { keyId: 'k', ciphertext: 'AA' }, textSha256: 'a'.repeat(64), decidedAt: new Date().toISOString(), withinWindow: true },
        metadata: { caseCode: 'x' },
      },
    ],
    { expectedRevision: 'any' },
  );
  const head = await h.store.headPosition();
  await h.index.reach(head);
  await h.close();

  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  t.teardown(() => store.close());
  mkdirSync(join(dir, 'rebuilt'));
  const done = await rebuildPetitionIndex({ store, dbPath: join(dir, 'rebuilt', 'petition-index.db') });
  t.equal(done.position, head);
  const live = dump(join(dir, 'petition-index.db'));
  t.equal(live.petitions.length, 3, 'three petitions indexed');
  t.equal(live.petitions.filter((p) => (p as { finally_reviewed: number }).finally_reviewed === 1).length, 1, 'one finally re-reviewed');
  t.same(dump(join(dir, 'rebuilt', 'petition-index.db')), live, 'the same rows and checkpoint');
});

t.test('the index is not ready until it has caught up with the log', async (t) => {
  const dir = t.testdir();
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  await store.append('other-1', [{ eventId: randomUUID(), type: 'Something', schemaVersion: 1, occurredAt: new Date().toISOString(), data: {}, metadata: {} }], { expectedRevision: 'any' });
  const index = PetitionIndex.open({ store, path: join(dir, 'petition-index.db') });
  t.teardown(async () => {
    await index.close();
    await store.close();
  });
  t.same(index.readiness(), { ok: false, detail: 'position 0' }, 'not ready while behind the log');
  await index.caughtUp;
  t.same(index.readiness(), { ok: true, detail: 'position 1' });
});
