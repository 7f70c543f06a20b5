import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import Type from 'typebox';
import { agents } from '../db/schema';
import { ErrorResponse, TenantIdParams } from '../http/schemas';

const Iso = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const agentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tenants/:tenantId/agents',
    {
      schema: {
        tags: ['agents'],
        summary: "List a tenant's agents with their last reported status",
        params: TenantIdParams,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              hostname: Type.String(),
              agentVersion: Type.Union([Type.String(), Type.Null()]),
              createdAt: Type.String({ format: 'date-time' }),
              lastSeenAt: Iso,
              revokedAt: Iso,
              lastStatus: Type.Unknown(),
              lastAlert: Type.Unknown(),
            }),
          ),
          401: ErrorResponse,
        },
      },
    },
    async (request) => {
      const rows = await app.ctx.db
        .select()
        .from(agents)
        .where(eq(agents.tenantId, request.params.tenantId))
        .orderBy(asc(agents.createdAt));
      return rows.map((a) => ({
        id: a.id,
        hostname: a.hostname,
        agentVersion: a.agentVersion,
        createdAt: a.createdAt.toISOString(),
        lastSeenAt: a.lastSeenAt?.toISOString() ?? null,
        revokedAt: a.revokedAt?.toISOString() ?? null,
        lastStatus: a.lastStatus,
        lastAlert: a.lastAlert,
      }));
    },
  );
};
