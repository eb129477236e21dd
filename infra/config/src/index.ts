export * from './process-env.js';
export * from './local-secrets.js';
export * from './service-process.js';
export * from './accounts/index.js';
export * from './cli-secret.js';
