export {
  PetitionService,
  petitionCodec,
  sha256Hex,
  UnknownDisputeError,
  type PetitionServiceDeps,
  type PetitionAction,
  type RegisteredPetition,
  type LoadedPetition,
} from './application/petition-service.js';
export { PetitionIndex, PETITION_INDEX_PROJECTION, petitionIndexApplier, rebuildPetitionIndex, type PetitionIndexOptions } from './application/petition-index.js';
export { petitionRoutes, PETITION_COMMAND_PATHS, type PetitionRoutesOptions } from './http/routes.js';
export { petitionDecider } from './domain/decider.js';
export { findRepeats, type RepeatMatch } from './domain/repeat.js';
export { mayIssue as mayIssuePetitionCommand } from './domain/permissions.js';
export type { PetitionCommand, PetitionCommandType, PetitionContext, EarlierPetition } from './domain/commands.js';
export type { PetitionState } from './domain/state.js';
