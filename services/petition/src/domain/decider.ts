import type { Decider } from '@zz/commands';
import type { PetitionEvent } from '@zz/contracts';
import type { PetitionCommand, PetitionContext } from './commands.js';
import { decide } from './decide.js';
import { evolve, initialState, type PetitionState } from './state.js';

/** The petition aggregate (信访事项) as one decider value. */
export const petitionDecider: Decider<PetitionCommand, PetitionEvent, PetitionState, PetitionContext> = { initialState, evolve, decide };
