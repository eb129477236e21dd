import type { z } from 'zod';
import type { Actor, intake, RegionDirectory, Sealed, SealedParty } from '@zz/contracts';
import type { RiskPolicy } from './risk-policy.js';

/**
 * Intake commands as the decider sees them: bodies from contracts, with personal data already sealed
 * and generated ids filled in by the application layer (so decide stays pure).
 */
export type IntakeCommand =
  | {
      type: 'RegisterDispute';
      data: Omit<intake.RegisterDispute, 'parties' | 'description'> & { caseId: string; caseCode: string; centerCode: string; description: Sealed; parties: SealedParty[] };
    }
  | { type: 'AcceptDispute'; data: z.infer<typeof intake.AcceptDispute> }
  | { type: 'DeclineDispute'; data: z.infer<typeof intake.DeclineDispute> }
  | { type: 'AssessRisk'; data: z.infer<typeof intake.AssessRisk> }
  | { type: 'RouteDispute'; data: intake.RouteDispute & { whistleId?: string } }
  | { type: 'ReportIn'; data: z.infer<typeof intake.ReportIn> }
  | { type: 'CloseDispute'; data: z.infer<typeof intake.CloseDispute> }
  | { type: 'FollowUp'; data: z.infer<typeof intake.FollowUp> }
  | { type: 'ReopenDispute'; data: z.infer<typeof intake.ReopenDispute> };

export interface IntakeContext {
  now: Date;
  actor: Actor;
  regions: RegionDirectory;
  riskPolicy: RiskPolicy;
}
