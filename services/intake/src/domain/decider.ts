import type { Decider } from '@zz/commands';
import type { IntakeEvent } from '@zz/contracts';
import type { IntakeCommand, IntakeContext } from './commands.js';
import { decide } from './decide.js';
import { evolve, initialState, type DisputeState } from './state.js';

/** The dispute aggregate (矛盾纠纷案件) as one decider value. */
export const disputeDecider: Decider<IntakeCommand, IntakeEvent, DisputeState, IntakeContext> = { initialState, evolve, decide };
