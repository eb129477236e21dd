export { ReferralService, referralCodec, type ReferralServiceDeps, type ReferralRequest, type LoadedReferral, type Referred } from './application/referral-service.js';
export { referralView } from './application/referral-view.js';
export { referralRoutes, type ReferralRoutesOptions } from './http/routes.js';
export { referralDecider } from './domain/decider.js';
export { confirmationApplyBy } from './domain/confirmation-window.js';
export { mayIssue as mayIssueReferralCommand } from './domain/permissions.js';
export type { ReferralCommand, ReferralCommandType, ReferralContext } from './domain/commands.js';
export type { ReferralState } from './domain/state.js';
