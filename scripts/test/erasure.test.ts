import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { jixiDemoRegions } from '@zz/contracts';
import { openSqliteEventStore } from '@zz/eventstore';
import { rebuildTierViews } from '@zz/projections';
import { auth, embedded, viewsPath } from './harness.js';

const PERSON = { name: '欧阳秀兰', idNumber: '23030219750612002X', phone: '13945671234', address: '鸡冠区西山路17号2单元' };

/** Every file under the data directory (db, -wal, -shm) as raw bytes. */
const rawFiles = (dir: string) => readdirSync(dir).map((f) => ({ file: f, bytes: readFileSync(join(dir, f)) }));

t.test('erasing a party: after restart and rebuild nothing of them is readable anywhere, and the case history is intact', async (t) => {
  const dir = t.testdir();
  const township = '230302101';
  const clerk = auth('intake_clerk', township);
  let rt = await embedded(dir);
  const reg = await rt.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: clerk,
    payload: {
      areaCode: township,
      category: 'marriage_family',
      source: 'party_application',
      title: '赡养费纠纷',
      description: `${PERSON.name}要求子女支付赡养费`,
      parties: [
        { role: 'applicant', details: PERSON },
        { role: 'respondent', details: { name: '欧阳建国', phone: '13800001111' } },
      ],
    },
  });
  t.equal(reg.statusCode, 201);
  const { caseId, caseCode } = reg.json();
  const accepted = (await rt.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: clerk, payload: {} })).json();
  const before = (await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.equal(before.parties[0].name, PERSON.name, 'readable before erasure');
  const personId = before.parties[0].personId as string;
  const statsBefore = (await rt.app.inject({ url: `/api/centers/230302/stats?minPosition=${accepted.position}`, headers: auth('supervisor', '230302') })).json();
  const eventsBefore = (await rt.store.readStream(`dispute-${caseId}`)).length;

  t.equal((await rt.app.inject({ method: 'POST', url: `/api/persons/${personId}/erasure`, headers: clerk, payload: { reason: '本人申请删除' } })).statusCode, 403, 'only an admin erases');
  const erased = await rt.app.inject({ method: 'POST', url: `/api/persons/${personId}/erasure`, headers: auth('admin', '230300'), payload: { reason: '本人依法申请删除个人信息' } });
  t.equal(erased.statusCode, 200, erased.body);
  const immediately = (await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk })).json();
  t.equal(immediately.parties[0].erased, true, 'erased at once, before any restart');
  await rt.close();

  // Restart, and rebuild every view from zero.
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  await rebuildTierViews({ store, dbPath: viewsPath(dir), regions: jixiDemoRegions() });
  await store.close();
  rt = await embedded(dir);
  t.teardown(rt.close);

  const after = await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk });
  t.equal(after.statusCode, 200);
  const view = after.json();
  t.match(view.parties[0], { personId, erased: true, name: '[已删除 erased]' });
  t.notOk(view.parties[0].idNumber || view.parties[0].phone || view.parties[0].address, 'no detail survives');
  t.equal(view.description, '[已删除 erased]', 'the applicant’s narrative went with their key');
  t.equal(view.parties[1].name, '欧阳建国', 'the other party is untouched');
  t.equal(view.caseCode, caseCode);
  t.equal(view.status, 'accepted');

  const queue = (await rt.app.inject({ url: `/api/centers/${township}/cases`, headers: clerk })).json();
  t.equal(queue.items[0].parties[0].name, '[已删除 erased]', 'the queue shows them erased');
  const statsAfter = (await rt.app.inject({ url: '/api/centers/230302/stats', headers: auth('supervisor', '230302') })).json();
  const { position: _p1, ...countsBefore } = statsBefore;
  const { position: _p2, ...countsAfter } = statsAfter;
  t.same(countsAfter, countsBefore, 'the counts are unchanged');
  t.equal((await rt.store.readStream(`dispute-${caseId}`)).length, eventsBefore, 'the case history is intact');
  await rt.close();

  // Nothing of them is in any byte of any file: events, keys, views, their WALs.
  for (const { file, bytes } of rawFiles(dir)) {
    for (const [field, value] of Object.entries(PERSON)) t.notOk(bytes.includes(Buffer.from(value)), `${field} not in ${file}`);
  }
  // And personal data is never stored in clear in the first place, erased or not.
  for (const { file, bytes } of rawFiles(dir)) t.notOk(bytes.includes(Buffer.from('欧阳建国')), `the other party's name is not in clear in ${file}`);
});

t.test("erasure follows jurisdiction: a neighbouring county's admin is refused (403), an unknown center's token is not accepted (401)", async (t) => {
  const dir = t.testdir();
  const rt = await embedded(dir);
  t.teardown(() => rt.close());
  const township = '230302101';
  const reg = await rt.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: auth('intake_clerk', township),
    payload: { areaCode: township, category: 'neighbours', source: 'party_application', title: '邻里纠纷', description: '噪音', parties: [{ role: 'applicant', details: { name: '孙丽' } }] },
  });
  t.equal(reg.statusCode, 201);
  const personId = (await rt.app.inject({ url: `/api/disputes/${reg.json().caseId}`, headers: auth('intake_clerk', township) })).json().parties[0].personId as string;
  const erase = (headers: Record<string, string>) => rt.app.inject({ method: 'POST', url: `/api/persons/${personId}/erasure`, headers, payload: { reason: '依法删除' } });
  const beside = await erase(auth('admin', '230303'));
  t.equal(beside.statusCode, 403);
  t.equal(beside.json().error, 'outside_jurisdiction');
  t.equal((await erase(auth('admin', '999999'))).statusCode, 401, 'no such center');
  t.equal((await erase(auth('admin', township))).statusCode, 200, "the township's own admin may");
  t.equal((await rt.store.readStream(`person-${personId}`)).length, 1, 'the refused attempts appended nothing');
});
