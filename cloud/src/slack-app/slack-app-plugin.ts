import type { FastifyInstance } from 'fastify';
import { slackEventsRoute } from './events/events-route';
import { slackInstallRoutes } from './oauth/install-routes';
import { RejectionAudit } from './rejection-audit';

/**
 * The Slack app's public routes: `/slack/install`, `/slack/oauth/callback`
 * (HTML for the person installing) and `/slack/events` (Slack's Events API).
 * Uses the `slackApp` services decorated on the root app by buildApp.
 */
export async function slackAppPlugin(app: FastifyInstance): Promise<void> {
  const services = app.slackApp;
  const rejections = new RejectionAudit(app.ctx.db, app.ctx.clock);
  await app.register(slackInstallRoutes, { services, rejections });
  await app.register(slackEventsRoute, { processor: services.events, rejections });
  app.addHook('onReady', async () => services.events.start());
  app.addHook('onClose', async () => services.events.stop());
}
