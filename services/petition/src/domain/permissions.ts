import type { Role } from '@zz/contracts';
import type { PetitionCommandType } from './commands.js';

/**
 * Which roles may issue which petition command. Petition officers (信访干部) run the desk work; the
 * heavier tools (leader assignment, listed supervision, interview, notice) and review decisions are
 * a director's (supervisor) or admin's; only a responsible leader signs — and only their own statement
 * (checked by the decider against the assigned leader).
 */
const DESK: readonly Role[] = ['petition_officer', 'supervisor', 'admin'];
const SUPERVISE: readonly Role[] = ['supervisor', 'admin'];
const ALLOWED: Record<PetitionCommandType, readonly Role[]> = {
  RegisterPetition: ['petition_officer', 'intake_clerk', 'supervisor', 'admin'],
  AcceptPetition: DESK,
  DeclinePetition: DESK,
  MarkBacklog: DESK,
  AssignResponsibleLeader: SUPERVISE,
  SignResponsibilityStatement: ['responsible_leader'],
  ListForSupervision: SUPERVISE,
  LiftSupervision: SUPERVISE,
  RecordAdmonishingInterview: SUPERVISE,
  CirculateNotice: SUPERVISE,
  AnswerPetition: DESK,
  RequestReview: DESK,
  DecideReview: SUPERVISE,
  RequestReReview: DESK,
  DecideReReview: SUPERVISE,
  ResolvePetition: DESK,
  DivertToLegalChannel: DESK,
};

export function mayIssue(role: Role, command: PetitionCommandType): boolean {
  return ALLOWED[command].includes(role);
}
