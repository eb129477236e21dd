export { IntakeService, intakeCodec, type IntakeServiceDeps } from './application/intake-service.js';
export { CaseCodeAllocator, CASE_CODE_CLAIMED, chinaYear, formatCaseCode } from './application/case-code.js';
// Personal-data sealing and masking live in @zz/contracts; re-exported for flows built on intake.
export { viewParty, viewNarrative, sealParties, seesFullDetails, type PersonalDataVault, type PartyView } from '@zz/contracts';
export { intakeRoutes, type IntakeRoutesOptions } from './http/routes.js';
export { disputeDecider } from './domain/decider.js';
export { assessRisk, RiskPolicy, DEFAULT_RISK_POLICY } from './domain/risk-policy.js';
export type { DisputeState } from './domain/state.js';
export { erasureRoutes, PERSONAL_DATA_ERASED, personStream } from './http/erasure-routes.js';
export { loadRiskPolicy } from './application/risk-policy-file.js';
export { channelRoutes, CHANNEL_PATH, type ChannelRoutesOptions } from './channel/routes.js';
export { loadChannelClients, type ChannelClient } from './channel/clients.js';
export { sign as signChannelRequest } from './channel/signature.js';
