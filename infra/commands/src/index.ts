export * from './decider.js';
export * from './specification.js';
export * from './errors.js';
export * from './ids.js';
export * from './command-service.js';
export * from './create-stream.js';
export * from './http.js';
export * from './http-routes.js';
