export * from './tier-views/index.js';
export { REBUILDABLE_VIEWS, type RebuildableView } from './views.js';
export { centerRoutes, type CenterRoutesOptions } from './http/center-routes.js';
export * as earlyWarnings from './early-warnings/index.js';
export { createEarlyWarnings, rebuildEarlyWarnings, EARLY_WARNINGS, type EarlyWarnings, type EarlyWarningsOptions } from './early-warnings/index.js';
export * from './command-center/index.js';
