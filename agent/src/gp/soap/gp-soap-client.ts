import type { Clock, Logger } from '@gprelay/shared';
import { type Dispatcher, request } from 'undici';
import { AgentError, AgentErrorCode, isAgentError } from '../../errors';
import { GP_NS, soapActionOf } from './gp-namespaces';
import { challengeSchemes, type HttpAuthenticator, type HttpAuthRequest } from './http-authenticator';
import { readSoapResponse, soapEnvelope } from './soap-envelope';
import { GpAuthError, GpFaultError } from './soap-errors';
import { SoapListStream, type SoapStreamOutcome } from './soap-list-stream';
import { type XmlNode, XmlReadError } from './xml-reader';

export interface GpSoapClientOptions {
  /** The legacy endpoint, e.g. http://gp:48620/DynamicsGPWebServices/DynamicsGPService.asmx. */
  readonly url: URL;
  /** Whole call budget: connect, headers and body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly dispatcher: Dispatcher;
  readonly authenticator: HttpAuthenticator;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Connection-level failures: GP (or the network to it) is not there; worth retrying later. */
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
  /** HTTP `Date`: GP's own clock, to the second. */
  readonly date: string | undefined;
  readonly contentType: string;
  readonly challenges: string[];
  readonly body: Dispatcher.ResponseData['body'];
}

/**
 * One SOAP 1.1 call to GP's legacy endpoint over undici: envelope, SOAPAction,
 * authentication, a deadline, a response size cap, and every failure turned
 * into an AgentError with a stable code. Returns the Body payload element.
 */
export class GpSoapClient {
  private readonly target: string;

  constructor(private readonly options: GpSoapClientOptions) {
    // For messages: never the query string or user info.
    this.target = `${options.url.origin}${options.url.pathname}`;
  }

  /** One call whose answer is parsed whole (by-key calls: small documents). Returns the Body payload. */
  async call(operation: string, payloadXml: string, signal?: AbortSignal): Promise<XmlNode> {
    return (await this.callTimed(operation, payloadXml, signal)).payload;
  }

  /** Like `call`, with GP's clock from the HTTP `Date` header (ISO 8601 UTC, or null). */
  async callTimed(
    operation: string,
    payloadXml: string,
    signal?: AbortSignal,
  ): Promise<{ payload: XmlNode; serverTime: string | null }> {
    return this.exchange(operation, payloadXml, signal, async (response) => {
      const text = await this.readText(operation, response);
      return { result: this.interpret(operation, response, text), bytes: text.length };
    }).then(({ result, serverTime }) => ({ payload: result, serverTime }));
  }

  /**
   * A `Get<X>List` call whose answer is parsed as it streams in: `onItem`
   * sees each summary once, and nothing else of the document is kept, so
   * memory does not grow with the size of the answer. Error answers (non-200)
   * are small and go through the whole-document path.
   */
  async stream(
    operation: string,
    payloadXml: string,
    onItem: (item: XmlNode) => void,
    signal?: AbortSignal,
  ): Promise<{ items: number; bytes: number; serverTime: string | null }> {
    const { result, serverTime } = await this.exchange(operation, payloadXml, signal, async (response) => {
      if (response.status !== 200) {
        const text = await this.readText(operation, response);
        this.interpret(operation, response, text);
        // interpret() throws for every non-200 answer; this line is not reached.
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `GP answered ${operation} with HTTP ${response.status}`,
        );
      }
      return this.readStream(operation, response, onItem);
    });
    return { items: result.items, bytes: result.bytes, serverTime };
  }

  private async exchange<T>(
    operation: string,
    payloadXml: string,
    signal: AbortSignal | undefined,
    consume: (response: RawResponse) => Promise<{ result: T; bytes: number }>,
  ): Promise<{ result: T; serverTime: string | null }> {
    const { clock, logger } = this.options;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const body = soapEnvelope(payloadXml);
    const authRequest: HttpAuthRequest = { method: 'POST', url: this.options.url };
    const startedAt = clock.now();
    try {
      const { authenticator } = this.options;
      let response = await this.send(operation, body, await authenticator.authorize(authRequest), combined);
      if (response.status === 401 && authenticator.respond) {
        await response.body.dump();
        const followUp = await authenticator.respond(authRequest, response.challenges);
        if (followUp !== null) response = await this.send(operation, body, followUp, combined);
      }
      if (response.status === 401 || response.status === 403) {
        await response.body.dump();
        throw new GpAuthError(
          operation,
          response.status,
          challengeSchemes(response.challenges),
          authenticator.schemes,
        );
      }
      if (response.status < 300 && authenticator.accept && response.challenges.length > 0) {
        await authenticator.accept(authRequest, response.challenges);
      }
      const { result, bytes } = await consume(response);
      logger.debug('gp soap call', {
        operation,
        status: response.status,
        bytes,
        durationMs: clock.now() - startedAt,
      });
      return { result, serverTime: serverTimeOf(response.date) };
    } catch (error) {
      const mapped = this.classify(operation, error, signal, deadline);
      const durationMs = clock.now() - startedAt;
      // A cancelled call (caller stopping, or a sibling call already failed the poll) is not news.
      if (signal?.aborted) logger.debug('gp soap call cancelled', { operation, durationMs });
      else
        logger.warn('gp soap call failed', {
          operation,
          code: (mapped as { code?: unknown }).code,
          durationMs,
        });
      throw mapped;
    }
  }

  private async readStream(
    operation: string,
    response: RawResponse,
    onItem: (item: XmlNode) => void,
  ): Promise<{ result: { items: number; bytes: number }; bytes: number }> {
    const charset = /charset="?([\w-]+)/i.exec(response.contentType)?.[1] ?? 'utf-8';
    let decoder: InstanceType<typeof TextDecoder>;
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch (error) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP's answer to ${operation} has an unknown charset ${charset}`,
        {
          cause: error,
        },
      );
    }
    const reader = new SoapListStream(operation, onItem);
    let bytes = 0;
    let outcome: SoapStreamOutcome;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        reader.write(decoder.decode(chunk, { stream: true }));
      }
      reader.write(decoder.decode());
      outcome = reader.end();
    } catch (error) {
      if (error instanceof XmlReadError || error instanceof TypeError) {
        response.body.destroy();
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `GP's answer to ${operation} is not a SOAP envelope (${response.contentType || 'no content type'}): ${(error as Error).message}`,
          { cause: error },
        );
      }
      throw error;
    }
    if (outcome.kind === 'fault') throw new GpFaultError(operation, outcome.fault);
    return { result: { items: outcome.items, bytes }, bytes };
  }

  private async send(
    operation: string,
    body: string,
    authHeaders: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RawResponse> {
    const response = await request(this.options.url, {
      method: 'POST',
      dispatcher: this.options.dispatcher,
      signal,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      headers: {
        ...authHeaders,
        'content-type': 'text/xml; charset=utf-8',
        soapaction: soapActionOf(operation),
        accept: 'text/xml',
      },
      body,
    });
    const challenge = response.headers['www-authenticate'];
    const contentType = response.headers['content-type'];
    const date = response.headers.date;
    return {
      status: response.statusCode,
      date: Array.isArray(date) ? date[0] : date,
      contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '',
      challenges: challenge === undefined ? [] : Array.isArray(challenge) ? challenge : [challenge],
      body: response.body,
    };
  }

  private async readText(operation: string, response: RawResponse): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.options.maxResponseBytes) {
        response.body.destroy();
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `GP's answer to ${operation} is larger than the ${this.options.maxResponseBytes}-byte limit (GP cannot page); raise maxResponseBytes or poll a shorter time window`,
        );
      }
      chunks.push(chunk);
    }
    const charset = /charset="?([\w-]+)/i.exec(response.contentType)?.[1] ?? 'utf-8';
    try {
      return new TextDecoder(charset, { fatal: true }).decode(Buffer.concat(chunks));
    } catch (error) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP's answer to ${operation} is not valid ${charset} text`,
        { cause: error },
      );
    }
  }

  private interpret(operation: string, response: RawResponse, text: string): XmlNode {
    const { status } = response;
    let parsed: ReturnType<typeof readSoapResponse> | undefined;
    let parseError: unknown;
    try {
      parsed = readSoapResponse(text);
    } catch (error) {
      if (!(error instanceof XmlReadError)) throw error;
      parseError = error;
    }
    if (parsed?.kind === 'fault') throw new GpFaultError(operation, parsed.fault);
    if (status >= 500) {
      throw new AgentError(
        AgentErrorCode.gpUnavailable,
        `GP's web server answered ${operation} with HTTP ${status} and no SOAP fault`,
        {
          retryable: true,
        },
      );
    }
    if (status !== 200) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP answered ${operation} with HTTP ${status} (${response.contentType || 'no content type'}); check the Web Services URL ${this.target}`,
      );
    }
    if (parsed === undefined) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP's answer to ${operation} is not a SOAP envelope (${response.contentType || 'no content type'}): ${(parseError as Error).message}`,
        { cause: parseError },
      );
    }
    const { payload } = parsed;
    if (payload.ns !== GP_NS || payload.name !== `${operation}Response`) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP answered ${operation} with {${payload.ns}}${payload.name}`,
      );
    }
    return payload;
  }

  private classify(
    operation: string,
    error: unknown,
    signal: AbortSignal | undefined,
    deadline: AbortSignal,
  ): unknown {
    if (isAgentError(error)) return error;
    // The caller cancelled: that is not a GP failure; hand back the caller's reason.
    if (signal?.aborted) return signal.reason;
    const code = errorCode(error);
    if (deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
      return new AgentError(
        AgentErrorCode.gpTimeout,
        `GP did not answer ${operation} within ${this.options.timeoutMs} ms`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new AgentError(
        AgentErrorCode.gpUnreachable,
        `GP Web Services at ${this.target} are unreachable (${code})`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    return error;
  }
}

/** The HTTP Date header as ISO 8601 UTC; null when absent or unreadable. */
function serverTimeOf(date: string | undefined): string | null {
  if (date === undefined) return null;
  const ms = Date.parse(date);
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
