export * from './commands.js';
export * from './events.js';
export * from './decode.js';
export * from './status.js';
export * from './channel.js';
