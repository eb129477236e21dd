import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { CASE_CODE_CLAIMED } from '@zz/intake';
import { rebuildTierViews } from '@zz/projections';
import { auth, dumpViews, embedded, startServer, viewsPath } from './harness.js';

const TOWNSHIP = '230302101';

const body = (i: number) => ({
  areaCode: `${TOWNSHIP}00${1 + (i % 3)}`,
  category: i % 2 ? 'neighbours' : 'labour',
  source: 'grid_inspection',
  title: `网格排查纠纷 ${i}`,
  description: '网格员上报',
  parties: [{ role: 'applicant', details: { name: `测试${i}` } }],
});

t.test('kill -9 in the middle of a burst of registrations loses no acknowledged case, leaves no gap, and views equal a rebuild', async (t) => {
  const dir = t.testdir();
  const server = startServer(dir);
  t.teardown(() => void server.child.kill('SIGKILL')); // a failing run leaves no server behind
  const base = await server.url;
  const headers = { ...auth('intake_clerk', TOWNSHIP), 'content-type': 'application/json' };

  const acknowledged: { caseId: string; caseCode: string }[] = [];
  let killed = false;
  const KILL_AFTER = 60;
  const TOTAL = 400;
  let next = 0;
  const worker = async () => {
    while (next < TOTAL && !killed) {
      const i = next++;
      try {
        const res = await fetch(`${base}/api/disputes`, { method: 'POST', headers, body: JSON.stringify(body(i)) });
        if (res.status === 201) {
          acknowledged.push((await res.json()) as { caseId: string; caseCode: string });
          if (acknowledged.length === KILL_AFTER && !killed) {
            killed = true;
            server.child.kill('SIGKILL'); // while the other workers' requests are in flight
          }
        }
      } catch {
        // the connection died with the process: not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await server.exited;
  t.ok(killed, 'the server was killed mid-burst');
  t.ok(acknowledged.length >= KILL_AFTER, `${acknowledged.length} registrations were acknowledged before the kill`);

  // Every acknowledged case is in the store, with the code it was given.
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  for (const ack of acknowledged) {
    const events = await store.readStream(`dispute-${ack.caseId}`);
    if (events[0]?.type !== 'DisputeRegistered' || (events[0].data as { caseCode: string }).caseCode !== ack.caseCode) {
      t.fail(`acknowledged case ${ack.caseCode} is missing or changed`);
    }
  }
  t.pass('every acknowledged case is stored with its code');
  await store.close();

  // Restart (in-process this time) and register once more: the counter's last claims are completed.
  const rt = await embedded(dir);
  const after = await rt.app.inject({ method: 'POST', url: '/api/disputes', headers: auth('intake_clerk', TOWNSHIP), payload: body(9999) });
  t.equal(after.statusCode, 201);
  await rt.views.projection.waitFor(BigInt(after.json().position), 10_000);
  const year = after.json().caseCode.split('-')[1];
  const claims = (await rt.store.readStream(`casecode-${TOWNSHIP}-${year}`)).filter((e) => e.type === CASE_CODE_CLAIMED);
  const seqs = claims.map((c) => (c.data as { seq: number }).seq);
  t.same(
    seqs,
    Array.from({ length: seqs.length }, (_, i) => i + 1),
    `case numbers 1..${seqs.length} claimed without a gap`,
  );
  let missing = 0;
  for (const c of claims) if ((await rt.store.readStream((c.data as { streamId: string }).streamId)).length === 0) missing++;
  t.equal(missing, 0, 'every claimed number names a stored case');
  const queue = (await rt.app.inject({ url: `/api/centers/${TOWNSHIP}/stats`, headers: auth('intake_clerk', TOWNSHIP) })).json();
  t.equal(queue.total, seqs.length, 'the views count every case');
  const live = dumpViews(viewsPath(dir));
  await rt.close();

  // A rebuild from zero equals the views the crashed-and-restarted runtime built incrementally.
  const rebuiltDir = join(dir, 'rebuilt');
  mkdirSync(rebuiltDir);
  const reader = openSqliteEventStore({ path: join(dir, 'events.db') });
  await rebuildTierViews({ store: reader, dbPath: viewsPath(rebuiltDir), regions: jixiDemoRegions() });
  await reader.close();
  t.same(dumpViews(viewsPath(rebuiltDir)), live, 'views equal a rebuild from zero');
});
