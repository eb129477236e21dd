import t from 'tap';
import { auth, embedded, settle, TestClock } from './harness.js';

// Issue 3's done-when: two cases walked over HTTP against the embedded runtime (every service, the
// cross-flow reactions and the views in one process), with an injected clock.
const township = '230302101';
const county = '230302';
const city = '230300';

type Rt = Awaited<ReturnType<typeof embedded>>;
const post = async (rt: Rt, url: string, headers: Record<string, string>, payload: object) => {
  const r = await rt.app.inject({ method: 'POST', url, headers, payload });
  if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json();
};
const get = async (rt: Rt, url: string, headers: Record<string, string>) => (await rt.app.inject({ url, headers })).json();

t.test('(a) a dispute: intake → mediation failed → court referral → settled → judicial confirmation', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const clerk = auth('intake_clerk', township);
  const director = auth('supervisor', township);
  const court = auth('court_liaison', county);

  const reg = await post(rt, '/api/disputes', clerk, {
    areaCode: `${township}001`,
    category: 'contract',
    source: 'party_application',
    title: '装修工程款纠纷',
    description: '承包人称发包人拖欠装修工程款',
    parties: [
      { role: 'applicant', details: { name: '孙建华', idNumber: '230302197001010015' } },
      { role: 'respondent', details: { name: '周海燕', phone: '13600001111' } },
    ],
  });
  const caseId: string = reg.caseId;
  await post(rt, `/api/disputes/${caseId}/accept`, clerk, {});
  const routed = await post(rt, `/api/disputes/${caseId}/mediate`, clerk, { organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });

  // The reactions open the mediation file for the routed dispute.
  t.ok(routed.position > 0);
  await settle(rt);
  let dispute = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.equal(dispute.mediations.length, 1, 'routing to mediation opened a mediation file');
  const mediationId: string = dispute.mediations[0].mediationId;
  const file = await get(rt, `/api/mediations/${mediationId}`, director);
  t.equal(file.caseCode, reg.caseCode, 'one case code joins the flows');

  await post(rt, `/api/mediations/${mediationId}/assign-mediator`, director, { mediatorId: 'med-01' });
  const mediator = auth('mediator', township, 'med-01');
  await post(rt, `/api/mediations/${mediationId}/record-session`, mediator, { heldAt: clock.now().toISOString(), attendees: [{ kind: 'role', role: 'mediator' }], notes: '双方分歧较大' });
  const failed = await post(rt, `/api/mediations/${mediationId}/record-failure`, mediator, { reason: 'no_agreement' });
  t.ok(failed.position > 0);
  await settle(rt);
  dispute = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.equal(dispute.awaitingReferral, true, 'a failed mediation puts the case up for referral');

  clock.advanceDays(2);
  const consents = dispute.parties.map((p: { personId: string }) => ({ personId: p.personId, consentedAt: clock.now().toISOString() }));
  const referred = await rt.app.inject({
    method: 'POST',
    url: '/api/referrals',
    headers: director,
    payload: { caseId, court: { code: 'jg-court', name: '鸡西市鸡冠区人民法院' }, consents, fromMediationId: mediationId },
  });
  t.equal(referred.statusCode, 201, referred.body);
  const referralId: string = referred.json().referralId;
  await post(rt, `/api/referrals/${referralId}/accept`, court, { preFilingNumber: '(2026)黑0302诉前调12号', mediatorId: 'court-med-3', acceptedAt: clock.now().toISOString() });
  clock.advanceDays(10);
  const settled = await post(rt, `/api/referrals/${referralId}/settle`, court, {
    terms: '分两期支付工程款',
    amounts: [{ label: '工程款', amountFen: 8_600_000 }],
    effectiveAt: clock.now().toISOString(),
  });
  t.ok(settled.position > 0);
  await settle(rt);
  dispute = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.match(dispute, { status: 'closed', awaitingReferral: false }, 'a court settlement closes the dispute');

  clock.advanceDays(20);
  await post(rt, `/api/referrals/${referralId}/apply-confirmation`, court, { applicants: consents.map((c: { personId: string }) => c.personId), appliedAt: clock.now().toISOString() });
  clock.advanceDays(2);
  await post(rt, `/api/referrals/${referralId}/accept-confirmation`, court, { acceptedAt: clock.now().toISOString(), caseNumber: '(2026)黑0302民特45号' });
  clock.advanceDays(3);
  const confirmed = await post(rt, `/api/referrals/${referralId}/rule-confirmation`, court, { decision: 'confirmed', ruledAt: clock.now().toISOString(), rulingNumber: '(2026)黑0302民特45号' });
  await settle(rt);
  const referral = await get(rt, `/api/referrals/${referralId}`, director);
  t.match(referral, { status: 'confirmed', caseCode: reg.caseCode });
  dispute = await get(rt, `/api/disputes/${caseId}`, clerk);
  t.equal(dispute.status, 'closed', 'the confirmation is recorded; the dispute stays closed');

  // The views moved with it.
  const stats = await get(rt, `/api/centers/${county}/stats?minPosition=${confirmed.position}`, auth('supervisor', county));
  t.match(stats.byStatus, { closed: 1 });
  t.match(stats.byCategory, { contract: 1 });
  const events = await rt.store.readStream(`dispute-${caseId}`);
  t.ok(
    events.some((e) => e.type === 'CourtOutcomeRecorded'),
    'the court outcome is on the dispute’s own history',
  );

  // The timeline: every event of every flow for the one case code, in order, with actor and time.
  const timeline = await get(rt, `/api/cases/${reg.caseCode}/timeline`, clerk);
  const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
  const expected = [
    'DisputeRegistered',
    'DisputeAccepted',
    'DisputeRoutedToMediation',
    'MediationOpened',
    'MediationLinked',
    'MediatorAssigned',
    'MediationSessionRecorded',
    'MediationFailed',
    'MediationOutcomeRecorded',
    'DisputeAwaitingReferral',
    'ReferredToCourt',
    'ReferralLinked',
    'ReferralAccepted',
    'ReferralSettled',
    'CourtOutcomeRecorded',
    'DisputeClosed',
    'JudicialConfirmationApplied',
    'ConfirmationApplicationAccepted',
    'JudicialConfirmationGranted',
    'CourtOutcomeRecorded',
  ];
  t.same(types, expected, 'dispute, mediation and referral events interleaved in the order they happened');
  const positions = timeline.entries.map((e: { position: number }) => e.position);
  t.same(
    positions,
    [...positions].sort((x: number, y: number) => x - y),
    'in global order',
  );
  t.ok(
    timeline.entries.every(
      (e: { actor: { userId: string; role: string; centerCode: string }; occurredAt: string; label: { zh: string } }) => e.actor.userId && e.actor.role && e.occurredAt && e.label.zh,
    ),
    'each with actor, time and a label',
  );
  t.match(
    timeline.entries.find((e: { type: string }) => e.type === 'MediationFailed'),
    { actor: { userId: 'med-01', role: 'mediator' } },
  );
  t.match(
    timeline.entries.find((e: { type: string }) => e.type === 'JudicialConfirmationGranted'),
    { actor: { role: 'court_liaison' }, occurredAt: clock.now().toISOString() },
  );

  // The indicators the centers are assessed on, rolled up from the township to the county and the city.
  for (const center of [township, county, city]) {
    const ind = await get(rt, `/api/centers/${center}/indicators`, auth('supervisor', center));
    t.match(
      ind,
      {
        timelyAcceptance: { numerator: 1, denominator: 1 },
        onTimeClosure: { numerator: 1, denominator: 1 },
        resolution: { numerator: 1, denominator: 1, rate: 1 },
        mediationSuccess: { numerator: 0, denominator: 1 },
      },
      `indicators of ${center}`,
    );
  }
});

t.test('(b) a petition: repeat detection → backlog → leader sign-off → listed supervision → answer → review → re-review → refused re-submission', async (t) => {
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const rt = await embedded(t.testdir(), undefined, clock.now);
  t.teardown(rt.close);
  const officer = auth('petition_officer', township);
  const director = auth('supervisor', county);
  const cityDirector = auth('supervisor', city);
  const leader = auth('responsible_leader', county, 'leader-7');
  const body = (extra: object = {}) => ({
    areaCode: township,
    channel: 'letter',
    subjectArea: 'land_expropriation',
    title: '反映征地补偿款未足额发放',
    description: '信访人称征地补偿款被截留',
    matterKey: '红星村2019年征地补偿款',
    petitioners: [{ details: { name: '赵德明', idNumber: '230302196503030033', phone: '13904671111' } }],
    ...extra,
  });

  const first = await post(rt, '/api/petitions', officer, body());
  t.same(first.repeatOf, []);
  // Day 13 of the 15-day acceptance window: the watcher warns once, however often it looks.
  clock.advanceDays(13);
  t.match(await rt.deadlines.tick(), { approaching: 1, missed: 0 });
  t.match(await rt.deadlines.tick(), { approaching: 0, missed: 0 }, 'exactly once');
  await post(rt, `/api/petitions/${first.petitionId}/accept`, officer, {});
  clock.advanceDays(30);
  const second = await post(rt, '/api/petitions', officer, body({ channel: 'phone', matterKey: '红星村 2019年 征地补偿款' }));
  t.same(second.repeatOf, [first.petitionId], 'the same petitioner on the same matter is a repeat');
  t.equal(second.caseCode, first.caseCode, 'and joins its case code');

  const id = first.petitionId;
  await post(rt, `/api/petitions/${id}/mark-backlog`, officer, { reason: '信访三年未化解' });
  await post(rt, `/api/petitions/${id}/assign-leader`, director, { leaderUserId: 'leader-7', post: '区委副书记' });
  await post(rt, `/api/petitions/${id}/sign-responsibility`, leader, { statementText: '本人承诺包案化解红星村征地补偿信访积案。' });
  await post(rt, `/api/petitions/${id}/list-supervision`, cityDirector, { dueAt: new Date(clock.at.getTime() + 20 * 86_400_000).toISOString(), instructions: '限期二十日化解' });
  await post(rt, `/api/petitions/${id}/answer`, officer, { text: '经核查，补偿款已补发。' });
  clock.advanceDays(10);
  await post(rt, `/api/petitions/${id}/request-review`, officer, {});
  clock.advanceDays(10);
  await post(rt, `/api/petitions/${id}/decide-review`, director, { outcome: 'upheld', text: '复查维持原答复意见。' });
  clock.advanceDays(10);
  await post(rt, `/api/petitions/${id}/request-re-review`, officer, {});
  clock.advanceDays(10);
  const final = await post(rt, `/api/petitions/${id}/decide-re-review`, cityDirector, { outcome: 'upheld', text: '复核维持。' });
  const view = await get(rt, `/api/petitions/${id}`, officer);
  t.match(view, { status: 're_reviewed', leader: { leaderUserId: 'leader-7' }, supervisions: [{ supervisingCenter: city }] });

  clock.advanceDays(3);
  const again = await post(rt, '/api/petitions', officer, body({ channel: 'visit' }));
  t.equal(again.status, 'declined', 'after re-review the same matter is refused');
  t.same([...again.repeatOf].sort(), [first.petitionId, second.petitionId].sort());
  const refused = await get(rt, `/api/petitions/${again.petitionId}`, officer);
  t.match(refused.decision, { accepted: false, reason: 'matter_finally_reviewed' });
  t.ok(final.position > 0);
  await settle(rt);

  const timeline = await get(rt, `/api/cases/${first.caseCode}/timeline`, officer);
  const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
  for (const type of [
    'PetitionRegistered',
    'DeadlineApproaching',
    'PetitionAccepted',
    'PetitionRepeatDetected',
    'PetitionMarkedBacklog',
    'ResponsibilityStatementSigned',
    'PetitionListedForSupervision',
    'PetitionAnswered',
    'PetitionReviewRequested',
    'PetitionReviewDecided',
    'PetitionReReviewRequested',
    'PetitionReReviewDecided',
    'PetitionDeclined',
  ]) {
    t.ok(types.includes(type), `the timeline shows ${type}`);
  }
  t.equal(types.filter((x) => x === 'PetitionRegistered').length, 3, 'all three petitions on the matter share the case code and the timeline');
  t.ok(
    JSON.stringify(timeline).includes('赵德明') && !JSON.stringify(await get(rt, `/api/cases/${first.caseCode}/timeline`, auth('command_viewer', city))).includes('赵德明'),
    'names are masked for the command center',
  );

  const ind = await get(rt, `/api/centers/${city}/indicators`, auth('command_viewer', city));
  t.match(ind.repeatPetition, { numerator: 2, denominator: 3 }, 'two of the three petitions were repeats');
  t.match(
    ind.timelyAcceptance.petitions,
    { numerator: 2, denominator: 2 },
    'both decisions (the acceptance on day 13, the refusal of the re-submission at once) came within the 15-day window; the undecided repeat is not counted',
  );
});
