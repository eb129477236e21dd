/**
 * If-Match / Idempotency-Key parsing and the command pipeline's HTTP answers are generic, but today
 * they live in services/intake/src/http/command-errors.ts and @zz/intake does not export them.
 * Re-exported from this one place so moving them to a shared package (@zz/http or @zz/commands) is a
 * one-line change here; nothing is copied.
 */
export { commandHttpError, etag, parseIdempotencyKey, parseIfMatch } from '../../../intake/src/http/command-errors.js';
