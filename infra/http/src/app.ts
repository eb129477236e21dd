import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Region } from '@zz/contracts';
import { authPlugin } from './auth.js';
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './errors.js';
import { charsetHook, inputHygieneHook } from './input-hygiene.js';
import type { TokenTimePolicy } from './token-policy.js';
import { healthPlugin } from './health.js';
import { CORRELATION_HEADER, correlationIdFor, fastifyLoggerOptions, type HttpLoggerOption } from './logging.js';
import { metricsPlugin } from './metrics.js';
import { openapiPlugin, type OpenApiInfo } from './openapi.js';

export type HttpApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

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
  /** Token lifetime cap and clock skew (default 12 h, 60 s). */
  tokenPolicy?: TokenTimePolicy;
  /** The region table: tokens for a center not in it (or for a grid) are refused with 401. */
  regions?: (code: string) => Pick<Region, 'tier'> | undefined;
  now?: () => Date;
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
    // A URL the router cannot decode answers in the one error shape, without echoing the URL.
    frameworkErrors: frameworkErrorHandler,
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
  // API answers carry personal data for some roles: never kept by a browser or proxy cache, and
  // never rendered as a document (a CSP that allows nothing).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      reply.header('cache-control', 'no-store');
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });
  app.addHook('onRequest', charsetHook);
  app.addHook('preValidation', inputHygieneHook);

  // nosniff, frame and referrer policies everywhere. CSP is per kind of answer: /api above, /docs by
  // swagger-ui's staticCSP, the web app's pages by the routes that serve them (they know their assets).
  await app.register(helmet, { contentSecurityPolicy: false });
  // Off by default; routes that need it (sign-in) opt in with `config.rateLimit`.
  await app.register(rateLimit, { global: false });

  await app.register(openapiPlugin, opts.openapi ?? DEFAULT_INFO);
  await app.register(authPlugin, {
    secret: opts.jwtSecret,
    ...(opts.tokenPolicy ? { tokenPolicy: opts.tokenPolicy } : {}),
    ...(opts.regions ? { regions: opts.regions } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  await app.register(metricsPlugin, { defaultMetrics: opts.defaultMetrics ?? true });
  await app.register(healthPlugin, { readinessTimeoutMs: opts.readinessTimeoutMs ?? 2000 });
  return app;
}
