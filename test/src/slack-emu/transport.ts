import type { IncomingMessage, ServerResponse } from 'node:http';

/** A parsed Web API request: `POST /api/<method>` with form or JSON arguments (query params merged). */
export interface ApiRequest {
  method: string;
  params: Record<string, unknown>;
  /** Token from `Authorization: Bearer`. */
  bearer?: string;
  /** Client credentials from `Authorization: Basic` (oauth.v2.access, apps.uninstall). */
  basic?: { user: string; password: string };
  isJson: boolean;
  /** JSON sent without `charset=utf-8`: Slack answers, with a `missing_charset` warning. */
  missingCharset: boolean;
  /** JSON body that could not be used: Slack's `invalid_json` / `json_not_object`. */
  bodyError?: 'invalid_json' | 'json_not_object';
}

/** A Slack error: HTTP 200, `{ ok: false, error, ...extra }`. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

/** What a method handler answers; `ok: true` is added by the dispatcher. */
export type ApiBody = Record<string, unknown>;

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parse a request the way Slack does. Form bodies and query strings give string params. JSON bodies
 * are honoured only for methods that support JSON (`acceptsJson`); elsewhere Slack ignores them, so
 * their arguments are simply missing. A token is never read from a JSON body: Slack requires the
 * Authorization header for JSON posts.
 */
export function parseApiRequest(
  method: string,
  url: URL,
  headers: IncomingMessage['headers'],
  body: string,
  acceptsJson: boolean,
): ApiRequest {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  const isJson = contentType.startsWith('application/json');
  const request: ApiRequest = {
    method,
    params,
    isJson,
    missingCharset: isJson && !/charset=/.test(contentType),
  };
  parseAuthorization(headers.authorization, request);

  if (isJson) {
    if (!acceptsJson || body.trim() === '') return request;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      request.bodyError = 'invalid_json';
      return request;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      request.bodyError = 'json_not_object';
      return request;
    }
    const { token: _ignored, ...rest } = parsed as Record<string, unknown>;
    Object.assign(params, rest);
    return request;
  }
  if (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  }
  return request;
}

function parseAuthorization(value: string | undefined, request: ApiRequest): void {
  if (!value) return;
  const [scheme, credentials = ''] = value.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer' && credentials) request.bearer = credentials;
  if (scheme?.toLowerCase() === 'basic' && credentials) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) request.basic = { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
}

/** Slack booleans: `true`/`1` in forms, real booleans in JSON. Undefined when absent. */
export function boolParam(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const s = String(value).toLowerCase();
  return s === 'true' || s === '1' || s === 'yes';
}

/** String params arrive as strings from forms and as any JSON type from JSON posts. */
export function strParam(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}
