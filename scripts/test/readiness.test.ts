import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { openSqliteEventStore } from '@zz/eventstore';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';
import { auth, embedded, runtimeEnv, settle } from './harness.js';

// /ready of the embedded runtime is 200 only once every consumer it runs has caught up with the log —
// the deadline watcher, the cross-flow reactions and the petition index as much as the views. (A bench
// that waited on /ready used to measure queries while those three were still replaying history.)

const township = '230302101';
const CONSUMERS = { deadlines: 'deadlines.db', reactions: 'reactions.db', 'petition-index': 'petition-index.db' } as const;
type Consumer = keyof typeof CONSUMERS;
/** Events no consumer reacts to, so that catching up takes many turns of the event loop (and a while). */
const PADDING = 50_000;

type ReadyBody = { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
const positionOf = (detail: string | undefined) => BigInt(/position (\d+)/.exec(detail ?? '')?.[1] ?? '-1');

t.test('/ready answers 503 until the deadline watcher, the reactions and the petition index have each caught up', async (t) => {
  const dir = t.testdir();

  // Something for each to do: a dispute routed to mediation (a reaction opens the file), a whistle
  // (deadline clocks), a petition (the index).
  const rt = await embedded(dir);
  const clerk = auth('intake_clerk', township);
  const post = async (url: string, payload: object, headers = clerk) => {
    const r = await rt.app.inject({ method: 'POST', url, headers, payload });
    if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const { caseId } = await post('/api/disputes', { areaCode: `${township}001`, category: 'contract', source: 'party_application', title: '装修款纠纷', description: '拖欠装修款', parties: [{ role: 'applicant', details: { name: '孙建华' } }] });
  await post(`/api/disputes/${caseId}/accept`, {});
  await post(`/api/disputes/${caseId}/whistle`, { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), reason: '需职能部门报到' });
  await post(`/api/disputes/${caseId}/mediate`, { organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  await post('/api/petitions', { areaCode: township, channel: 'visit', subjectArea: 'labour_social_security', title: '反映欠薪', description: '多次讨薪未果', matterKey: '欠薪', petitioners: [{ details: { name: '钱立军', idNumber: '230302197805050011' } }] }, auth('petition_officer', '230302'));
  await settle(rt);
  await rt.close();

  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  for (let i = 0; i < PADDING / 1000; i++)
    await store.append(`padding-${i}`, Array.from({ length: 1000 }, (_, n) => ({ eventId: randomUUID(), type: 'TestPadding', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { n }, metadata: {} })), { expectedRevision: 'no_stream' });
  const head = await store.headPosition();
  await store.close();

  const names = Object.keys(CONSUMERS) as Consumer[];
  // All three behind the log at once; then each alone (its file lost, the others caught up).
  for (const behind of [names, ...names.map((n) => [n])]) {
    if (behind.length === 1) for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, CONSUMERS[behind[0]!] + suffix), { force: true });
    const label = behind.length === 1 ? `${behind[0]} alone behind` : 'all behind';
    const runtime = await createEmbeddedRuntime(runtimeEnv(dir));
    try {
      const first = await runtime.app.inject({ url: '/ready' });
      const body = first.json() as ReadyBody;
      t.equal(first.statusCode, 503, `${label}: not ready at start`);
      for (const name of behind) t.match(body.checks[name], { ok: false }, `${label}: ${name} holds /ready back (${body.checks[name]?.detail})`);

      // Ready only once every consumer has the whole log.
      let ready: ReadyBody | undefined;
      const deadline = Date.now() + 60_000;
      while (!ready && Date.now() < deadline) {
        const r = await runtime.app.inject({ url: '/ready' });
        if (r.statusCode === 200) ready = r.json() as ReadyBody;
        else await new Promise((res) => setTimeout(res, 20));
      }
      t.ok(ready, `${label}: ready in the end`);
      for (const name of names) t.ok(positionOf(ready?.checks[name]?.detail) >= head, `${label}: ${name} at the head when ready (${ready?.checks[name]?.detail})`);
    } finally {
      await runtime.close();
    }
  }

  const after = openSqliteEventStore({ path: join(dir, 'events.db') });
  t.equal(await after.headPosition(), head, 'the reactions replayed from zero appended nothing');
  await after.close();
});
