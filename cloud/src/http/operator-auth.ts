import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CloudError, CloudErrorCode } from '../errors';

/**
 * Guards the operator API with a bearer token. Both sides are hashed first so
 * the constant-time compare also hides the token's length.
 */
export function operatorAuth(operatorToken: string) {
  const expected = digest(operatorToken);
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      throw new CloudError(CloudErrorCode.unauthorized, 'operator token missing or wrong');
    }
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
