import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { rebuildables } from '../src/rebuildables.js';
import { auth, dumpViews, embedded, settle } from './harness.js';

const township = '230302101';

t.test('npm run rebuild covers every file the runtime keeps from the log, and each rebuilt file equals the one the runtime built live', async (t) => {
  const dir = t.testdir();
  const rt = await embedded(dir);
  const clerk = auth('intake_clerk', township);
  const post = async (url: string, payload: object, headers = clerk) => {
    const r = await rt.app.inject({ method: 'POST', url, headers, payload });
    if (r.statusCode >= 300) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  // A dispute with a whistle (deadline clocks) routed to mediation (a reaction opens the file), and a
  // petition about it (the index; a reaction links it).
  const { caseId } = await post('/api/disputes', { areaCode: `${township}001`, category: 'contract', source: 'party_application', title: '装修款纠纷', description: '拖欠装修款', parties: [{ role: 'applicant', details: { name: '孙建华' } }] });
  await post(`/api/disputes/${caseId}/accept`, {});
  await post(`/api/disputes/${caseId}/whistle`, { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), reason: '需职能部门报到' });
  await post(`/api/disputes/${caseId}/mediate`, { organisationKind: 'peoples_mediation_committee', organisationName: '演示一镇人民调解委员会' });
  await post('/api/petitions', { areaCode: township, channel: 'visit', subjectArea: 'labour_social_security', title: '反映欠薪', description: '多次讨薪未果', matterKey: '欠薪', petitioners: [{ details: { name: '钱立军', idNumber: '230302197805050011' } }], disputeId: caseId }, auth('petition_officer', '230302'));
  await settle(rt);
  const head = await rt.store.headPosition();
  if (!(await rt.deadlines.reach(head))) t.fail('the deadline watcher did not catch up');
  await rt.close();

  const files = rebuildables();
  const kept = readdirSync(dir).filter((f) => f.endsWith('.db') && !['events.db', 'keys.db'].includes(f));
  t.same(files.map((f) => f.file).sort(), kept.sort(), 'a rebuild for every file the runtime keeps beside the event and key stores');

  const live = Object.fromEntries(files.map((f) => [f.name, dumpViews(join(dir, f.file))]));
  t.ok((live.deadlines?.clocks?.length ?? 0) > 0 && (live['petition-index']?.petitions?.length ?? 0) > 0 && (live.reactions?.reaction_log?.length ?? 0) >= 3, 'the services built something to compare');
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  try {
    for (const f of files) {
      const r = await f.rebuild({ store, dbPath: join(dir, f.file), regions: jixiDemoRegions() });
      t.equal(r.position, head, `${f.name} rebuilt to the head`);
      t.same(dumpViews(join(dir, f.file)), live[f.name], `${f.name}: the rebuilt file equals the live one`);
    }
  } finally {
    await store.close();
  }
});
