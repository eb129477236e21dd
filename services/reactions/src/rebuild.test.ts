import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { readCheckpoint } from '@zz/bus';
import { openEsdbEventStore, type EventStore } from '@zz/eventstore';
import { FakeEsdbClient } from '@zz/eventstore/testing';
import { REACTIONS_CHECKPOINT, REACTIONS_DB_FILE, startReactions, type RunningReactions } from './reactor.js';
import { readReactionLog, type ReactionLogRow } from './reaction-log.js';
import { rebuildReactions } from './rebuild.js';
import { reactionsTestBed, TestClock } from './testing.js';

const START = new Date('2026-03-10T02:00:00Z');

function setup(t: Test, store?: EventStore) {
  const dir = t.testdir();
  const clock = new TestClock(new Date(START));
  const bed = reactionsTestBed(dir, clock, store);
  let running: RunningReactions | undefined;
  const file = join(dir, REACTIONS_DB_FILE);
  /** Starts the reactor and waits until it has reacted to everything, its own reactions' events included. */
  const runReactor = async () => {
    running = startReactions({ store: bed.store, dataDir: dir, intake: bed.intake, mediation: bed.mediation, now: clock.now });
    for (;;) {
      const head = await bed.store.headPosition();
      if (!(await running.waitFor(head, 5000))) throw new Error('the reactor did not reach the head');
      if ((await bed.store.headPosition()) === head) break;
    }
    await running.stop();
    running = undefined;
  };
  t.teardown(async () => {
    await running?.stop();
    await bed.close();
  });
  const state = () => {
    const db = new Database(file, { readonly: true });
    try {
      return { checkpoint: readCheckpoint(db, REACTIONS_CHECKPOINT), log: readReactionLog(db) };
    } finally {
      db.close();
    }
  };
  const removeFile = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  };
  const rebuild = () => rebuildReactions({ store: bed.store, dbPath: file });
  return { ...bed, clock, dir, runReactor, state, removeFile, rebuild };
}

const mediationsOpened = async (h: ReturnType<typeof setup>) => (await h.allEvents()).filter((e) => e.type === 'MediationOpened');
/** A log row without its status and time: what was reacted to, by which reaction, on which stream. */
const what = (r: ReactionLogRow) => [r.event_id, r.reaction, r.position, r.event_type, r.target, r.reason];

t.test('reactions rebuild: an intact file is kept as it is; a lost one is rebuilt from the answers in the log, and the reactor neither re-issues nor loses a reaction', async (t) => {
  const h = setup(t);
  const clerk = h.as('intake_clerk');
  // Before the reactor runs: a routed dispute (its file will be opened), one routed and closed at once
  // (opening its file will be refused: that refusal leaves no event behind), and a petition about the first.
  const a = await h.acceptedDispute();
  await h.intake.execute(a.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会' } }, clerk);
  const b = await h.acceptedDispute();
  const routedB = await h.intake.execute(b.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会' } }, clerk);
  await h.intake.execute(b.caseId, { type: 'CloseDispute', data: { outcome: 'withdrawn', summary: '申请人撤回' } }, clerk);
  await h.petition.register(
    {
      areaCode: '230302101001',
      channel: 'online',
      subjectArea: 'urban_rural_construction',
      title: '漏水',
      description: '反映漏水。',
      petitioners: [{ kind: 'person', details: { name: '赵淑芬' } }],
      disputeId: a.caseId,
    },
    h.as('petition_officer'),
  );
  await h.runReactor();
  // Then, with the reactor having run: mediation of a fails (its outcome goes back to the dispute).
  const mediationId = ((await mediationsOpened(h))[0]!.data as { mediationId: string }).mediationId;
  await h.mediation.execute(mediationId, { type: 'AssignMediator', data: { mediatorId: 'mediator-1' } }, h.as('supervisor'));
  await h.mediation.execute(mediationId, { type: 'RecordFailure', data: { reason: 'no_agreement', note: '分歧过大' } }, h.as('mediator', undefined, 'mediator-1'));
  await h.runReactor();

  const live = h.state();
  const head = await h.store.headPosition();
  t.equal(live.checkpoint, head);
  t.same(
    live.log.map((r) => [r.reaction, r.status]),
    [
      ['open_mediation_file', 'appended'],
      ['open_mediation_file', 'refused'],
      ['petition_to_dispute', 'appended'],
      ['mediation_to_dispute', 'appended'],
      ['mediation_outcome_to_dispute', 'appended'],
    ],
  );

  // 1. With the reactor's file intact, the rebuilt file is the same.
  const kept = await h.rebuild();
  t.match(kept, { checkpoint: head, unanswered: 0, oldFile: 'used', carriedOver: 5 });
  t.same(h.state(), live, 'checkpoint and every log row as the reactor left them');

  // 2. With the file lost: every reaction answered in the log is found (same rows, same times), and the
  //    checkpoint stops just before the event whose reaction left no trace (the refusal).
  h.removeFile();
  const fromLog = await h.rebuild();
  t.match(fromLog, { checkpoint: routedB.position - 1n, unanswered: 1, oldFile: 'absent', carriedOver: 0 });
  const rebuilt = h.state();
  t.equal(rebuilt.checkpoint, routedB.position - 1n, 'the reactor will resume at the unanswered reaction');
  t.same(
    rebuilt.log,
    live.log.filter((r) => r.status !== 'refused'),
    'the answered reactions, logged as the reactor logged them',
  );

  // A file that is not a database counts as lost (and is replaced).
  writeFileSync(join(h.dir, REACTIONS_DB_FILE), 'not a database');
  t.match(await h.rebuild(), { checkpoint: routedB.position - 1n, unanswered: 1, oldFile: 'unreadable', carriedOver: 0 });
  t.same(h.state(), rebuilt, 'rebuilt from the log alone');

  // The reactor on the rebuilt file decides the refused one again and appends nothing at all.
  await h.runReactor();
  t.equal(await h.store.headPosition(), head, 'no reaction issued twice: nothing appended');
  t.equal((await mediationsOpened(h)).length, 1, 'still one mediation file');
  const after = h.state();
  t.equal(after.checkpoint, head);
  t.same(after.log.map(what), live.log.map(what), 'the same reactions, the refusal with its reason');
  t.same(
    after.log.map((r) => r.status),
    ['appended', 'refused', 'replayed', 'replayed', 'replayed'],
    'those after the checkpoint found their first answers',
  );
});

t.test('reactions rebuild never moves the checkpoint past an event the reactor has not reacted to', async (t) => {
  const h = setup(t);
  const clerk = h.as('intake_clerk');
  const a = await h.acceptedDispute();
  await h.runReactor();
  const before = h.state().checkpoint;
  // The reactor is down when the dispute is routed to mediation: no file is opened yet.
  const routed = await h.intake.execute(a.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会' } }, clerk);
  t.ok(routed.position > before);
  t.equal((await mediationsOpened(h)).length, 0);

  for (const lost of [false, true]) {
    if (lost) h.removeFile();
    const r = await h.rebuild();
    t.ok(r.checkpoint < routed.position, `checkpoint ${r.checkpoint} before the routing (${lost ? 'file lost' : 'file kept'})`);
    t.equal(r.unanswered, 1, 'the routing’s reaction is unanswered');
  }
  // Started on the rebuilt file, the reactor opens the file — once.
  await h.runReactor();
  const opened = await mediationsOpened(h);
  t.equal(opened.length, 1, 'the mediation file is opened');
  t.match(opened[0]!.data, { caseId: a.caseId });
  t.same(
    h.state().log.map((r) => [r.reaction, r.status]),
    [
      ['open_mediation_file', 'appended'],
      ['mediation_to_dispute', 'appended'],
    ],
  );
});

t.test('the reactor is not ready until it has caught up with the log', async (t) => {
  const h = setup(t);
  await h.acceptedDispute();
  const head = await h.store.headPosition();
  const r = startReactions({ store: h.store, dataDir: h.dir, intake: h.intake, mediation: h.mediation, now: h.clock.now });
  t.same(r.readiness(), { ok: false, detail: 'position 0' }, 'not ready while behind the log');
  await r.caughtUp;
  t.same(r.readiness(), { ok: true, detail: `position ${head}` });
  await r.stop();
  t.equal(r.readiness().ok, false, 'not ready once stopped');
});

t.test('on EventStoreDB (positions are byte offsets) the rebuilt checkpoint is the previous event’s real position', async (t) => {
  const client = new FakeEsdbClient();
  const h = setup(t, openEsdbEventStore({ client, resubscribeBackoff: { initialMs: 1, maxMs: 4 } }));
  const a = await h.acceptedDispute();
  await h.runReactor();
  // The reactor is down when the dispute is routed; then its file is lost.
  const routed = await h.intake.execute(
    a.caseId,
    { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会' } },
    h.as('intake_clerk'),
  );
  h.removeFile();
  const r = await h.rebuild();
  const log = await h.allEvents();
  const routedAt = log.findIndex((e) => e.position === routed.position);
  t.equal(r.checkpoint, log[routedAt - 1]!.position, 'the event before the routing, at its own position');
  t.ok(
    client.log.some((e) => e.position.commit === r.checkpoint),
    'a position the server has',
  );
  await h.runReactor(); // subscribes from the checkpoint: an invalid one would fail here
  t.equal((await mediationsOpened(h)).length, 1, 'the mediation file is opened, once');
});
