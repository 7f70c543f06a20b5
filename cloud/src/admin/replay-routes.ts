import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, eq } from 'drizzle-orm';
import Type from 'typebox';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import type { Tx } from '../db/open-database';
import { deliveries } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import { ErrorResponse, TenantIdParams } from '../http/schemas';

/** Failed deliveries go back to the queue as if new; the audit trail keeps the failure and the replay. */
async function replay(tx: Tx, tenantId: string, ids: number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  let replayed = 0;
  for (const id of ids) {
    const [row] = await tx
      .update(deliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, lastError: null })
      .where(and(eq(deliveries.id, id), eq(deliveries.tenantId, tenantId), eq(deliveries.status, 'failed')))
      .returning({ id: deliveries.id, eventId: deliveries.eventId, channelId: deliveries.channelId });
    if (!row) continue;
    replayed += 1;
    await appendAudit(
      tx,
      [
        {
          tenantId,
          actor: 'operator',
          action: AuditAction.replayed,
          eventId: row.eventId,
          channelId: row.channelId,
          details: { deliveryId: row.id },
        },
      ],
      now,
    );
  }
  return replayed;
}

export const replayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tenants/:tenantId/deliveries/:deliveryId/replay',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Send a failed delivery again (after fixing the channel or the Slack app)',
        params: Type.Intersect([TenantIdParams, Type.Object({ deliveryId: Type.Integer({ minimum: 1 }) })]),
        response: { 200: Type.Object({ replayed: Type.Integer() }), 401: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const { tenantId, deliveryId } = request.params;
      const replayed = await app.ctx.db.transaction((tx) =>
        replay(tx, tenantId, [deliveryId], new Date(app.ctx.clock.now())),
      );
      if (replayed === 0)
        throw new CloudError(
          CloudErrorCode.conflict,
          `delivery ${deliveryId} is not a failed delivery of this tenant`,
        );
      app.ctx.onNewDeliveries();
      return { replayed };
    },
  );

  app.post(
    '/tenants/:tenantId/deliveries/replay-failed',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Send every failed delivery of the tenant again',
        params: TenantIdParams,
        response: { 200: Type.Object({ replayed: Type.Integer() }), 401: ErrorResponse },
      },
    },
    async (request) => {
      const { tenantId } = request.params;
      const replayed = await app.ctx.db.transaction(async (tx) => {
        const failed = await tx
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.status, 'failed')));
        return replay(
          tx,
          tenantId,
          failed.map((f) => f.id),
          new Date(app.ctx.clock.now()),
        );
      });
      if (replayed > 0) app.ctx.onNewDeliveries();
      return { replayed };
    },
  );
};
