export * from './process-env.js';
export * from './local-secrets.js';
