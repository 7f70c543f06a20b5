import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import { MAX_FRAME_BYTES, WS_SUBPROTOCOL } from '@gprelay/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminApi } from './admin/admin-api';
import { agentSocketRoute } from './agents/socket-route';
import type { AppContext } from './app-context';
import { docsRoute, registerOpenApi } from './docs/openapi';
import { enrollRoute } from './enrollment/enroll-route';
import { healthRoutes } from './health/health-routes';
import { registerErrorHandler } from './http/error-handler';

export interface BuildAppOptions {
  /** Fastify logger setting; tests pass false. */
  logger?: boolean | { level: string };
}

/**
 * Builds the cloud's HTTP app from its context. Never listens: `server.ts`
 * does, and tests use `inject` or listen on port 0 themselves.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('ctx', ctx);
  registerErrorHandler(app);
  await registerOpenApi(app);
  await app.register(websocket, {
    options: {
      // Frames up to 4 MiB reach parseFrame, which refuses those over 1 MiB with an error frame.
      maxPayload: 4 * MAX_FRAME_BYTES,
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    },
  });
  await app.register(healthRoutes);
  await app.register(docsRoute);
  await app.register(enrollRoute);
  await app.register(agentSocketRoute);
  await app.register(adminApi, { prefix: '/api' });
  return app;
}
