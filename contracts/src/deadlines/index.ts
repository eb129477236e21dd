export * from './policy.js';
export * from './calendar.js';
export * from './events.js';
export * from './commands.js';
export * from './decode.js';
