import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import Type, { type TSchema } from 'typebox';
import { tenants } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import { ErrorResponse, TenantIdParams } from '../http/schemas';
import { connectSlack } from '../slack/installations';
import { slackAppManifest } from '../slack-app/app-manifest';
import { slackConnectionStatus } from '../slack-app/connection-status';
import {
  createInstallLink,
  DEFAULT_INSTALL_LINK_TTL_MS,
  MAX_INSTALL_LINK_TTL_MS,
  MIN_INSTALL_LINK_TTL_MS,
} from '../slack-app/oauth/install-links';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const SlackConnection = Type.Object({
  installed: Type.Boolean(),
  installation: Nullable(
    Type.Object({
      status: Type.String(),
      deadReason: Nullable(Type.String()),
      teamId: Type.String(),
      teamName: Nullable(Type.String()),
      teamUrl: Nullable(Type.String()),
      enterpriseId: Nullable(Type.String()),
      isEnterpriseInstall: Type.Boolean(),
      appId: Nullable(Type.String()),
      botUserId: Nullable(Type.String()),
      botId: Nullable(Type.String()),
      scopes: Type.Array(Type.String()),
      tokenRotation: Type.Boolean(),
      tokenExpiresAt: Nullable(Type.String({ format: 'date-time' })),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  channels: Type.Array(
    Type.Object({
      channelId: Type.String(),
      name: Nullable(Type.String()),
      status: Type.String(),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

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

  app.post(
    '/tenants/:tenantId/slack/install-link',
    {
      schema: {
        tags: ['slack'],
        summary:
          'Issue a link a tenant admin opens to install the Slack app for this tenant (one click: Slack consent, then back)',
        description:
          'The link works until it expires or an install started from it completes. Requires SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.',
        params: TenantIdParams,
        body: Type.Optional(
          Type.Object(
            {
              ttlMinutes: Type.Optional(
                Type.Integer({
                  minimum: MIN_INSTALL_LINK_TTL_MS / 60_000,
                  maximum: MAX_INSTALL_LINK_TTL_MS / 60_000,
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      if (app.slackApp.oauth === null) {
        throw new CloudError(
          CloudErrorCode.conflict,
          'Slack installs are not configured: set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (and SLACK_SIGNING_SECRET for events)',
        );
      }
      const ttlMs = (request.body?.ttlMinutes ?? DEFAULT_INSTALL_LINK_TTL_MS / 60_000) * 60_000;
      const link = await createInstallLink(app.ctx.db, {
        tenantId: request.params.tenantId,
        ttlMs,
        actor: 'operator',
        publicUrl: app.ctx.config.publicUrl,
        now: new Date(app.ctx.clock.now()),
      });
      return reply.code(201).send({ url: link.url, expiresAt: link.expiresAt.toISOString() });
    },
  );

  app.get(
    '/tenants/:tenantId/slack',
    {
      schema: {
        tags: ['slack'],
        summary:
          "The tenant's Slack connection: workspace, bot, scopes, rotation, whether it is dead (dispatch paused) and why, and channel states",
        params: TenantIdParams,
        response: { 200: SlackConnection, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { tenantId } = request.params;
      const [tenant] = await app.ctx.db
        .select({ id: tenants.id })
        .from(tenants)
        .where(eq(tenants.id, tenantId));
      if (!tenant) throw new CloudError(CloudErrorCode.notFound, `tenant ${tenantId} does not exist`);
      return slackConnectionStatus(app.ctx.db, tenantId);
    },
  );

  app.get(
    '/slack/app-manifest',
    {
      schema: {
        tags: ['slack'],
        summary:
          'The Slack app manifest for this deployment: redirect URL, Events request URL, bot scopes and events',
        querystring: Type.Object(
          { tokenRotation: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({}, { additionalProperties: true }), 401: ErrorResponse },
      },
    },
    async (request) =>
      slackAppManifest(app.ctx.config.publicUrl, { tokenRotation: request.query.tokenRotation ?? false }),
  );
};
