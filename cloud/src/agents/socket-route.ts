import { WS_SUBPROTOCOL } from '@gprelay/shared';
import '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import { CloudErrorCode } from '../errors';
import { AgentSession } from './agent-session';
import { type AuthenticatedAgent, ConnectRejected, verifyConnectToken } from './verify-connect-token';

declare module 'fastify' {
  interface FastifyRequest {
    agent: AuthenticatedAgent | null;
  }
}

/**
 * `/v1/agent/socket`: the upgrade is authenticated BEFORE it happens; a refused
 * token gets a plain 401 and an audit row, and never a WebSocket.
 */
export async function agentSocketRoute(app: FastifyInstance): Promise<void> {
  app.decorateRequest('agent', null);
  app.get(
    '/v1/agent/socket',
    {
      websocket: true,
      preValidation: async (request: FastifyRequest, reply) => {
        const now = new Date(app.ctx.clock.now());
        try {
          request.agent = await verifyConnectToken(app.ctx.db, request.headers.authorization, {
            audience: app.ctx.config.publicUrl,
            now,
          });
        } catch (error) {
          if (!(error instanceof ConnectRejected)) throw error;
          await app.ctx.db.transaction((tx) =>
            appendAudit(
              tx,
              [
                {
                  tenantId: error.tenantId,
                  actor: error.agentId ? `agent:${error.agentId}` : 'anonymous',
                  action: AuditAction.agentAuthRejected,
                  details: { reason: error.reason, from: request.ip },
                },
              ],
              now,
            ),
          );
          request.log.warn({ reason: error.reason, agentId: error.agentId }, 'agent connection refused');
          return reply
            .code(401)
            .send({ error: { code: CloudErrorCode.unauthorized, message: error.reason } });
        }
      },
    },
    (socket, request) => {
      if (socket.protocol !== WS_SUBPROTOCOL) {
        socket.close(1002, `subprotocol ${WS_SUBPROTOCOL} required`);
        return;
      }
      new AgentSession(socket, request.agent!, app.ctx, request.log).start();
    },
  );
}
