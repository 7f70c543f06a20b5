import type { FastifyRequest } from 'fastify';

/**
 * Request URLs as logged. The Slack app's query strings carry secrets: the
 * install link, Slack's one-time code and our state. They are cut from logs.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || !url.startsWith('/slack/')) return url;
  return `${url.slice(0, q)}?[redacted]`;
}

/** Fastify's default request serializer, with `loggableUrl`. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
