import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import { authPlugin } from './auth.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { healthPlugin } from './health.js';
import { CORRELATION_HEADER, correlationIdFor, fastifyLoggerOptions, type HttpLoggerOption } from './logging.js';
import { metricsPlugin } from './metrics.js';
import { openapiPlugin, type OpenApiInfo } from './openapi.js';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  /** HS256 secret that verifies bearer tokens. */
  jwtSecret: string;
  /** pino options, a pino instance, or false for silence. Redaction is always added. Default level info. */
  logger?: HttpLoggerOption;
  /** Where log lines go when `logger` is options (tests capture lines here). Default stdout. */
  logStream?: DestinationStream;
  openapi?: OpenApiInfo;
  /** Per readiness check deadline. Default 2000 ms. */
  readinessTimeoutMs?: number;
  /** prom-client default process metrics on this app's registry. Default true. */
  defaultMetrics?: boolean;
  /** Max request body bytes. Default 1 MiB. */
  bodyLimit?: number;
  trustProxy?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** `x-correlation-id` of the request (or a fresh UUID); also Fastify's request id and the logs' reqId. */
    correlationId: string;
  }
}

const DEFAULT_INFO: OpenApiInfo = {
  title: '综治中心矛盾纠纷多元化解平台 API',
  version: '0.1.0',
  description: 'Dispute, mediation, referral and petition tracking for comprehensive governance centers',
};

/**
 * The Fastify app every service and projection mounts its routes on: zod type provider, correlation
 * ids, redacting logs, bearer auth, uniform JSON errors, OpenAPI at /docs, /health, /ready, /metrics.
 */
export async function createHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    ...fastifyLoggerOptions(opts.logger, opts.logStream),
    genReqId: correlationIdFor,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    // Express-style `?a=1&a=2` → arrays are handled by zod schemas where routes want them.
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = request.id;
    reply.header(CORRELATION_HEADER, request.id);
  });

  await app.register(openapiPlugin, opts.openapi ?? DEFAULT_INFO);
  await app.register(authPlugin, { secret: opts.jwtSecret });
  await app.register(metricsPlugin, { defaultMetrics: opts.defaultMetrics ?? true });
  await app.register(healthPlugin, { readinessTimeoutMs: opts.readinessTimeoutMs ?? 2000 });
  return app;
}
