export * from './subject-areas.js';
export * from './status.js';
export * from './commands.js';
export * from './events.js';
export * from './decode.js';
