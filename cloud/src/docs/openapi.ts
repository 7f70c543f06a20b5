import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * Registers the OpenAPI document built from the route schemas on `app` itself
 * (not an encapsulated child, so `app.swagger()` is visible). Call before the
 * routes it describes. Served at `/docs` (JSON).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'GP Relay cloud API',
        version: '1',
        description:
          'Operator API (bearer OPERATOR_TOKEN) for tenants, Slack, routing rules, agents and the audit trail; agent enrollment.',
      },
      components: { securitySchemes: { operator: { type: 'http', scheme: 'bearer' } } },
      security: [{ operator: [] }],
    },
  });
}

export async function docsRoute(app: FastifyInstance): Promise<void> {
  app.get('/docs', { schema: { hide: true } as never }, async () => app.swagger());
  app.get('/docs/openapi.json', { schema: { hide: true } as never }, async () => app.swagger());
}
