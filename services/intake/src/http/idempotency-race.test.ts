import t from 'tap';
import { intakeTestApp, registrationBody } from '../testing.js';

/**
 * Issue #11 §4: the same Idempotency-Key sent ten times at once. Whatever the interleaving, one
 * request creates the case and the rest either replay its answer (same body) or are refused as a
 * reuse of the key (different body): never a silent drop, never a 409.
 */
const township = '230302101';
const CONCURRENT = 10;

t.test('ten concurrent registrations with one key and one body: one 201, nine replays of it, every round', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  let bad = 0;
  for (let round = 0; round < 100; round++) {
    const headers = { ...h.auth('intake_clerk', township), 'idempotency-key': `same-body-${round}` };
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => h.app.inject({ method: 'POST', url: '/api/disputes', headers, payload: registrationBody() })));
    const created = answers.filter((a) => a.statusCode === 201 && a.headers['idempotent-replayed'] === undefined);
    const replayed = answers.filter((a) => a.statusCode === 201 && a.headers['idempotent-replayed'] === 'true');
    const same = new Set(answers.map((a) => a.body)).size === 1;
    if (created.length !== 1 || replayed.length !== CONCURRENT - 1 || !same) {
      bad++;
      t.fail(`round ${round}: ${answers.map((a) => a.statusCode).join(',')}; ${created.length} created, ${replayed.length} replayed, identical answers: ${same}`);
    }
  }
  t.equal(bad, 0, '100 rounds, each one case and nine replays');
  const stats = (await h.app.inject({ url: '/api/disputes?limit=1', headers: h.auth('intake_clerk', township) })).statusCode;
  t.ok(stats < 500);
});

t.test('ten concurrent registrations with one key and ten bodies: exactly one 201, the rest 422', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  for (let round = 0; round < 30; round++) {
    const headers = { ...h.auth('intake_clerk', township), 'idempotency-key': `ten-bodies-${round}` };
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => h.app.inject({ method: 'POST', url: '/api/disputes', headers, payload: registrationBody({ title: `第${i}件事` }) })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    if (codes.filter((c) => c === 201).length !== 1 || codes.filter((c) => c === 422).length !== CONCURRENT - 1) t.fail(`round ${round}: ${codes.join(',')}`);
    const winner = answers.find((a) => a.statusCode === 201)!.json() as { caseId: string };
    const stored = await h.store.readStream(`dispute-${winner.caseId}`);
    t.equal(stored.length, 1, `round ${round}: one registration stored`);
    for (const a of answers.filter((x) => x.statusCode === 422)) t.equal(a.json().error, 'idempotency_key_reused');
  }
});

t.test('ten concurrent acceptances with one key: one acceptance stored, ten identical 200 answers', async (t) => {
  const h = await intakeTestApp(t.testdir());
  t.teardown(h.close);
  for (let round = 0; round < 20; round++) {
    const { caseId } = (await h.app.inject({ method: 'POST', url: '/api/disputes', headers: h.auth('intake_clerk', township), payload: registrationBody() })).json() as { caseId: string };
    const headers = { ...h.auth('intake_clerk', township), 'idempotency-key': `accept-${round}` };
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => h.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers, payload: {} })));
    t.same(
      answers.map((a) => a.statusCode),
      Array(CONCURRENT).fill(200),
      `round ${round}`,
    );
    t.equal(new Set(answers.map((a) => a.body)).size, 1, 'identical answers');
    t.equal((await h.store.readStream(`dispute-${caseId}`)).length, 2, 'registration and one acceptance');
  }
});
