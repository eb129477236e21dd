// The embedded runtime with its event store and key store on PostgreSQL (EVENT_STORE=postgres,
// KEY_STORE=postgres): every consumer fed by the PostgreSQL log, case codes numbered through
// appendToStreams, erasure through the PostgreSQL key store. Views stay in SQLite (not yet migrated).
import t from 'tap';
import { createTemporaryDatabase } from '@zz/eventstore';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';
import { auth, runtimeEnv, seedEveryConsumer, settle } from './harness.js';

t.test('the embedded runtime on PostgreSQL: register, react, view, erase', async (t) => {
  const db = await createTemporaryDatabase('zz_runtime_test');
  t.teardown(() => db.drop());
  const env = runtimeEnv(t.testdir(), { EVENT_STORE: 'postgres', KEY_STORE: 'postgres', DATABASE_URL: db.connectionString });
  const rt = await createEmbeddedRuntime(env);
  t.teardown(() => rt.close());
  await rt.app.ready();

  const caseId = await seedEveryConsumer(rt, { petitionAboutDispute: true });
  await settle(rt, 30_000);
  const clerk = auth('intake_clerk', '230302101');
  const dispute = (await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.match(dispute.caseCode, /\d/, 'numbered');
  t.equal(dispute.parties[0].name, '孙建华', 'opened with the key from PostgreSQL');
  t.equal(dispute.mediations.length, 1, 'the reaction (a PostgreSQL subscriber) opened the mediation file');
  const log = [];
  for await (const e of rt.store.readAll()) log.push(e.position);
  t.same(
    log,
    log.map((_, i) => BigInt(i + 1)),
    `positions 1..${log.length}, gap-free`,
  );

  const personId = dispute.parties[0].personId as string;
  const erased = await rt.app.inject({ method: 'POST', url: `/api/persons/${personId}/erasure`, headers: auth('admin', '230300'), payload: { reason: '本人依法申请删除个人信息' } });
  t.equal(erased.statusCode, 200, erased.body);
  const after = (await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.equal(after.parties[0].erased, true, 'erased at once');
});
