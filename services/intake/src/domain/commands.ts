import type { z } from 'zod';
import type { Actor, intake, RegionDirectory, Sealed, SealedParty } from '@zz/contracts';
import type { RiskPolicy } from './risk-policy.js';

/** A free-text field as the decider sees it: sealed by the application layer (or clear, in tests). */
type WithStaffText<T, K extends keyof T> = Omit<T, K> & { [P in K]: undefined extends T[P] ? Sealed | string | undefined : Sealed | string };

/**
 * Intake commands as the decider sees them: bodies from contracts, with personal data already sealed
 * and generated ids filled in by the application layer (so decide stays pure).
 */
export type IntakeCommand =
  | {
      type: 'RegisterDispute';
      data: Omit<intake.RegisterDispute, 'parties' | 'description'> & { caseId: string; caseCode: string; centerCode: string; description: Sealed; parties: SealedParty[] };
    }
  | { type: 'AcceptDispute'; data: WithStaffText<z.infer<typeof intake.AcceptDispute>, 'note'> }
  | { type: 'DeclineDispute'; data: z.infer<typeof intake.DeclineDispute> }
  | { type: 'AssessRisk'; data: z.infer<typeof intake.AssessRisk> }
  | { type: 'RouteDispute'; data: (Exclude<intake.RouteDispute, { mode: 'whistle' }> | WithStaffText<Extract<intake.RouteDispute, { mode: 'whistle' }>, 'reason'>) & { whistleId?: string } }
  | { type: 'ReportIn'; data: WithStaffText<z.infer<typeof intake.ReportIn>, 'note'> }
  | { type: 'CloseDispute'; data: z.infer<typeof intake.CloseDispute> }
  | { type: 'FollowUp'; data: z.infer<typeof intake.FollowUp> }
  | { type: 'ReopenDispute'; data: z.infer<typeof intake.ReopenDispute> }
  // The assignment loop and the whistle's release (issue 13 §2):
  | { type: 'SignForAssignment'; data: z.infer<typeof intake.SignForAssignment> }
  | { type: 'SendBackAssignment'; data: z.infer<typeof intake.SendBackAssignment> }
  | { type: 'ReportCompletion'; data: z.infer<typeof intake.ReportCompletion> }
  | { type: 'SignOffAssignment'; data: z.infer<typeof intake.SignOffAssignment> }
  | { type: 'ReturnForRework'; data: z.infer<typeof intake.ReturnForRework> }
  | { type: 'RequestRelease'; data: z.infer<typeof intake.RequestRelease> }
  | { type: 'DecideRelease'; data: z.infer<typeof intake.DecideRelease> }
  | { type: 'SignOffWhistle'; data: z.infer<typeof intake.SignOffWhistle> }
  // Supervision from above (督办):
  | { type: 'ListDisputeForSupervision'; data: z.infer<typeof intake.ListDisputeForSupervision> & { supervisionId: string } }
  | { type: 'LiftDisputeSupervision'; data: z.infer<typeof intake.LiftDisputeSupervision> }
  | { type: 'RecordDisputeInterview'; data: z.infer<typeof intake.RecordDisputeInterview> }
  | { type: 'CirculateDisputeNotice'; data: z.infer<typeof intake.CirculateDisputeNotice> }
  /** A missed step of the loop (from the deadline watcher through the reactions, system actor only). */
  | { type: 'IssueCard'; data: { clockId: string; policyId: string; centerCode: string; dueAt: string } }
  // Reported back by other flows through the cross-flow reactions (system actor only):
  | { type: 'RecordMediationOutcome'; data: z.infer<typeof intake.RecordMediationOutcome> }
  | { type: 'LinkMediation'; data: z.infer<typeof intake.LinkMediation> }
  | { type: 'LinkReferral'; data: z.infer<typeof intake.LinkReferral> }
  | { type: 'RecordCourtOutcome'; data: z.infer<typeof intake.RecordCourtOutcome> }
  | { type: 'RecordCaseFiled'; data: z.infer<typeof intake.RecordCaseFiled> }
  | { type: 'LinkPetition'; data: z.infer<typeof intake.LinkPetition> };

export interface IntakeContext {
  now: Date;
  actor: Actor;
  regions: RegionDirectory;
  riskPolicy: RiskPolicy;
}
