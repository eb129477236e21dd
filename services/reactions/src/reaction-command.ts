import type { z } from 'zod';
import type { Actor, intake, mediation } from '@zz/contracts';

/** A report back to the dispute (one of intake's system-only commands). */
export type DisputeReport =
  | { type: 'RecordMediationOutcome'; data: z.infer<typeof intake.RecordMediationOutcome> }
  | { type: 'LinkMediation'; data: z.infer<typeof intake.LinkMediation> }
  | { type: 'LinkReferral'; data: z.infer<typeof intake.LinkReferral> }
  | { type: 'RecordCourtOutcome'; data: z.infer<typeof intake.RecordCourtOutcome> }
  | { type: 'RecordCaseFiled'; data: z.infer<typeof intake.RecordCaseFiled> }
  | { type: 'LinkPetition'; data: z.infer<typeof intake.LinkPetition> }
  | { type: 'IssueCard'; data: { clockId: string; policyId: string; centerCode: string; dueAt: string } };

/** What every reaction command carries besides its body: plain data, so it can cross a queue. */
interface Issued {
  /** The reaction's name (one event may trigger several reactions, each with its own key). */
  reaction: ReactionName;
  /** Derived from the triggering event id: reprocessing that event replays the first answer. */
  idempotencyKey: string;
  /** The triggering event's correlation id, so the chain of commands joins in the logs. */
  correlationId: string;
  actor: Actor;
  /** The triggering event, for the reaction log. */
  causation: { eventId: string; type: string };
}

/** A command a reaction issues: open a mediation file, or report back to a dispute. */
export type ReactionCommand = (Issued & { kind: 'open_mediation'; body: mediation.OpenMediation }) | (Issued & { kind: 'report_to_dispute'; caseId: string; command: DisputeReport });

export type ReactionName =
  | 'open_mediation_file'
  | 'mediation_to_dispute'
  | 'mediation_outcome_to_dispute'
  | 'referral_to_dispute'
  | 'court_outcome_to_dispute'
  | 'filing_to_dispute'
  | 'petition_to_dispute'
  | 'card_for_missed_step';

/** The key a reaction's command carries: the same event always yields the same key. */
export const reactionKey = (reaction: ReactionName, eventId: string): string => `reaction:${reaction}:${eventId}`;
