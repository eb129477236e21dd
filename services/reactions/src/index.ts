export { react, type ReactableEvent, type ReactOptions } from './react.js';
export { reactionKey, type ReactionCommand, type ReactionName, type DisputeReport } from './reaction-command.js';
export { createReactionExecutor, type ReactionExecutor, type ReactionOutcome, type ReactionServices } from './executor.js';
export { handleEvent, startReactions, REACTIONS_CHECKPOINT, REACTIONS_DB_FILE, type RunningReactions, type StartReactionsOptions, type ReactionsLog } from './reactor.js';
export { readReactionLog, type ReactionLogRow } from './reaction-log.js';
export { SYSTEM_ACTOR_ID, DEFAULT_CITY_CODE, systemActor } from './system-actor.js';
export { rebuildReactions, type RebuildReactionsOptions, type ReactionsRebuildResult } from './rebuild.js';
export { REACTING_TYPES } from './react.js';
