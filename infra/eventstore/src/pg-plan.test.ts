// planBatch decides a group-commit batch in memory; these are its rules without a database.
import t from 'tap';
import { contractEvent } from './contract.js';
import { planBatch } from './pg-plan.js';

const empty = { head: 10n, lastRevisions: new Map<string, bigint>(), existingEventIds: new Set<string>() };

t.test('appends in a batch see the ones before them; positions continue from the head without gaps', async (t) => {
  const plan = planBatch(
    [
      { parts: [{ streamId: 'a', events: [contractEvent(), contractEvent()], expectedRevision: 'no_stream' }] },
      { parts: [{ streamId: 'a', events: [contractEvent()], expectedRevision: 0n }] }, // stale: a is at 1 now
      { parts: [{ streamId: 'a', events: [contractEvent()], expectedRevision: 1n }] },
      { parts: [{ streamId: 'b', events: [], expectedRevision: 'any' }] },
    ],
    empty,
  );
  t.same(plan.outcomes, [
    { ok: true, results: [{ nextRevision: 1n, position: 12n }] },
    { ok: false, kind: 'wrong_expected_revision', streamId: 'a', actual: 1n },
    { ok: true, results: [{ nextRevision: 2n, position: 13n }] },
    { ok: true, results: [{ nextRevision: -1n, position: 13n }] },
  ]);
  t.same(plan.rows.map((r) => [r.streamId, r.revision, r.position]), [['a', 0n, 11n], ['a', 1n, 12n], ['a', 2n, 13n]]);
});

t.test('a multi-stream append fails whole on its first stale stream, taking no position', async (t) => {
  const plan = planBatch(
    [
      {
        parts: [
          { streamId: 'case', events: [contractEvent()], expectedRevision: 'no_stream' },
          { streamId: 'counter', events: [contractEvent()], expectedRevision: 4n },
        ],
      },
      { parts: [{ streamId: 'case', events: [contractEvent()], expectedRevision: 'no_stream' }] },
    ],
    { ...empty, lastRevisions: new Map([['counter', 5n]]) },
  );
  t.same(plan.outcomes[0], { ok: false, kind: 'wrong_expected_revision', streamId: 'counter', actual: 5n });
  t.same(plan.outcomes[1], { ok: true, results: [{ nextRevision: 0n, position: 11n }] }, 'the failed append left case unborn and 11 free');
  t.equal(plan.rows.length, 1);
});

t.test('an event id already stored, or twice in the batch, fails only its append', async (t) => {
  const stored = contractEvent();
  const once = contractEvent();
  const plan = planBatch(
    [
      { parts: [{ streamId: 'a', events: [stored], expectedRevision: 'any' }] },
      { parts: [{ streamId: 'b', events: [once], expectedRevision: 'any' }] },
      { parts: [{ streamId: 'c', events: [{ ...once }], expectedRevision: 'any' }] },
    ],
    { ...empty, existingEventIds: new Set([stored.eventId]) },
  );
  t.same(plan.outcomes.map((o) => o.ok), [false, true, false]);
  t.same(plan.rows.map((r) => r.position), [11n]);
});
