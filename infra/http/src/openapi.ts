import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * OpenAPI from the routes' zod schemas. Registered before any route so @fastify/swagger's onRoute
 * hook sees them all. Every operation requires the bearer token unless it declares `security: []`.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance, info: OpenApiInfo) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info,
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearerAuth: [] }],
      },
      transform: jsonSchemaTransform,
    });
    // staticCSP: the docs pages carry a Content-Security-Policy of their own (scripts from /docs only).
    // upgrade-insecure-requests is dropped: behind plain HTTP on a LAN it would break the page's own assets.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    });
  },
  { name: 'zz-openapi' },
);
