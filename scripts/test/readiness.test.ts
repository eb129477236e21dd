import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { openSqliteEventStore } from '@zz/eventstore';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { embedded, runtimeEnv, seedEveryConsumer, settle } from './harness.js';

// /ready of the embedded runtime is 200 only once every consumer it runs has caught up with the log —
// the deadline watcher, the cross-flow reactions and the petition index as much as the views. (A bench
// that waited on /ready used to measure queries while those three were still replaying history.)

const CONSUMERS = { deadlines: 'deadlines.db', reactions: 'reactions.db', 'petition-index': 'petition-index.db' } as const;
type Consumer = keyof typeof CONSUMERS;
/** Events no consumer reacts to, so that catching up takes many turns of the event loop (and a while). */
const PADDING = 50_000;

type ReadyBody = { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
const positionOf = (detail: string | undefined) => BigInt(/position (\d+)/.exec(detail ?? '')?.[1] ?? '-1');

t.test('/ready answers 503 until the deadline watcher, the reactions and the petition index have each caught up', async (t) => {
  const dir = t.testdir();

  const rt = await embedded(dir);
  await seedEveryConsumer(rt, { petitionAboutDispute: false });
  await settle(rt);
  await rt.close();

  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  for (let i = 0; i < PADDING / 1000; i++)
    await store.append(
      `padding-${i}`,
      Array.from({ length: 1000 }, (_, n) => ({ eventId: randomUUID(), type: 'TestPadding', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { n }, metadata: {} })),
      { expectedRevision: 'no_stream' },
    );
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

      // Ready only once every consumer has the whole log: /ready asked again every turn of the event
      // loop (the consumers catch up a batch per turn), never after a fixed wait.
      let ready: ReadyBody | undefined;
      const deadline = Date.now() + 60_000;
      while (!ready && Date.now() < deadline) {
        const r = await runtime.app.inject({ url: '/ready' });
        if (r.statusCode === 200) ready = r.json() as ReadyBody;
        else await nextTurn();
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
