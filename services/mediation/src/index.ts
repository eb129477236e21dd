export { MediationService, mediationCodec, type MediationServiceDeps, type MediationRequest, type LoadedMediation, type Opened } from './application/mediation-service.js';
export { mediationView } from './application/mediation-view.js';
export { disputeFacts, disputeFor, narratorOf, partyRefs, type DisputeLookup } from './application/dispute-lookup.js';
export { mediationRoutes, type MediationRoutesOptions } from './http/routes.js';
export { mediationDecider } from './domain/decider.js';
export { mayIssue as mayIssueMediationCommand } from './domain/permissions.js';
export type { MediationCommand, MediationCommandType, MediationContext } from './domain/commands.js';
export type { MediationState } from './domain/state.js';
