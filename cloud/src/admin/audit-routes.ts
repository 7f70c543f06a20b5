import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import Type from 'typebox';
import { verifyAuditChain } from '../audit/audit-log';
import { auditLog } from '../db/schema';
import { ErrorResponse, TenantIdParams } from '../http/schemas';

const AuditRow = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  sourceRecordId: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.Union([Type.String(), Type.Null()]),
  channelId: Type.Union([Type.String(), Type.Null()]),
  slackTs: Type.Union([Type.String(), Type.Null()]),
  permalink: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  hash: Type.String(),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tenants/:tenantId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "A tenant's audit trail, newest first",
        params: TenantIdParams,
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 64 })),
          eventId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: { 200: Type.Array(AuditRow), 401: ErrorResponse },
      },
    },
    async (request) => {
      const { action, eventId, limit } = request.query;
      const where: SQL[] = [eq(auditLog.chain, request.params.tenantId)];
      if (action) where.push(eq(auditLog.action, action));
      if (eventId) where.push(eq(auditLog.eventId, eventId));
      const rows = await app.ctx.db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.seq))
        .limit(limit ?? 100);
      return rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        sourceRecordId: r.sourceRecordId,
        eventId: r.eventId,
        channelId: r.channelId,
        slackTs: r.slackTs,
        permalink: r.permalink,
        details: r.details,
        hash: r.hash,
      }));
    },
  );

  app.get(
    '/tenants/:tenantId/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: "Recompute the tenant's audit hash chain and report the first broken row, if any",
        params: TenantIdParams,
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            rows: Type.Integer(),
            brokenAtSeq: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
            headHash: Type.Optional(Type.String()),
          }),
          401: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { chain: _chain, ...verdict } = await verifyAuditChain(app.ctx.db, request.params.tenantId);
      return verdict;
    },
  );
};
