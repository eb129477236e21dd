export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export { signToken, expirySeconds, TokenClaims } from './auth.js';
export { HttpError, ErrorBody, MESSAGES, validationError, answerFor } from './errors.js';
export type { FieldIssue } from './validation.js';
export type { ReadinessCheck, ReadinessResult } from './health.js';
export { parseConfig, ConfigError, HttpEnv } from './config.js';
export { REDACT_PATHS, CORRELATION_HEADER } from './logging.js';
export type { OpenApiInfo } from './openapi.js';
export type { ZodTypeProvider } from 'fastify-type-provider-zod';
