// planBatch decides a group-commit batch in memory; these are its rules without a database.
import t from 'tap';
import { contractEvent } from './contract.js';
import { planBatch, type StoredPlace } from './pg-plan.js';

const empty = { head: 10n, lastRevisions: new Map<string, bigint>(), storedEvents: new Map<string, StoredPlace>() };

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
  t.same(
    plan.rows.map((r) => [r.streamId, r.revision, r.position]),
    [
      ['a', 0n, 11n],
      ['a', 1n, 12n],
      ['a', 2n, 13n],
    ],
  );
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
    { ...empty, storedEvents: new Map([[stored.eventId, { streamId: 'elsewhere', revision: 0n, position: 3n }]]) },
  );
  t.same(
    plan.outcomes.map((o) => o.ok),
    [false, true, false],
  );
  t.same(
    plan.rows.map((r) => r.position),
    [11n],
  );
});

t.test('an exact repeat of a written append answers as the first did and plans no row', async (t) => {
  const [a, b, c] = [contractEvent(), contractEvent(), contractEvent()];
  // s holds a, b at revisions 4, 5 (positions 7, 8) and c at 6 (position 9): the stream is at 6.
  const state = {
    head: 10n,
    lastRevisions: new Map([['s', 6n]]),
    storedEvents: new Map<string, StoredPlace>([
      [a.eventId, { streamId: 's', revision: 4n, position: 7n }],
      [b.eventId, { streamId: 's', revision: 5n, position: 8n }],
      [c.eventId, { streamId: 's', revision: 6n, position: 9n }],
    ]),
  };
  const plan = planBatch(
    [
      { parts: [{ streamId: 's', events: [a, b], expectedRevision: 3n }] }, // the stream moved on since: a repeat
      { parts: [{ streamId: 's', events: [a, b], expectedRevision: 'any' }] },
      { parts: [{ streamId: 's', events: [a, b], expectedRevision: 2n }] }, // not where this revision puts them
      { parts: [{ streamId: 's', events: [b, a], expectedRevision: 3n }] }, // other order
      { parts: [{ streamId: 's', events: [a], expectedRevision: 3n }] }, // part of it: a is where 3 puts it
      { parts: [{ streamId: 's', events: [a, b, contractEvent()], expectedRevision: 3n }] }, // more than was written
      { parts: [{ streamId: 't', events: [a, b], expectedRevision: 'any' }] }, // another stream
    ],
    state,
  );
  t.same(plan.outcomes, [
    { ok: true, results: [{ nextRevision: 5n, position: 8n }] },
    { ok: true, results: [{ nextRevision: 5n, position: 8n }] },
    { ok: false, kind: 'wrong_expected_revision', streamId: 's', actual: 6n },
    { ok: false, kind: 'wrong_expected_revision', streamId: 's', actual: 6n },
    { ok: true, results: [{ nextRevision: 4n, position: 7n }] },
    { ok: false, kind: 'wrong_expected_revision', streamId: 's', actual: 6n },
    { ok: false, kind: 'failed', message: '事件编号重复 / duplicate event id' },
  ]);
  t.same(plan.rows, [], 'nothing written');
});

t.test('a repeat within one batch, and inside a multi-stream append, answers from the rows planned before it', async (t) => {
  const claim = contractEvent();
  const registered = contractEvent();
  const both = [
    { streamId: 'counter', events: [claim], expectedRevision: 0n },
    { streamId: 'case', events: [registered], expectedRevision: 'no_stream' as const },
  ];
  const plan = planBatch([{ parts: both }, { parts: both.map((p) => ({ ...p })) }], { ...empty, lastRevisions: new Map([['counter', 0n]]) });
  const first = {
    ok: true,
    results: [
      { nextRevision: 1n, position: 11n },
      { nextRevision: 0n, position: 12n },
    ],
  };
  t.same(plan.outcomes, [first, first]);
  t.same(
    plan.rows.map((r) => r.position),
    [11n, 12n],
    'written once',
  );

  // Retried after the first commit: the stored places answer it; a new claim id at the same revision conflicts.
  const stored = new Map<string, StoredPlace>([
    [claim.eventId, { streamId: 'counter', revision: 1n, position: 11n }],
    [registered.eventId, { streamId: 'case', revision: 0n, position: 12n }],
  ]);
  const later = {
    head: 12n,
    lastRevisions: new Map([
      ['counter', 1n],
      ['case', 0n],
    ]),
    storedEvents: stored,
  };
  const retry = planBatch([{ parts: both }, { parts: [{ ...both[0]!, events: [contractEvent()] }, both[1]!] }], later);
  t.same(retry.outcomes, [first, { ok: false, kind: 'wrong_expected_revision', streamId: 'counter', actual: 1n }]);
  t.same(retry.rows, []);
});
