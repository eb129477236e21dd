import t from 'tap';
import { assessRisk, DEFAULT_RISK_POLICY, RiskPolicy } from './risk-policy.js';

const none = { violenceThreat: false, civilToCriminalRisk: false, repeatedPoliceCalls: false, failedMediationOnSensitiveMatter: false, sensitiveMatter: false };

t.test('default rules (docs/domain.md)', async (t) => {
  t.equal(assessRisk({ ...none }).grade, 'green', 'nothing → green');
  t.equal(assessRisk({ ...none, partyCount: 4 }).grade, 'yellow', 'several people → yellow');
  t.equal(assessRisk({ ...none, partyCount: 5 }).grade, 'red', 'five people make a group dispute');
  t.equal(assessRisk({ ...none, civilToCriminalRisk: true }).grade, 'red');
  t.equal(assessRisk({ ...none, repeatedPoliceCalls: true }).grade, 'red');
  t.equal(assessRisk({ ...none, failedMediationOnSensitiveMatter: true }).grade, 'red');
  t.equal(assessRisk({ ...none, sensitiveMatter: true }).grade, 'yellow');
  t.same(assessRisk({ ...none, violenceThreat: true, sensitiveMatter: true }).factors, ['violence_threat', 'sensitive_matter'], 'every factor is named, red first');
});

t.test('the rules are configurable', async (t) => {
  const strict = RiskPolicy.parse({ groupDisputeMinParties: 3, yellowMinParties: 2, defaultSupervision: { red: 'red_card', yellow: 'yellow_card', green: 'ordinary' } });
  t.same(assessRisk({ ...none, partyCount: 3 }, strict), { grade: 'red', factors: ['group_dispute:3'], supervision: 'red_card' });
  t.equal(assessRisk({ ...none, partyCount: 3 }, DEFAULT_RISK_POLICY).grade, 'yellow', 'the default policy is untouched');
  t.throws(() => RiskPolicy.parse({ groupDisputeMinParties: 1 }), 'a nonsensical policy is refused');
});
