import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import { type Logger, MAX_FRAME_BYTES, WS_SUBPROTOCOL } from '@gprelay/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminApi } from './admin/admin-api';
import { agentSocketRoute } from './agents/socket-route';
import type { AppContext } from './app-context';
import { docsRoute, registerOpenApi } from './docs/openapi';
import { enrollRoute } from './enrollment/enroll-route';
import { healthRoutes } from './health/health-routes';
import { registerErrorHandler } from './http/error-handler';
import { serializeRequest } from './slack-app/log-redaction';
import { slackAppPlugin } from './slack-app/slack-app-plugin';
import { createSlackAppServices } from './slack-app/slack-app-services';

export interface BuildAppOptions {
  /** Fastify logger setting; tests pass false, or a stream to read what would be logged. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
}

/**
 * Builds the cloud's HTTP app from its context. Never listens: `server.ts`
 * does, and tests use `inject` or listen on port 0 themselves.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? { level: ctx.config.logLevel };
  const app = Fastify({
    // Query strings of the Slack app's routes carry secrets; the serializer cuts them.
    logger: typeof logger === 'object' ? { ...logger, serializers: { req: serializeRequest } } : logger,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('ctx', ctx);
  app.decorate('slackApp', createSlackAppServices(ctx, appLogger(app)));
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
  await app.register(slackAppPlugin);
  await app.register(adminApi, { prefix: '/api' });
  return app;
}

function appLogger(app: FastifyInstance): Logger {
  return {
    debug: (m, f) => app.log.debug(f ?? {}, m),
    info: (m, f) => app.log.info(f ?? {}, m),
    warn: (m, f) => app.log.warn(f ?? {}, m),
    error: (m, f) => app.log.error(f ?? {}, m),
  };
}
