import { DomainError } from '@zz/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { collectValidationIssues, type FieldIssue } from './validation.js';

/** Every error answer has this shape. */
export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * An error with a deliberate HTTP answer (403 outside jurisdiction, 404 unknown, 412 stale If-Match,
 * 422 ...). Its message is shown to the caller, so it must never carry personal data.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const MESSAGES = {
  validation_failed: '请求参数不合法 / invalid request',
  malformed_json: '请求体不是合法的JSON / request body is not valid JSON',
  unsupported_media_type: '不支持的内容类型 / unsupported content type',
  payload_too_large: '请求体过大 / request body too large',
  too_many_requests: '请求过于频繁 / too many requests',
  bad_request: '请求无效 / bad request',
  unauthorized: '未认证或令牌无效 / missing or invalid token',
  forbidden: '禁止访问 / forbidden',
  bad_url: '请求地址无效 / malformed request URL',
  not_found: '资源不存在 / not found',
  internal_error: '服务器内部错误 / internal server error',
} as const;

/** Turns a zod error raised inside a handler into a 400 with every field (prefix names the part). */
export function validationError(error: z.ZodError, part = 'body'): HttpError {
  const details = error.issues.map((i) => ({ path: [part, ...i.path.map(String)].join('.'), message: i.message }));
  return new HttpError(400, 'validation_failed', MESSAGES.validation_failed, details);
}

interface Answer {
  status: number;
  body: ErrorBody;
  /** Only 5xx are worth an error-level log line with the stack. */
  internal: boolean;
}

/** A pure mapping from whatever was thrown to the answer the caller gets. */
export function answerFor(error: unknown, request: FastifyRequest): Answer {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error.details) body.details = error.details;
    return { status: error.statusCode, body, internal: error.statusCode >= 500 };
  }
  if (error instanceof DomainError) {
    return { status: 409, body: { error: error.reason, message: error.message }, internal: false };
  }
  const fe = error as Partial<FastifyError> | undefined;
  if (fe?.validation && fe.validationContext) {
    const details = collectValidationIssues(request, fe.validationContext, fe.validation);
    return { status: 400, body: { error: 'validation_failed', message: MESSAGES.validation_failed, details }, internal: false };
  }
  if (error && typeof error === 'object' && isResponseSerializationError(error as Error)) {
    return internal();
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return client(400, 'malformed_json');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return client(415, 'unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return client(413, 'payload_too_large');
  }
  // Other client errors from Fastify or plugins (bad URL, bad content length, rate limit ...).
  const status = fe?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 401) return client(401, 'unauthorized');
    if (status === 403) return client(403, 'forbidden');
    if (status === 404) return client(404, 'not_found');
    if (status === 429) return client(429, 'too_many_requests');
    return client(status, 'bad_request');
  }
  return internal();
}

function client(status: number, code: keyof typeof MESSAGES): Answer {
  return { status, body: { error: code, message: MESSAGES[code] }, internal: false };
}

function internal(): Answer {
  return { status: 500, body: { error: 'internal_error', message: MESSAGES.internal_error }, internal: true };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const answer = answerFor(error, request);
  if (answer.internal) {
    // The error itself (message, stack) but never the request body, query or params.
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ error: answer.body.error, statusCode: answer.status }, 'request rejected');
  }
  return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
}

/** Fastify's own early failures (a URL it cannot decode, an over-long parameter): same shape, URL not echoed. */
export function frameworkErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const code = (error as Partial<FastifyError>)?.code;
  const answer = code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH' ? client(400, 'bad_url') : answerFor(error, request);
  request.log.info({ error: answer.body.error, statusCode: answer.status }, 'request rejected');
  return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found', message: MESSAGES.not_found } satisfies ErrorBody);
}
