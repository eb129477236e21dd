import { IdempotencyKeyReusedError, StreamNotFoundError } from '@zz/commands';
import { DomainError } from '@zz/contracts';
import type { IntakeService } from '@zz/intake';
import type { MediationService } from '@zz/mediation';
import type { ReactionCommand } from './reaction-command.js';

/** The services reactions drive: intake (reports back to disputes) and mediation (opening files). */
export interface ReactionServices {
  intake: Pick<IntakeService, 'execute'>;
  mediation: Pick<MediationService, 'open'>;
}

/**
 * What came of one reaction command:
 *   appended  — new events were appended
 *   replayed  — its Idempotency-Key had already been answered (the event was processed before)
 *   unchanged — the dispute already knew (the decider appended nothing)
 *   refused   — a domain rule or a missing stream said no; recorded in the reaction log, not retried
 */
export type ReactionOutcome = { status: 'appended' | 'replayed' | 'unchanged'; position: bigint; streamId?: string } | { status: 'refused'; reason: string };

/** Failures that retrying cannot fix: the reaction is refused and processing moves on. */
function refusalReason(err: unknown): string | undefined {
  if (err instanceof DomainError) return err.reason;
  if (err instanceof StreamNotFoundError) return 'not_found';
  if (err instanceof IdempotencyKeyReusedError) return 'idempotency_key_reused';
  return undefined;
}

/**
 * Runs reaction commands against the services. Any other error (the store failing, say) is thrown:
 * the caller must not move its checkpoint past the event, and will run it again.
 */
export function createReactionExecutor(services: ReactionServices) {
  async function run(cmd: ReactionCommand): Promise<ReactionOutcome> {
    const caller = (idempotencyKey: string) => ({ actor: cmd.actor, correlationId: cmd.correlationId, idempotencyKey });
    switch (cmd.kind) {
      case 'open_mediation': {
        try {
          const r = await services.mediation.open(cmd.body, caller(cmd.idempotencyKey));
          return { status: r.replayed ? 'replayed' : 'appended', position: r.position, streamId: `mediation-${r.mediationId}` };
        } catch (err) {
          // The planned end passed while the event waited (a reactor catching up after downtime): open
          // the file without it — under its own key, so a later replay of either attempt finds its file.
          if (!(err instanceof DomainError && err.reason === 'end_date_not_later' && cmd.body.plannedEndAt)) throw err;
          const { plannedEndAt: _late, ...body } = cmd.body;
          const r = await services.mediation.open(body, caller(`${cmd.idempotencyKey}:without-planned-end`));
          return { status: r.replayed ? 'replayed' : 'appended', position: r.position, streamId: `mediation-${r.mediationId}` };
        }
      }
      case 'report_to_dispute': {
        const r = await services.intake.execute(cmd.caseId, cmd.command, caller(cmd.idempotencyKey));
        return { status: r.replayed ? 'replayed' : r.events.length === 0 ? 'unchanged' : 'appended', position: r.position, streamId: `dispute-${cmd.caseId}` };
      }
    }
  }

  return async function execute(cmd: ReactionCommand): Promise<ReactionOutcome> {
    try {
      return await run(cmd);
    } catch (err) {
      const reason = refusalReason(err);
      if (reason === undefined) throw err;
      return { status: 'refused', reason };
    }
  };
}
export type ReactionExecutor = ReturnType<typeof createReactionExecutor>;
