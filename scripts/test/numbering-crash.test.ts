import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import t from 'tap';
import { CASE_CODE_CLAIMED, CASE_CODE_RELEASED } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { auth, startServer } from './harness.js';

/**
 * Issue #12 §1, the hard way: a keyed burst of registrations, the server killed with -9 at a random
 * point, every unanswered request retried with its Idempotency-Key, twice over. Afterwards every
 * acknowledged case is readable under the code it was given, each key made exactly one case, the
 * township's codes run 1..n without a gap, and the next registration succeeds. The bench runs the
 * same at large size (scripts/src/bench/numbering.ts).
 */
const TOWNSHIP = '230302101';
const TOTAL = Number(process.env.NUMBERING_CRASH_TOTAL ?? 150);
const KILLS = 2;
const WORKERS = 16;

const body = (i: number) => ({
  areaCode: `${TOWNSHIP}00${1 + (i % 3)}`,
  category: i % 2 ? 'neighbours' : 'labour',
  source: 'grid_inspection',
  title: `网格排查纠纷 ${i}`,
  description: '网格员上报',
  parties: [{ role: 'applicant', details: { name: `测试${i}` } }],
});

t.test(`kill -9 at random points of a keyed burst of ${TOTAL}, retry the unanswered, restart twice: nothing lost, no gap, no wedge`, async (t) => {
  const dir = t.testdir();
  const headers = (i: number) => ({ ...auth('intake_clerk', TOWNSHIP), 'content-type': 'application/json', 'idempotency-key': `burst-${i}` });
  const acked = new Map<number, { caseId: string; caseCode: string }>();
  const disagreements: string[] = [];
  const unanswered = new Set(Array.from({ length: TOTAL }, (_, i) => i));

  for (let life = 0; life <= KILLS; life++) {
    const server = startServer(dir);
    t.teardown(() => void server.child.kill('SIGKILL')); // a failing run leaves no server behind
    const base = await server.url;
    // Kill after a random number of answers of this life, while the other workers' requests are in flight.
    const killAfter = life < KILLS ? randomInt(1, Math.max(2, Math.floor(unanswered.size * 0.6))) : Infinity;
    t.comment(`life ${life}: ${unanswered.size} to send, kill after ${killAfter} answers`);
    const queue = [...unanswered].sort(() => Math.random() - 0.5);
    let answers = 0;
    let killed = false;
    const worker = async () => {
      while (queue.length > 0 && !killed) {
        const i = queue.pop()!;
        try {
          const res = await fetch(`${base}/api/disputes`, { method: 'POST', headers: headers(i), body: JSON.stringify(body(i)) });
          if (res.status !== 201) {
            disagreements.push(`request ${i}: ${res.status} ${await res.text()}`);
            continue;
          }
          const answer = (await res.json()) as { caseId: string; caseCode: string };
          const earlier = acked.get(i);
          if (earlier && (earlier.caseId !== answer.caseId || earlier.caseCode !== answer.caseCode)) disagreements.push(`request ${i} answered ${earlier.caseCode} then ${answer.caseCode}`);
          acked.set(i, answer);
          unanswered.delete(i);
          if (++answers === killAfter && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          // the connection died with the process: unanswered, retried in the next life
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    if (life < KILLS) {
      await server.exited;
      continue;
    }
    // The last life: everything answered; check through the API, then once more from the store.
    t.equal(unanswered.size, 0, 'every request was answered in the end');
    t.same(disagreements, [], 'no refusal, and a retry never answered a different case or code');
    let unreadable = 0;
    for (const { caseId, caseCode } of acked.values()) {
      const res = await fetch(`${base}/api/disputes/${caseId}`, { headers: auth('intake_clerk', TOWNSHIP) });
      if (res.status !== 200 || ((await res.json()) as { caseCode: string }).caseCode !== caseCode) unreadable++;
    }
    t.equal(unreadable, 0, `all ${acked.size} acknowledged cases are readable under the code they were given`);
    const next = await fetch(`${base}/api/disputes`, { method: 'POST', headers: { ...auth('intake_clerk', TOWNSHIP), 'content-type': 'application/json' }, body: JSON.stringify(body(TOTAL)) });
    t.equal(next.status, 201, 'the next registration in the township succeeds');
    server.child.kill('SIGKILL');
    await server.exited;
  }

  t.equal(new Set([...acked.values()].map((a) => a.caseId)).size, TOTAL, 'each key made exactly one case');
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  t.teardown(() => store.close());
  const year = [...acked.values()][0]!.caseCode.split('-')[1];
  const owners = new Map<number, { caseId: string; streamId: string; caseCode: string }>();
  for (const e of await store.readStream(`casecode-${TOWNSHIP}-${year}`)) {
    const d = e.data as { seq: number; caseId: string; streamId: string; caseCode: string };
    if (e.type === CASE_CODE_CLAIMED) owners.set(d.seq, d);
    if (e.type === CASE_CODE_RELEASED && owners.get(d.seq)?.caseId === d.caseId) owners.delete(d.seq);
  }
  const seqs = [...owners.keys()].sort((a, b) => a - b);
  t.same(
    seqs,
    Array.from({ length: TOTAL + 1 }, (_, i) => i + 1),
    `codes 1..${TOTAL + 1}, no gap, no number twice`,
  );
  let orphans = 0;
  for (const o of owners.values()) {
    const [first] = await store.readStream(o.streamId);
    if ((first?.data as { caseCode?: string } | undefined)?.caseCode !== o.caseCode) orphans++;
  }
  t.equal(orphans, 0, 'every number names the case registered under it');
});
