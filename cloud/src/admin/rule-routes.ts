import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DOC_TYPES, DocState } from '@gprelay/shared';
import { and, asc, eq } from 'drizzle-orm';
import Type from 'typebox';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import { routingRules, tenants } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import { ErrorResponse, TenantIdParams } from '../http/schemas';
import { newId } from '../ids';

const Decimal = Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,5})?$' });
const Filters = Type.Object(
  {
    companies: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 100 })),
    states: Type.Optional(Type.Array(Type.Enum(Object.values(DocState)), { maxItems: 10 })),
    vendorIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 15 }), { maxItems: 1000 })),
    minAmount: Type.Optional(Decimal),
    maxAmount: Type.Optional(Decimal),
  },
  { additionalProperties: false },
);
const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  docTypes: Type.Array(Type.Enum(DOC_TYPES)),
  channelId: Type.String(),
  filters: Filters,
  enabled: Type.Boolean(),
});

export const ruleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tenants/:tenantId/rules',
    {
      schema: {
        tags: ['rules'],
        summary: 'Route document types (optionally filtered) to a Slack channel',
        params: TenantIdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            docTypes: Type.Array(Type.Enum(DOC_TYPES), { minItems: 1, uniqueItems: true }),
            channelId: Type.String({
              pattern: '^[CGD][A-Z0-9]{2,20}$',
              description: 'Slack channel id, e.g. C0123456789',
            }),
            filters: Type.Optional(Filters),
          },
          { additionalProperties: false },
        ),
        response: { 201: Rule, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params;
      const now = new Date(app.ctx.clock.now());
      const rule = {
        id: newId('rul'),
        tenantId,
        name: request.body.name ?? `${request.body.docTypes.join(', ')} → ${request.body.channelId}`,
        docTypes: request.body.docTypes,
        channelId: request.body.channelId,
        filters: request.body.filters ?? {},
        enabled: true,
      };
      await app.ctx.db.transaction(async (tx) => {
        const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
        if (!tenant) throw new CloudError(CloudErrorCode.notFound, `tenant ${tenantId} does not exist`);
        await tx.insert(routingRules).values(rule);
        await appendAudit(
          tx,
          [
            {
              tenantId,
              actor: 'operator',
              action: AuditAction.ruleCreated,
              channelId: rule.channelId,
              details: { ruleId: rule.id, docTypes: rule.docTypes, filters: rule.filters },
            },
          ],
          now,
        );
      });
      const { tenantId: _omit, ...body } = rule;
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/tenants/:tenantId/rules',
    {
      schema: {
        tags: ['rules'],
        summary: "List a tenant's routing rules",
        params: TenantIdParams,
        response: { 200: Type.Array(Rule), 401: ErrorResponse },
      },
    },
    async (request) => {
      const rows = await app.ctx.db
        .select()
        .from(routingRules)
        .where(and(eq(routingRules.tenantId, request.params.tenantId)))
        .orderBy(asc(routingRules.createdAt));
      return rows.map(({ id, name, docTypes, channelId, filters, enabled }) => ({
        id,
        name,
        docTypes: docTypes as (typeof DOC_TYPES)[number][],
        channelId,
        filters: filters as never,
        enabled,
      }));
    },
  );
};
