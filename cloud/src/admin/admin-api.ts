import type { FastifyInstance } from 'fastify';
import { operatorAuth } from '../http/operator-auth';
import { agentRoutes } from './agent-routes';
import { auditRoutes } from './audit-routes';
import { deliveryRoutes } from './delivery-routes';
import { enrollmentCodeRoutes } from './enrollment-code-routes';
import { replayRoutes } from './replay-routes';
import { ruleRoutes } from './rule-routes';
import { slackRoutes } from './slack-routes';
import { tenantRoutes } from './tenant-routes';

/** The operator API under /api: every route requires the operator bearer token. */
export async function adminApi(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', operatorAuth(app.ctx.operatorToken));
  await app.register(tenantRoutes);
  await app.register(slackRoutes);
  await app.register(ruleRoutes);
  await app.register(enrollmentCodeRoutes);
  await app.register(agentRoutes);
  await app.register(deliveryRoutes);
  await app.register(replayRoutes);
  await app.register(auditRoutes);
}
