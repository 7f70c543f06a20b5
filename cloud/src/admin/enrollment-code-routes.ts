import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createEnrollmentCode, MAX_ENROLLMENT_CODE_TTL_MS } from '../enrollment/enrollment-codes';
import { ErrorResponse, TenantIdParams } from '../http/schemas';

export const enrollmentCodeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tenants/:tenantId/enrollment-codes',
    {
      schema: {
        tags: ['agents'],
        summary: 'Create a one-time code IT uses to enroll an agent (valid up to 1 hour)',
        params: TenantIdParams,
        body: Type.Optional(
          Type.Object(
            {
              ttlMinutes: Type.Optional(
                Type.Integer({ minimum: 1, maximum: MAX_ENROLLMENT_CODE_TTL_MS / 60_000 }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const ttlMinutes = request.body.ttlMinutes ?? 60;
      const { code, expiresAt } = await createEnrollmentCode(app.ctx.db, {
        tenantId: request.params.tenantId,
        ttlMs: ttlMinutes * 60_000,
        actor: 'operator',
        now: new Date(app.ctx.clock.now()),
      });
      return reply.code(201).send({ code, expiresAt: expiresAt.toISOString() });
    },
  );
};
