import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse } from '../http/schemas';
import { enrollAgent } from './enroll-agent';

/** `POST /v1/agents/enroll`: one-time code + the agent's public key → an agent identity. */
export const enrollRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/agents/enroll',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['agents'],
        summary: 'Enroll an agent with a one-time code; only its public key is sent',
        body: Type.Object(
          {
            code: Type.String({ minLength: 8, maxLength: 32 }),
            publicJwk: Type.Object({
              kty: Type.Literal('OKP'),
              crv: Type.Literal('Ed25519'),
              x: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
            }),
            hostname: Type.String({ minLength: 1, maxLength: 255 }),
            agentVersion: Type.String({ minLength: 1, maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ agentId: Type.String(), tenantId: Type.String(), audience: Type.String() }),
          400: ErrorResponse,
          401: ErrorResponse,
          410: ErrorResponse,
        },
      },
    },
    async (request) =>
      enrollAgent(app.ctx.db, request.body, {
        audience: app.ctx.config.publicUrl,
        now: new Date(app.ctx.clock.now()),
        remoteAddress: request.ip,
      }),
  );
};
