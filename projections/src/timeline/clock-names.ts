import { loadDeadlinePolicy } from '@zz/deadlines';
import type { Label } from './labels.js';

/**
 * Deadline clocks by name (超期：信访事项办理答复, not 超期：petition.answer). Names come from the shipped
 * policy table (config/deadline-policy.json); a clock it doesn't know reads as 期限 / deadline.
 */
let names: Map<string, Label> | undefined;

export function clockName(policyId: string): Label {
  names ??= new Map(loadDeadlinePolicy().clocks.map((c) => [c.id, c.name]));
  return names.get(policyId) ?? { zh: '期限', en: 'deadline' };
}
