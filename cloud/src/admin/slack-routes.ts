import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, TenantIdParams } from '../http/schemas';
import { connectSlack } from '../slack/installations';

export const slackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/tenants/:tenantId/slack',
    {
      schema: {
        tags: ['slack'],
        summary:
          'Attach a Slack bot token to a tenant (checked with auth.test, stored sealed; never returned)',
        params: TenantIdParams,
        body: Type.Object(
          { botToken: Type.String({ pattern: '^xox[be]\\.?[A-Za-z0-9.-]+$', maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            teamId: Type.String(),
            teamName: Type.Union([Type.String(), Type.Null()]),
            botUserId: Type.Union([Type.String(), Type.Null()]),
          }),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          422: ErrorResponse,
          502: ErrorResponse,
        },
      },
    },
    async (request) =>
      connectSlack(
        app.ctx.db,
        { slack: app.ctx.slack, box: app.ctx.box },
        {
          tenantId: request.params.tenantId,
          botToken: request.body.botToken,
          actor: 'operator',
          now: new Date(app.ctx.clock.now()),
        },
      ),
  );
};
