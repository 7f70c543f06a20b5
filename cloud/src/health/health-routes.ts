import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';

/** `/healthz`: 200 when the process is up and its database answers, 503 otherwise. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const kind = app.ctx.config.database.kind;
      try {
        await app.ctx.db.execute(sql`select 1`);
        return { status: 'ok' as const, database: kind };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: kind });
      }
    },
  );
}
