import { readFileSync } from 'node:fs';
import { RiskPolicy } from '../domain/risk-policy.js';

/** A deployment's risk rules (RISK_POLICY_FILE, JSON), or the defaults of docs/domain.md § Risk grading. */
export function loadRiskPolicy(path: string | undefined): RiskPolicy {
  return RiskPolicy.parse(path ? JSON.parse(readFileSync(path, 'utf8')) : {});
}
