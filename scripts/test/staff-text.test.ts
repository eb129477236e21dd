// Free text typed by staff (accept notes, whistle reasons, report-in notes) is sealed under the case's
// key: never in clear in any data file, readable by nobody after the narrator is erased.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { auth, embedded } from './harness.js';

const NOTE = '已电话联系欧阳秀兰13945671234';
const REASON = '欧阳秀兰反映拖欠工资，联系电话13945671234';
const REPORT = '人社局李建军已到场';
const rawAll = (dir: string) =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('utf8'))
    .join('\n');

t.test('accept notes, whistle reasons and report-in notes never reach a data file in clear', async (t) => {
  const dir = t.testdir();
  const rt = await embedded(dir);
  const township = '230302101';
  const clerk = { ...auth('intake_clerk', township), 'content-type': 'application/json' };
  const reg = await rt.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: clerk,
    payload: { areaCode: township, category: 'labour', source: 'party_application', title: '欠薪纠纷', description: '工资未付', parties: [{ role: 'applicant', details: { name: '欧阳秀兰' } }] },
  });
  t.equal(reg.statusCode, 201);
  const { caseId } = reg.json();
  const accept = () => rt.app.inject({ method: 'POST', url: `/api/disputes/${caseId}/accept`, headers: { ...clerk, 'idempotency-key': 'accept-1' }, payload: { note: NOTE } });
  const first = await accept();
  t.equal(first.statusCode, 200, first.body);
  const retry = await accept();
  t.equal(retry.statusCode, 200);
  t.equal(retry.headers['idempotent-replayed'], 'true', 'a retry with the same key still replays (the hash is of the clear command)');
  const whistle = await rt.app.inject({
    method: 'POST',
    url: `/api/disputes/${caseId}/whistle`,
    headers: clerk,
    payload: { departments: [{ code: 'hrss', name: '人社局' }], reportInDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), reason: REASON },
  });
  t.equal(whistle.statusCode, 200, whistle.body);
  const state = (await rt.app.inject({ url: `/api/disputes/${caseId}`, headers: clerk })).json();
  const whistleId = state.whistles[0].whistleId as string;
  const report = await rt.app.inject({
    method: 'POST',
    url: `/api/disputes/${caseId}/report-in`,
    headers: { ...auth('department_liaison', '230302'), 'content-type': 'application/json' },
    payload: { whistleId, departmentCode: 'hrss', note: REPORT },
  });
  t.equal(report.statusCode, 200, report.body);
  const events = await rt.store.readStream(`dispute-${caseId}`);
  const whistled = events.find((e) => e.type === 'WhistleBlown')!;
  t.match((whistled.data as { reason: unknown }).reason, { keyId: String, ciphertext: String }, 'sealed in the event');
  t.equal(rt.keys.open<string>((whistled.data as { reason: { keyId: string; ciphertext: string } }).reason), REASON, 'and opened with the case key');
  await rt.close();
  const raw = rawAll(dir);
  for (const text of [NOTE, REASON, REPORT, '13945671234', '李建军']) t.notOk(raw.includes(text), `"${text}" is in no data file`);
});

t.test("a petition's accept note is sealed under the first petitioner's key", async (t) => {
  const dir = t.testdir();
  const rt = await embedded(dir);
  const officer = { ...auth('petition_officer', '230302'), 'content-type': 'application/json' };
  const reg = await rt.app.inject({
    method: 'POST',
    url: '/api/petitions',
    headers: officer,
    payload: {
      areaCode: '230302101',
      channel: 'visit',
      subjectArea: 'labour_social_security',
      title: '反映欠薪',
      description: '多次讨薪未果',
      matterKey: '某工地欠薪',
      petitioners: [{ details: { name: '钱立军' } }],
    },
  });
  t.equal(reg.statusCode, 201, reg.body);
  const NOTE_P = '经与钱立军电话13812345678核实，属本级职责';
  const accepted = await rt.app.inject({ method: 'POST', url: `/api/petitions/${reg.json().petitionId}/accept`, headers: officer, payload: { note: NOTE_P } });
  t.equal(accepted.statusCode, 200, accepted.body);
  const events = await rt.store.readStream(`petition-${reg.json().petitionId}`);
  const note = (events.find((e) => e.type === 'PetitionAccepted')!.data as { note: { keyId: string; ciphertext: string } }).note;
  t.equal(rt.keys.open<string>(note), NOTE_P);
  await rt.close();
  const raw = rawAll(dir);
  for (const text of [NOTE_P, '13812345678']) t.notOk(raw.includes(text), `"${text}" is in no data file`);
});
