export { commandCenterRoutes, commandCenterOf, type CommandCenter, type CommandCenterOptions } from './plugin.js';
export { LiveHub, type LiveHubOptions, type LiveViewer, type LiveConnection } from './live/hub.js';
export { toLiveEvent, scopeChange, sseFrame, type LiveEvent, type CaseScope } from './live/live-event.js';
export { demoUsers, type DemoUser } from '@zz/config';
export { openLiveStream, parseBlock, liveEventOf, type SseMessage } from './live/sse-client.js';
