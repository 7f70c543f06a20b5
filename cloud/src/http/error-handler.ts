import type { FastifyError, FastifyInstance } from 'fastify';
import { CloudErrorCode, type ErrorBody, isCloudError } from '../errors';

/**
 * Every error leaves as `{ error: { code, message } }`. Our own errors carry a
 * message safe for the caller; anything else is a 500 whose details stay in
 * the log, never in the body.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isCloudError(error)) {
      const status = error.httpStatus;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(status).send(body(error.code, status >= 500 ? 'internal error' : error.message));
    }
    if (error.validation) {
      return reply.code(400).send(body(CloudErrorCode.badRequest, error.message));
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send(body(CloudErrorCode.badRequest, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(body(CloudErrorCode.internal, 'internal error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(body(CloudErrorCode.notFound, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

function body(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
