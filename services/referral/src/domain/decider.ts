import type { Decider } from '@zz/commands';
import type { ReferralEvent } from '@zz/contracts';
import type { ReferralCommand, ReferralContext } from './commands.js';
import { decide } from './decide.js';
import { evolve, initialState, type ReferralState } from './state.js';

/** The pre-litigation referral (诉前调解委派) as one decider value. */
export const referralDecider: Decider<ReferralCommand, ReferralEvent, ReferralState, ReferralContext> = { initialState, evolve, decide };
