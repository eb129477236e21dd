import type { Decider } from '@zz/commands';
import type { MediationEvent } from '@zz/contracts';
import type { MediationCommand, MediationContext } from './commands.js';
import { decide } from './decide.js';
import { evolve, initialState, type MediationState } from './state.js';

/** The mediation file (调解卷宗) as one decider value. */
export const mediationDecider: Decider<MediationCommand, MediationEvent, MediationState, MediationContext> = { initialState, evolve, decide };
