import type { Role } from '@zz/contracts';

/** Intake commands, by the name the API and metadata use. */
export type IntakeCommandType =
  | 'RegisterDispute'
  | 'AcceptDispute'
  | 'DeclineDispute'
  | 'AssessRisk'
  | 'RouteDispute'
  | 'ReportIn'
  | 'CloseDispute'
  | 'FollowUp'
  | 'ReopenDispute'
  | 'RecordMediationOutcome'
  | 'LinkMediation'
  | 'LinkReferral'
  | 'RecordCourtOutcome'
  | 'RecordCaseFiled'
  | 'LinkPetition'
  | 'SignForAssignment'
  | 'SendBackAssignment'
  | 'ReportCompletion'
  | 'SignOffAssignment'
  | 'ReturnForRework'
  | 'RequestRelease'
  | 'DecideRelease'
  | 'SignOffWhistle'
  | 'IssueCard'
  | 'ListDisputeForSupervision'
  | 'LiftDisputeSupervision'
  | 'RecordDisputeInterview'
  | 'CirculateDisputeNotice';

/**
 * Which roles may issue which intake command. Clerks accept, route and whistle (issue 5); a
 * department liaison only reports in; directors (supervisor) may do everything at their center.
 */
const ALLOWED: Record<IntakeCommandType, readonly Role[]> = {
  RegisterDispute: ['intake_clerk', 'supervisor', 'mediator', 'admin'],
  AcceptDispute: ['intake_clerk', 'supervisor', 'admin'],
  DeclineDispute: ['intake_clerk', 'supervisor', 'admin'],
  AssessRisk: ['intake_clerk', 'supervisor', 'admin'],
  RouteDispute: ['intake_clerk', 'supervisor', 'admin'],
  ReportIn: ['department_liaison', 'supervisor', 'admin'],
  CloseDispute: ['intake_clerk', 'supervisor', 'mediator', 'admin'],
  FollowUp: ['intake_clerk', 'supervisor', 'admin'],
  ReopenDispute: ['intake_clerk', 'supervisor', 'admin'],
  // Other flows' outcomes arrive only through the cross-flow reactions, whose system actor is an admin.
  RecordMediationOutcome: ['admin'],
  LinkMediation: ['admin'],
  LinkReferral: ['admin'],
  RecordCourtOutcome: ['admin'],
  RecordCaseFiled: ['admin'],
  LinkPetition: ['admin'],
  // The assignment loop: the receiving center signs for, sends back, reports; the assigning center's director signs off or returns it.
  SignForAssignment: ['intake_clerk', 'supervisor', 'admin'],
  SendBackAssignment: ['intake_clerk', 'supervisor', 'admin'],
  ReportCompletion: ['intake_clerk', 'supervisor', 'mediator', 'admin'],
  SignOffAssignment: ['supervisor', 'admin'],
  ReturnForRework: ['supervisor', 'admin'],
  RequestRelease: ['department_liaison', 'supervisor', 'admin'],
  DecideRelease: ['intake_clerk', 'supervisor', 'admin'],
  SignOffWhistle: ['intake_clerk', 'supervisor', 'admin'],
  IssueCard: ['admin'],
  ListDisputeForSupervision: ['supervisor', 'admin'],
  LiftDisputeSupervision: ['supervisor', 'admin'],
  RecordDisputeInterview: ['supervisor', 'admin'],
  CirculateDisputeNotice: ['supervisor', 'admin'],
};

export function mayIssue(role: Role, command: IntakeCommandType): boolean {
  return ALLOWED[command].includes(role);
}

/** Overriding the rules' risk grade is a director's call. */
export function mayOverrideRisk(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}
