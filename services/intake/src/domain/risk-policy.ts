import { z } from 'zod';
import type { intake, RiskGrade, SupervisionLevel } from '@zz/contracts';

/**
 * Risk rules (风险研判) as configuration: the default three colours of docs/domain.md. A deployment may load its
 * own values (RISK_POLICY_FILE); the rules themselves stay a pure function of indicators + policy.
 */
export const RiskPolicy = z.object({
  /** A group dispute (群体性纠纷) starts at this many people on one side. */
  groupDisputeMinParties: z.int().min(2).default(5),
  /** At or above this many people, a case is yellow even without other factors. */
  yellowMinParties: z.int().min(2).default(3),
  /** Default handling deadline in calendar days by grade, when routing names none. */
  defaultDueDays: z.object({ red: z.int().min(1), yellow: z.int().min(1), green: z.int().min(1) }).default({ red: 7, yellow: 15, green: 30 }),
  /** Default supervision level by grade (督办等级). */
  defaultSupervision: z
    .object({ red: z.enum(['ordinary', 'yellow_card', 'red_card']), yellow: z.enum(['ordinary', 'yellow_card', 'red_card']), green: z.enum(['ordinary', 'yellow_card', 'red_card']) })
    .default({ red: 'yellow_card', yellow: 'ordinary', green: 'ordinary' }),
});
export type RiskPolicy = z.infer<typeof RiskPolicy>;
export const DEFAULT_RISK_POLICY: RiskPolicy = RiskPolicy.parse({});

export interface RiskVerdict {
  grade: RiskGrade;
  factors: string[];
  supervision: SupervisionLevel;
}

/** The default rules: red for group disputes, violence, civil-to-criminal risk, repeated police calls, failed sensitive mediation. */
export function assessRisk(indicators: intake.RiskIndicators, policy: RiskPolicy = DEFAULT_RISK_POLICY): RiskVerdict {
  const red: string[] = [];
  const yellow: string[] = [];
  const parties = indicators.partyCount ?? 1;
  if (parties >= policy.groupDisputeMinParties)
    red.push(`group_dispute:${parties}`); // 群体性纠纷
  else if (parties >= policy.yellowMinParties) yellow.push(`several_parties:${parties}`);
  if (indicators.violenceThreat) red.push('violence_threat'); // 暴力威胁
  if (indicators.civilToCriminalRisk) red.push('civil_to_criminal_risk'); // 民转刑
  if (indicators.repeatedPoliceCalls) red.push('repeated_police_calls'); // 多次报警
  if (indicators.failedMediationOnSensitiveMatter) red.push('failed_mediation_sensitive'); // 敏感事项调解失败
  if (indicators.sensitiveMatter) yellow.push('sensitive_matter');
  const grade: RiskGrade = red.length ? 'red' : yellow.length ? 'yellow' : 'green';
  return { grade, factors: [...red, ...yellow], supervision: policy.defaultSupervision[grade] };
}
