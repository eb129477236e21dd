/**
 * The command pipeline's HTTP mapping (404/412/422/409 and the If-Match / Idempotency-Key parsers) is
 * generic and lives in intake today, which doesn't export it; mediation imports it the same way.
 * It should move to @zz/http (or @zz/commands) — then this file becomes a plain package import.
 */
export { commandHttpError, etag, parseIdempotencyKey, parseIfMatch } from '../../../intake/src/http/command-errors.js';
