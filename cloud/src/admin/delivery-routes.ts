import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import Type from 'typebox';
import { DeliveryStatus, deliveries } from '../db/schema';
import { ErrorResponse, TenantIdParams } from '../http/schemas';

export const deliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tenants/:tenantId/deliveries',
    {
      schema: {
        tags: ['deliveries'],
        summary: "A tenant's deliveries to Slack, newest first",
        params: TenantIdParams,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(Object.values(DeliveryStatus))),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              eventId: Type.String(),
              channelId: Type.String(),
              status: Type.String(),
              attempts: Type.Integer(),
              lastError: Type.Union([Type.String(), Type.Null()]),
              slackTs: Type.Union([Type.String(), Type.Null()]),
              postedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            }),
          ),
          401: ErrorResponse,
        },
      },
    },
    async (request) => {
      const where: SQL[] = [eq(deliveries.tenantId, request.params.tenantId)];
      if (request.query.status) where.push(eq(deliveries.status, request.query.status));
      const rows = await app.ctx.db
        .select()
        .from(deliveries)
        .where(and(...where))
        .orderBy(desc(deliveries.id))
        .limit(request.query.limit ?? 100);
      return rows.map((d) => ({
        id: d.id,
        eventId: d.eventId,
        channelId: d.channelId,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        slackTs: d.slackTs,
        postedAt: d.postedAt?.toISOString() ?? null,
      }));
    },
  );
};
