import t from 'tap';
import { intake } from './index.js';

const base = { caseId: '7d0c4a52-5a55-4f3c-9a0e-3f6f1f2b0c11', caseCode: '230302101-2026-000001' };

t.test('RiskAssessed v1 (free-text reasons, no supervision) reads back as v2', async (t) => {
  const v1 = { ...base, grade: 'red', reasons: '群体性纠纷；有暴力威胁, 多次报警' };
  const decoded = intake.decodeIntakeEvent({ type: 'RiskAssessed', schemaVersion: 1, data: v1 });
  t.equal(decoded?.type, 'RiskAssessed');
  const parsed = intake.RiskAssessed.parse(decoded?.data);
  t.same(parsed.factors, ['群体性纠纷', '有暴力威胁', '多次报警'], 'reasons split into factors');
  t.equal(parsed.supervision, 'yellow_card', 'a red v1 case was always under yellow-card supervision');
  t.equal(parsed.ruleGrade, 'red');
  const green = intake.RiskAssessed.parse(intake.decodeIntakeEvent({ type: 'RiskAssessed', schemaVersion: 1, data: { ...base, grade: 'green', reasons: '' } })?.data);
  t.same(green.factors, []);
  t.equal(green.supervision, 'ordinary');
});

t.test('current versions pass through, other flows are not intake events', async (t) => {
  const v2 = { ...base, grade: 'yellow', ruleGrade: 'green', factors: [], supervision: 'ordinary' };
  t.same(intake.decodeIntakeEvent({ type: 'RiskAssessed', schemaVersion: 2, data: v2 })?.data, v2);
  t.equal(intake.decodeIntakeEvent({ type: 'CaseCodeClaimed', schemaVersion: 1, data: {} }), undefined);
  t.throws(() => intake.decodeIntakeEvent({ type: 'RiskAssessed', schemaVersion: 1, data: { ...base, grade: 'purple', reasons: '' } }), 'a malformed old event fails loudly');
});

t.test('a version with no upcaster path fails loudly', async (t) => {
  t.throws(() => intake.decodeIntakeEvent({ type: 'DisputeAccepted', schemaVersion: 0, data: base }), /no upcaster/);
});
