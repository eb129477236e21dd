import type { Role } from '@zz/contracts';
import type { ReferralCommandType } from './commands.js';

/**
 * Which roles may issue which referral command. A center refers; the court's liaison acts for the
 * court (accepts, rules, files); the designated mediator records the outcome and the joint
 * application; admins may do everything. A center director cannot act for the court.
 */
const ALLOWED: Record<ReferralCommandType, readonly Role[]> = {
  ReferToCourt: ['intake_clerk', 'mediator', 'supervisor', 'admin'],
  SubmitAgreementForConfirmation: ['mediator', 'intake_clerk', 'supervisor', 'court_liaison', 'admin'],
  AcceptReferral: ['court_liaison', 'admin'],
  AcceptConfirmationApplication: ['court_liaison', 'admin'],
  RefuseConfirmationApplication: ['court_liaison', 'admin'],
  RecordSettlement: ['court_liaison', 'mediator', 'admin'],
  RecordReferralFailure: ['court_liaison', 'mediator', 'admin'],
  ApplyForConfirmation: ['court_liaison', 'mediator', 'admin'],
  RuleOnConfirmation: ['court_liaison', 'admin'],
  FileCase: ['court_liaison', 'admin'],
};

export function mayIssue(role: Role, command: ReferralCommandType): boolean {
  return ALLOWED[command].includes(role);
}
