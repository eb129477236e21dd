import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Safety net: fields that carry personal data or credentials are censored wherever a log call puts
 * them by mistake. Request bodies are never logged in the first place (Fastify's request log has
 * no body); this catches `log.info({ body })`, `log.info({ party: { details } })` and the like.
 */
const PERSONAL_KEYS = ['name', 'idNumber', 'phone', 'address', 'details', 'parties', 'body', 'query', 'params'];
export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  ...PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];
export const REDACT_CENSOR = '[redacted]';

/**
 * A caller's correlation id is kept only when it is a UUID: it is logged and stored in event metadata,
 * so free text there could carry personal data. Anything else is replaced by one the server makes.
 */
const CORRELATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CORRELATION_HEADER = 'x-correlation-id';

export function correlationIdFor(req: IncomingMessage): string {
  const raw = req.headers[CORRELATION_HEADER];
  const given = Array.isArray(raw) ? raw[0] : raw;
  return given !== undefined && CORRELATION_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's request serializer with the route pattern instead of the URL: a client can put anything
 * in a path or query (an ID number reached the log that way), and `/api/disputes/:caseId` plus the
 * server-made request id are all an operator needs. A URL that matched no route is not logged at all.
 */
export function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    route: req.routeOptions?.url ?? '(no route)',
    remoteAddress: req.ip,
  };
}

export type HttpLoggerOption = false | LoggerOptions | Logger;

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function' && typeof (value as Logger).info === 'function';
}

/** Fastify `logger`/`loggerInstance` options with redaction always applied. */
export function fastifyLoggerOptions(
  logger: HttpLoggerOption | undefined,
  stream: DestinationStream | undefined,
): { logger?: (LoggerOptions & { stream?: DestinationStream }) | false; loggerInstance?: Logger } {
  const redact = { paths: REDACT_PATHS, censor: REDACT_CENSOR };
  if (logger === false) return { logger: false };
  if (isLogger(logger)) {
    return { loggerInstance: logger.child({}, { redact, serializers: { req: serializeRequest } }) as Logger };
  }
  const base: LoggerOptions = logger ?? {};
  const extraPaths = Array.isArray(base.redact) ? base.redact : (base.redact?.paths ?? []);
  return {
    logger: {
      level: 'info',
      ...base,
      redact: { ...redact, paths: [...REDACT_PATHS, ...extraPaths] },
      serializers: { req: serializeRequest, ...base.serializers },
      ...(stream ? { stream } : {}),
    },
  };
}
