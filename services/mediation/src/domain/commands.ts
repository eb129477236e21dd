import type { z } from 'zod';
import type { Actor, DisputeCategory, intake, mediation, Sealed } from '@zz/contracts';

type Body<T extends z.ZodType> = z.infer<T>;

/**
 * Mediation commands as the decider sees them: bodies from contracts with free text already sealed
 * and the dispute's facts filled in by the application layer (so decide stays pure).
 */
export type MediationCommand =
  | {
      type: 'OpenMediation';
      data: Omit<mediation.OpenMediation, 'caseId'> & {
        mediationId: string;
        caseId: string;
        caseCode: string;
        areaCode: string;
        handlingCenter: string;
        category: DisputeCategory;
        parties: mediation.PartyRef[];
        narratorId: string;
        /** The dispute's status now: only an open dispute goes to mediation. */
        disputeStatus: intake.DisputeStatus;
      };
    }
  | { type: 'AssignMediator'; data: Body<typeof mediation.AssignMediator> }
  | { type: 'RecordSession'; data: Omit<mediation.RecordSession, 'notes'> & { notes: Sealed } }
  | { type: 'NoteProgress'; data: { note: Sealed } }
  | { type: 'ExtendMediation'; data: Omit<mediation.ExtendMediation, 'reason'> & { reason?: Sealed } }
  | { type: 'RecordRefusal'; data: Omit<Body<typeof mediation.RecordRefusal>, 'statement'> & { statement?: Sealed } }
  | { type: 'ReachAgreement'; data: Omit<mediation.ReachAgreement, 'terms'> & { terms: Sealed } }
  | { type: 'RecordFailure'; data: Omit<Body<typeof mediation.RecordFailure>, 'note'> & { note?: Sealed } }
  | { type: 'RecordPerformance'; data: Omit<Body<typeof mediation.RecordPerformance>, 'note'> & { note?: Sealed } }
  | { type: 'CloseMediation'; data: { note?: Sealed } };

export type MediationCommandType = MediationCommand['type'];

export interface MediationContext {
  now: Date;
  actor: Actor;
}
