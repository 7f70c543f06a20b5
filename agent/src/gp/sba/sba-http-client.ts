import type { Clock, Logger } from '@gprelay/shared';
import { type Dispatcher, request } from 'undici';
import { AgentError, AgentErrorCode, isAgentError } from '../../errors';
import { challengeSchemes, type HttpAuthenticator, type HttpAuthRequest } from '../soap/http-authenticator';
import { GpAuthError } from '../soap/soap-errors';
import { type JsonData, JsonSyntaxError, parseLosslessJson } from './lossless-json';

export interface SbaHttpClientOptions {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly dispatcher: Dispatcher;
  readonly authenticator: HttpAuthenticator;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface SbaAnswer {
  readonly body: JsonData;
  /** GP's clock (HTTP `Date`) as ISO 8601 UTC, or null when absent or unreadable. */
  readonly serverTime: string | null;
}

// Same failure classes as the SOAP client (gp-soap-client.ts): GP or the network is not there.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly date: string | undefined;
  readonly challenges: string[];
  readonly body: Dispatcher.ResponseData['body'];
}

/**
 * HTTP 401/403 from GP's SBA service. A GpAuthError (same code, status and
 * offered schemes), so whatever reports whose credentials GP refused
 * (AuthReportingSource) treats SBA and SOAP alike; only the wording differs.
 */
export class SbaAuthError extends GpAuthError {
  constructor(what: string, status: number, schemes: readonly string[], triedSchemes: readonly string[]) {
    super(what, status, schemes, triedSchemes);
    this.message = `GP's SBA service refused ${what} with HTTP ${status}: the server offers ${schemes.join(', ') || 'none'}, the agent tried ${triedSchemes.join(', ') || 'no credentials'}`;
  }
}

/**
 * One GET of an SBA resource over undici: authentication through the same
 * HttpAuthenticator hook as SOAP (one follow-up after a 401), a deadline, a
 * body cap, lossless JSON, and every failure as an AgentError with the same
 * meaning as on SOAP: 401/403 → AGENT_GP_AUTH_FAILED; refused, reset or DNS →
 * AGENT_GP_UNREACHABLE; deadline → AGENT_GP_TIMEOUT; 5xx → retryable
 * (AGENT_GP_FAULT when GP's own JSON error, AGENT_GP_UNAVAILABLE otherwise);
 * 404 → AGENT_GP_NOT_FOUND; 400 and unreadable answers → AGENT_GP_PROTOCOL.
 */
export class SbaHttpClient {
  constructor(private readonly options: SbaHttpClientOptions) {}

  /** `what` names the call in messages ("list vendor"); URLs in messages never carry the query. */
  async getJson(url: URL, what: string, signal?: AbortSignal): Promise<SbaAnswer> {
    const { clock, logger, authenticator } = this.options;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const authRequest: HttpAuthRequest = { method: 'GET', url };
    const target = `${url.origin}${url.pathname}`;
    const startedAt = clock.now();
    try {
      let response = await this.send(url, await authenticator.authorize(authRequest), combined);
      if (response.status === 401 && authenticator.respond) {
        await response.body.dump();
        const followUp = await authenticator.respond(authRequest, response.challenges);
        if (followUp !== null) response = await this.send(url, followUp, combined);
      }
      if (response.status === 401 || response.status === 403) {
        await response.body.dump();
        throw new SbaAuthError(
          what,
          response.status,
          challengeSchemes(response.challenges),
          authenticator.schemes,
        );
      }
      if (response.status < 300 && authenticator.accept && response.challenges.length > 0) {
        await authenticator.accept(authRequest, response.challenges);
      }
      const text = await this.readText(what, response);
      const body = interpret(what, target, response, text);
      logger.debug('gp sba call', {
        what,
        status: response.status,
        bytes: text.length,
        durationMs: clock.now() - startedAt,
      });
      return { body, serverTime: httpDate(response.date) };
    } catch (error) {
      const mapped = this.classify(what, target, error, signal, deadline);
      const durationMs = clock.now() - startedAt;
      if (signal?.aborted) logger.debug('gp sba call cancelled', { what, durationMs });
      else logger.warn('gp sba call failed', { what, code: (mapped as { code?: unknown }).code, durationMs });
      throw mapped;
    }
  }

  private async send(
    url: URL,
    authHeaders: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RawResponse> {
    const response = await request(url, {
      method: 'GET',
      dispatcher: this.options.dispatcher,
      signal,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      headers: { ...authHeaders, accept: 'application/json' },
    });
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const challenge = response.headers['www-authenticate'];
    return {
      status: response.statusCode,
      contentType: header('content-type') ?? '',
      date: header('date'),
      challenges: challenge === undefined ? [] : Array.isArray(challenge) ? challenge : [challenge],
      body: response.body,
    };
  }

  private async readText(what: string, response: RawResponse): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.options.maxResponseBytes) {
        response.body.destroy();
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `GP's answer to ${what} is larger than the ${this.options.maxResponseBytes}-byte limit; check that the server honours the page size in query.list`,
        );
      }
      chunks.push(chunk);
    }
    const charset = /charset="?([\w-]+)/i.exec(response.contentType)?.[1] ?? 'utf-8';
    try {
      return new TextDecoder(charset, { fatal: true }).decode(Buffer.concat(chunks));
    } catch (error) {
      throw new AgentError(AgentErrorCode.gpProtocol, `GP's answer to ${what} is not valid ${charset} text`, {
        cause: error,
      });
    }
  }

  private classify(
    what: string,
    target: string,
    error: unknown,
    signal: AbortSignal | undefined,
    deadline: AbortSignal,
  ): unknown {
    if (isAgentError(error)) return error;
    // The caller cancelled: not a GP failure; hand back the caller's reason.
    if (signal?.aborted) return signal.reason;
    const code = errorCode(error);
    if (deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
      return new AgentError(
        AgentErrorCode.gpTimeout,
        `GP did not answer ${what} within ${this.options.timeoutMs} ms`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new AgentError(
        AgentErrorCode.gpUnreachable,
        `GP's SBA service at ${target} is unreachable (${code})`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    return error;
  }
}

/** A status and body as an answer or an AgentError. GP's JSON error text is quoted (shortened), never a stack. */
function interpret(what: string, target: string, response: RawResponse, text: string): JsonData {
  const { status, contentType } = response;
  let body: JsonData | undefined;
  let parseError: unknown;
  try {
    body = parseLosslessJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    parseError = error;
  }
  const gpError = body === undefined ? undefined : errorText(body);
  if (status >= 500) {
    return failure(
      gpError === undefined ? AgentErrorCode.gpUnavailable : AgentErrorCode.gpFault,
      `GP answered ${what} with HTTP ${status}${gpError === undefined ? ' and no GP error' : `: ${gpError}`}`,
      true,
    );
  }
  if (status === 404) {
    return failure(
      AgentErrorCode.gpNotFound,
      `GP has no ${target} (HTTP 404${gpError === undefined ? '' : `: ${gpError}`}); check the tenant, the company name and the resource path`,
    );
  }
  if (status === 400) {
    return failure(
      AgentErrorCode.gpProtocol,
      `GP refused ${what} as a bad request${gpError === undefined ? '' : ` (${gpError})`}; check query.list against the server's help page`,
    );
  }
  if (status !== 200) {
    return failure(
      AgentErrorCode.gpProtocol,
      `GP answered ${what} with HTTP ${status} (${contentType || 'no content type'})`,
    );
  }
  if (body === undefined) {
    return failure(
      AgentErrorCode.gpProtocol,
      `GP's answer to ${what} is not JSON (${contentType || 'no content type'}): ${(parseError as Error).message}`,
    );
  }
  return body;
}

function failure(code: AgentErrorCode, message: string, retryable = false): never {
  throw new AgentError(code, message, { retryable });
}

/** `Message` (+ `CorrelationId`) of a JSON error body, in the spellings a .NET service plausibly uses [U]. */
function errorText(body: JsonData): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const pick = (object: Record<string, JsonData>, ...names: string[]) => {
    for (const [key, value] of Object.entries(object)) {
      if (names.includes(key.toLowerCase()) && typeof value === 'string') return value;
    }
    return undefined;
  };
  const inner = Object.entries(body).find(([key]) => key.toLowerCase() === 'error')?.[1];
  const source = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : body;
  const message = pick(source, 'message', 'errormessage');
  if (message === undefined) return undefined;
  const correlation = pick(source, 'correlationid') ?? pick(body, 'correlationid');
  return `${message.slice(0, 300)}${correlation === undefined ? '' : ` (GP correlation id ${correlation})`}`;
}

function httpDate(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The first system or undici error code in an error, its causes or an AggregateError's members. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
  for (const inner of (error as { errors?: unknown[] }).errors ?? []) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}
