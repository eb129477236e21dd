export * from './tier-views/index.js';
export { REBUILDABLE_VIEWS, type RebuildableView } from './views.js';
export { centerRoutes, type CenterRoutesOptions } from './http/center-routes.js';
