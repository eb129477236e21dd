export * from './broker.js';
export * from './topic.js';
export * from './message.js';
export * from './relay-checkpoint.js';
export * from './relay.js';
export * from './consumer.js';
export * from './client.js';
export * from './relay-lag.js';
