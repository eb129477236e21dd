import type { Role } from '@zz/contracts';
import type { MediationCommandType } from './commands.js';

/**
 * Which roles may issue which mediation command. Mediators record sessions and outcomes (and, in
 * the decider, only on files assigned to them); a clerk may open a file when routing a dispute;
 * directors (supervisor) and admins may do everything within their area.
 */
const RECORDS: readonly Role[] = ['mediator', 'supervisor', 'admin'];
const ALLOWED: Record<MediationCommandType, readonly Role[]> = {
  OpenMediation: ['intake_clerk', 'mediator', 'supervisor', 'admin'],
  AssignMediator: ['supervisor', 'mediator', 'admin'],
  RecordSession: RECORDS,
  NoteProgress: RECORDS,
  ExtendMediation: RECORDS,
  RecordRefusal: RECORDS,
  ReachAgreement: RECORDS,
  RecordFailure: RECORDS,
  RecordPerformance: ['mediator', 'supervisor', 'intake_clerk', 'admin'],
  CloseMediation: RECORDS,
};

export function mayIssue(role: Role, command: MediationCommandType): boolean {
  return ALLOWED[command].includes(role);
}
