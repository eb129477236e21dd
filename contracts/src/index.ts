export * from './reference-data.js';
export * from './regions.js';
export * from './envelope.js';
export * from './personal-data.js';
export * from './upcasting.js';
export * from './jurisdiction.js';
export * as intake from './intake/index.js';
export type { IntakeEvent, IntakeEventType, IntakeEventOf } from './intake/events.js';
