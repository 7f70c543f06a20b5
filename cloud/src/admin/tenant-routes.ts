import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc } from 'drizzle-orm';
import Type from 'typebox';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import { tenants } from '../db/schema';
import { ErrorResponse } from '../http/schemas';
import { newId } from '../ids';

const Tenant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant (one customer organisation)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: Tenant, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const now = new Date(app.ctx.clock.now());
      const tenant = { id: newId('tnt'), name: request.body.name.trim(), createdAt: now };
      await app.ctx.db.transaction(async (tx) => {
        await tx.insert(tenants).values(tenant);
        await appendAudit(
          tx,
          [
            {
              tenantId: tenant.id,
              actor: 'operator',
              action: AuditAction.tenantCreated,
              details: { name: tenant.name },
            },
          ],
          now,
        );
      });
      return reply.code(201).send({ ...tenant, createdAt: now.toISOString() });
    },
  );

  app.get(
    '/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'List tenants',
        response: { 200: Type.Array(Tenant), 401: ErrorResponse },
      },
    },
    async () => {
      const rows = await app.ctx.db.select().from(tenants).orderBy(asc(tenants.createdAt));
      return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() }));
    },
  );
};
