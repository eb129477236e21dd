import { join } from 'node:path';
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { readCheckpoint } from '@zz/bus';
import { REACTIONS_CHECKPOINT, REACTIONS_DB_FILE, startReactions, type RunningReactions } from './reactor.js';
import { readReactionLog } from './reaction-log.js';
import { SYSTEM_ACTOR_ID } from './system-actor.js';
import { reactionsTestBed, TestClock, TOWNSHIP } from './testing.js';

const START = new Date('2026-03-10T02:00:00Z');
const iso = (d: Date) => d.toISOString();
const court = { code: 'jgq-court', name: '鸡冠区人民法院' };

function setup(t: Test) {
  const dir = t.testdir();
  const clock = new TestClock(new Date(START));
  const bed = reactionsTestBed(dir, clock);
  const running: RunningReactions[] = [];
  const start = () => {
    const r = startReactions({ store: bed.store, dataDir: dir, intake: bed.intake, mediation: bed.mediation, now: clock.now });
    running.push(r);
    return r;
  };
  t.teardown(async () => {
    for (const r of running) await r.stop();
    await bed.close();
  });
  const reactionsDb = () => new Database(join(dir, REACTIONS_DB_FILE));
  return { ...bed, clock, dir, start, reactionsDb };
}

/** Waits until the reactor has run every reaction to events up to the log's head. */
/** The reactor reached the head and appended nothing more (a reaction's events can call for further reactions). */
async function settled(t: Test, reactions: RunningReactions, store: { headPosition(): Promise<bigint> }) {
  for (;;) {
    const head = await store.headPosition();
    if (!(await reactions.waitFor(head, 5000))) return t.fail('the reactor did not reach the head');
    if ((await store.headPosition()) === head) return t.pass('the reactor reached the head');
  }
}

t.test('a dispute through mediation (failed) and a court referral (settled, confirmed), with a petition about it', async (t) => {
  const h = setup(t);
  const reactions = h.start();
  const { caseId, caseCode, applicant, respondent } = await h.acceptedDispute();
  const clerk = h.as('intake_clerk');

  // Route to mediation → the reactor opens the file under the same case code.
  await h.intake.execute(caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会' } }, clerk);
  await settled(t, reactions, h.store);
  const opened = (await h.allEvents()).filter((e) => e.type === 'MediationOpened');
  t.equal(opened.length, 1, 'one mediation file');
  const file = opened[0]!;
  t.match(file.data, { caseId, caseCode, organisationKind: 'peoples_mediation_committee', organisationName: '红军路街道人民调解委员会', handlingCenter: TOWNSHIP });
  t.match(
    file.metadata,
    { caseCode, actor: { userId: SYSTEM_ACTOR_ID, role: 'admin', centerCode: TOWNSHIP }, correlationId: 'test-intake_clerk' },
    'opened by the system actor, in the routing request’s correlation',
  );
  const mediationId = (file.data as { mediationId: string }).mediationId;

  // Mediation fails → the dispute is up for referral.
  const mediator = h.as('mediator', TOWNSHIP, 'mediator-1');
  await h.mediation.execute(mediationId, { type: 'AssignMediator', data: { mediatorId: 'mediator-1' } }, h.as('supervisor'));
  await h.mediation.execute(mediationId, { type: 'RecordFailure', data: { reason: 'no_agreement', note: '双方分歧过大' } }, mediator);
  await settled(t, reactions, h.store);
  let dispute = (await h.intake.load(caseId))!.state;
  t.equal(dispute.awaitingReferral, true, 'awaiting referral');
  t.equal(dispute.status, 'in_progress', 'still open: a referral needs the parties’ consent');
  t.same(dispute.mediations, [{ mediationId, outcome: 'failed' }]);
  t.equal(dispute.inMediation, false);

  // The parties consent; the center refers it to the court → linked.
  const consentedAt = iso(new Date(START.getTime() - 3_600_000));
  const { referralId } = await h.referral.refer(
    {
      caseId,
      court,
      consents: [
        { personId: applicant, consentedAt },
        { personId: respondent, consentedAt },
      ],
      fromMediationId: mediationId,
    },
    clerk,
  );
  await settled(t, reactions, h.store);
  dispute = (await h.intake.load(caseId))!.state;
  t.equal(dispute.awaitingReferral, false, 'no longer awaiting referral');
  t.match(dispute.referrals, [{ referralId, courtCode: 'jgq-court', courtName: '鸡冠区人民法院', outcome: null }]);

  // Settled → closed as resolved; confirmed → recorded, not closed twice.
  const liaison = h.as('court_liaison', '230302');
  await h.referral.execute(referralId, { type: 'AcceptReferral', data: { preFilingNumber: '(2026)黑0302诉前调1号', mediatorId: 'court-mediator-1', acceptedAt: iso(START) } }, liaison);
  await h.referral.execute(referralId, { type: 'RecordSettlement', data: { terms: '被申请人赔偿三千元', amounts: [], effectiveAt: iso(START) } }, liaison);
  await settled(t, reactions, h.store);
  dispute = (await h.intake.load(caseId))!.state;
  t.equal(dispute.status, 'closed', 'a settlement closes the dispute');
  t.equal(dispute.referrals[0]!.outcome, 'settled');

  h.clock.advanceDays(3);
  await h.referral.execute(referralId, { type: 'ApplyForConfirmation', data: { applicants: [applicant, respondent], appliedAt: iso(h.clock.now()) } }, liaison);
  await h.referral.execute(referralId, { type: 'AcceptConfirmationApplication', data: { acceptedAt: iso(h.clock.now()) } }, liaison);
  await h.referral.execute(referralId, { type: 'RuleOnConfirmation', data: { decision: 'confirmed', ruledAt: iso(h.clock.now()), rulingNumber: '(2026)黑0302民特1号' } }, liaison);
  await settled(t, reactions, h.store);
  dispute = (await h.intake.load(caseId))!.state;
  t.equal(dispute.referrals[0]!.outcome, 'confirmed', 'the confirmation is on the dispute');
  const disputeEvents = await h.store.readStream(`dispute-${caseId}`);
  const closes = disputeEvents.filter((e) => e.type === 'DisputeClosed');
  t.equal(closes.length, 1, 'closed once');
  t.match(closes[0]!.data, { outcome: 'resolved' });

  // A petition about the (closed) dispute links to it.
  const p = await h.petition.register(
    {
      areaCode: '230302101001',
      channel: 'letter',
      subjectArea: 'urban_rural_construction',
      title: '漏水赔偿未履行',
      description: '信访人反映赔偿未到位。',
      petitioners: [{ kind: 'person', details: { name: '赵淑芬', phone: '13604671122' } }],
      disputeId: caseId,
    },
    h.as('petition_officer'),
  );
  await settled(t, reactions, h.store);
  dispute = (await h.intake.load(caseId))!.state;
  t.same(dispute.petitions, [{ petitionId: p.petitionId, petitionCaseCode: caseCode }], 'the petition is linked, under the same case code');

  t.same(
    disputeEvents.map((e) => e.type).filter((type) => !['DisputeRegistered', 'DisputeAccepted'].includes(type)),
    ['DisputeRoutedToMediation', 'MediationLinked', 'MediationOutcomeRecorded', 'DisputeAwaitingReferral', 'ReferralLinked', 'CourtOutcomeRecorded', 'DisputeClosed', 'CourtOutcomeRecorded'],
    'the dispute’s own record of the other flows, in order',
  );
  const log = readReactionLog(h.reactionsDb());
  t.same(
    log.map((r) => [r.reaction, r.status]),
    [
      ['open_mediation_file', 'appended'],
      ['mediation_to_dispute', 'appended'],
      ['mediation_outcome_to_dispute', 'appended'],
      ['referral_to_dispute', 'appended'],
      ['court_outcome_to_dispute', 'appended'],
      ['court_outcome_to_dispute', 'appended'],
      ['petition_to_dispute', 'appended'],
    ],
    'every reaction logged once',
  );
});

t.test('an agreement closes the dispute as resolved; a filing closes another as transferred to court', async (t) => {
  const h = setup(t);
  const reactions = h.start();
  const clerk = h.as('intake_clerk');
  const a = await h.acceptedDispute();
  await h.intake.execute(a.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'administrative', organisationName: '红军路街道司法所' } }, clerk);
  await settled(t, reactions, h.store);
  const mediationId = ((await h.allEvents()).find((e) => e.type === 'MediationOpened')!.data as { mediationId: string }).mediationId;
  const supervisor = h.as('supervisor');
  await h.mediation.execute(mediationId, { type: 'AssignMediator', data: { mediatorId: 'mediator-1' } }, supervisor);
  await h.mediation.execute(mediationId, { type: 'RecordSession', data: { heldAt: iso(START), attendees: [{ kind: 'party', personId: a.applicant }], notes: '双方同意赔偿' } }, supervisor);
  await h.mediation.execute(
    mediationId,
    { type: 'ReachAgreement', data: { terms: '赔偿三千元', amounts: [], signedAt: iso(START), performanceDeadline: iso(new Date(START.getTime() + 7 * 86_400_000)) } },
    supervisor,
  );
  await settled(t, reactions, h.store);
  const agreed = (await h.intake.load(a.caseId))!.state;
  t.equal(agreed.status, 'closed');
  t.same(agreed.mediations, [{ mediationId, outcome: 'agreement' }]);
  t.equal(agreed.awaitingReferral, false);

  const b = await h.acceptedDispute();
  const consentedAt = iso(START);
  const { referralId } = await h.referral.refer(
    {
      caseId: b.caseId,
      court,
      consents: [
        { personId: b.applicant, consentedAt },
        { personId: b.respondent, consentedAt },
      ],
    },
    clerk,
  );
  await h.referral.execute(referralId, { type: 'FileCase', data: { caseNumber: '(2026)黑0302民初9号', filedAt: iso(START) } }, h.as('court_liaison', '230302'));
  await settled(t, reactions, h.store);
  const filed = await h.intake.load(b.caseId);
  t.equal(filed!.state.status, 'closed');
  t.match(filed!.state.referrals, [{ referralId, outcome: 'filed', caseNumber: '(2026)黑0302民初9号' }]);
  t.match(filed!.events.at(-1), { type: 'DisputeClosed', data: { outcome: 'transferred_to_court' } });
});

t.test('reprocessing from an older checkpoint appends nothing; a refusal is logged and does not stop the reactor', async (t) => {
  const h = setup(t);
  const clerk = h.as('intake_clerk');
  // Before any reactor runs: one dispute routed with a planned end, one routed and then closed by hand.
  const a = await h.acceptedDispute();
  await h.intake.execute(
    a.caseId,
    { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会', plannedEndAt: iso(new Date(START.getTime() + 86_400_000)) } },
    clerk,
  );
  const b = await h.acceptedDispute();
  await h.intake.execute(b.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'peoples_mediation_committee', organisationName: '调委会' } }, clerk);
  await h.intake.execute(b.caseId, { type: 'CloseDispute', data: { outcome: 'withdrawn', summary: '申请人撤回' } }, clerk);
  const petition = await h.petition.register(
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
  t.ok(petition.petitionId);
  // The reactor was down for two days: dispute a's planned end of mediation has passed.
  h.clock.advanceDays(2);

  const first = h.start();
  await settled(t, first, h.store);
  const files = (await h.allEvents()).filter((e) => e.type === 'MediationOpened');
  t.equal(files.length, 1, 'a file for the open dispute only');
  t.match(files[0]!.data, { caseId: a.caseId });
  t.notOk((files[0]!.data as { plannedEndAt?: string }).plannedEndAt, 'opened without the planned end that passed while the event waited');
  const log1 = readReactionLog(h.reactionsDb());
  t.match(
    log1.map((r) => [r.reaction, r.target, r.status, r.reason]),
    [
      ['open_mediation_file', /^mediation-/, 'appended', null],
      ['open_mediation_file', `dispute-${b.caseId}`, 'refused', 'dispute_not_open'],
      ['petition_to_dispute', `dispute-${a.caseId}`, 'appended', null],
      ['mediation_to_dispute', `dispute-${a.caseId}`, 'appended', null],
    ],
    'the refusal is logged with its reason, and the next event still ran',
  );
  await first.stop();
  const head = await h.store.headPosition();
  const db = h.reactionsDb();
  t.equal(readCheckpoint(db, REACTIONS_CHECKPOINT), head, 'the checkpoint reached the head');

  // As after a crash between the commands and the checkpoint: restart from an older checkpoint.
  db.prepare('UPDATE projection_checkpoints SET position = 0 WHERE name = ?').run(REACTIONS_CHECKPOINT);
  db.close();
  const second = h.start();
  t.equal(await second.waitFor(head, 5000), true);
  t.equal(await h.store.headPosition(), head, 'nothing new appended');
  const log2 = readReactionLog(h.reactionsDb());
  t.same(
    log2.map((r) => [r.reaction, r.status]),
    [
      ['open_mediation_file', 'replayed'],
      ['open_mediation_file', 'refused'],
      ['petition_to_dispute', 'replayed'],
      ['mediation_to_dispute', 'replayed'],
    ],
    'each command found its first answer',
  );

  // Live again: new events are reacted to after the replay.
  const c = await h.acceptedDispute();
  await h.intake.execute(c.caseId, { type: 'RouteDispute', data: { mode: 'mediate', organisationKind: 'court_invited', organisationName: '特邀调解组织' } }, clerk);
  await settled(t, second, h.store);
  t.equal((await h.allEvents()).filter((e) => e.type === 'MediationOpened').length, 2);
});
