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

/** Correlation ids come from the caller; anything odd (too long, control characters) is replaced. */
const CORRELATION_ID = /^[\w.:@/+=-]{1,128}$/;
export const CORRELATION_HEADER = 'x-correlation-id';

export function correlationIdFor(req: IncomingMessage): string {
  const raw = req.headers[CORRELATION_HEADER];
  const given = Array.isArray(raw) ? raw[0] : raw;
  return given !== undefined && CORRELATION_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's request serializer minus the query string: filters are harmless, but a client could put
 * personal data in a URL, and the route pattern plus path are all an operator needs.
 */
export function serializeRequest(req: FastifyRequest) {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return {
    method: req.method,
    url: q === -1 ? url : `${url.slice(0, q)}?[query redacted]`,
    route: req.routeOptions?.url,
    remoteAddress: req.ip,
  };
}

export type HttpLoggerOption = false | LoggerOptions | Logger;

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function'
    && typeof (value as Logger).info === 'function';
}

/** Fastify `logger`/`loggerInstance` options with redaction always applied. */
export function fastifyLoggerOptions(
  logger: HttpLoggerOption | undefined,
  stream: DestinationStream | undefined,
): { logger?: LoggerOptions & { stream?: DestinationStream } | false; loggerInstance?: Logger } {
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
