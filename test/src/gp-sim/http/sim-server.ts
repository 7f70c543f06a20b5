import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GpWsdl } from '../../wsdl/gp-wsdl';
import type { OperationEnv } from '../soap/operation-env';
import { handleSoapCall, operationForAction } from '../soap/soap-endpoint';
import { faultEnvelope } from '../soap/soap-fault';
import type { FaultQueue, InjectedFault } from './fault-queue';
import type { SimStats, SoapExchange } from './sim-stats';

export const SOAP_PATH = '/DynamicsGPWebServices/DynamicsGPService.asmx';
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const MAX_RECORDED_BYTES = 8 * 1024 * 1024;

/** Result of the optional auth hook; a later issue plugs Negotiate/NTLM in here. */
export type AuthResult =
  | { ok: true; user: string; responseHeaders?: Record<string, string> }
  | { ok: false; challenge: string[] };
export type Authenticate = (request: IncomingMessage) => Promise<AuthResult>;

export interface SimServerDeps {
  readonly wsdl: GpWsdl;
  readonly env: OperationEnv;
  readonly faults: FaultQueue;
  readonly stats: SimStats;
  readonly exchanges: SoapExchange[];
  readonly maxExchanges: number;
  readonly latencyMs: () => number;
  readonly authenticate: Authenticate | undefined;
  /**
   * The SBA REST surface under /GPService/ (same data, same auth as SOAP);
   * returns false when it does not know the path. Undefined: no SBA.
   */
  readonly sba?: (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: string,
  ) => Promise<boolean>;
  /** The JSON control API under /_sim/; returns false when it does not know the path. */
  readonly control: (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: string,
  ) => Promise<boolean>;
}

const IIS_401 =
  '<!DOCTYPE html><html><head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head><body><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2></body></html>';
const IIS_500 =
  '<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head><body><h2>500 - Internal server error.</h2><h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3></body></html>';

/**
 * The HTTP face of the simulator: the legacy .asmx endpoint (SOAP 1.1 POST,
 * `?wsdl` GET), IIS-like auth and error pages, fault injection and request
 * accounting, and the /_sim/ control API. Paths are case-insensitive as on IIS.
 */
export class SimServer {
  private readonly server: Server;
  private readonly holds = new Set<(connected: boolean) => void>();
  private wsdlText = '';
  private closed = false;

  constructor(private readonly deps: SimServerDeps) {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          response.end(`simulator error: ${(error as Error).message}`);
        } else response.destroy();
      });
    });
  }

  /** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const baseUrl = `http://${hostPart}:${address.port}`;
    // ASMX writes the address it was reached at into the WSDL it serves.
    this.wsdlText = this.deps.wsdl.text.replace(
      /(<soap:address location=")[^"]*(")/,
      `$1${baseUrl}${SOAP_PATH}$2`,
    );
    return baseUrl;
  }

  /** Lets every response held by a `stall` fault go on now (tests: "change GP while a call is in flight"). */
  releaseStalls(): number {
    const held = [...this.holds];
    for (const release of held) release(true);
    return held.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const release of [...this.holds]) release(false);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const body = await readBody(request, response);
    if (body === undefined) return;
    if (url.pathname.startsWith('/_sim/')) {
      if (await this.deps.control(request, response, url, body)) return;
      return send(
        response,
        404,
        'application/json',
        JSON.stringify({ error: `no control route ${url.pathname}` }),
      );
    }
    const isSba = url.pathname.toLowerCase().startsWith('/gpservice/') && this.deps.sba !== undefined;
    if (url.pathname.toLowerCase() !== SOAP_PATH.toLowerCase() && !isSba) {
      return send(
        response,
        404,
        'text/html',
        '<!DOCTYPE html><html><body><h2>404 - File or directory not found.</h2></body></html>',
      );
    }
    if (request.method === 'POST') {
      const stats = this.deps.stats;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      response.once('close', () => stats.inFlight--);
    }
    const latency = this.deps.latencyMs();
    if (latency > 0 && !(await this.hold(response, latency))) return;
    if (!(await this.authorize(request, response))) return;
    if (isSba) {
      if (await this.deps.sba!(request, response, url, body)) return;
      return send(
        response,
        404,
        'application/json',
        JSON.stringify({ error: `no SBA resource ${url.pathname}` }),
      );
    }
    if (request.method === 'GET') {
      if ([...url.searchParams.keys()].some((key) => key.toLowerCase() === 'wsdl')) {
        return send(response, 200, 'text/xml; charset=utf-8', this.wsdlText);
      }
      return send(
        response,
        200,
        'text/html; charset=utf-8',
        '<html><body><h1>DynamicsGP</h1><p>Web Services for Microsoft Dynamics GP (simulator).</p></body></html>',
      );
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'GET, POST');
      return send(
        response,
        405,
        'text/html',
        '<html><body>405 - HTTP verb used to access this page is not allowed.</body></html>',
      );
    }
    await this.soap(request, response, body);
  }

  private async soap(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const { stats } = this.deps;
    const soapAction = header(request, 'soapaction');
    const operation = operationForAction(this.deps.wsdl, soapAction);
    stats.requests++;
    const label = operation ?? '(unknown)';
    stats.requestsByOperation[label] = (stats.requestsByOperation[label] ?? 0) + 1;

    const contentType = header(request, 'content-type') ?? '';
    if (!/^text\/xml\b/i.test(contentType)) {
      // What the WCF host behind the legacy endpoint answers for a non-SOAP-1.1 content type.
      return this.reply(
        response,
        operation,
        body,
        415,
        'text/plain',
        `Cannot process the message because the content type '${contentType}' was not the expected type 'text/xml; charset=utf-8'.`,
      );
    }
    const fault = this.deps.faults.take(operation);
    if (fault !== undefined) {
      stats.faultsInjected++;
      if (!(await this.inject(fault, response, operation, body))) return;
    }
    const outcome = handleSoapCall(this.deps.wsdl, this.deps.env, soapAction, body);
    return this.reply(response, operation, body, outcome.status, 'text/xml; charset=utf-8', outcome.body);
  }

  /** Applies an injected fault; true when the request should then be answered normally (after a stall). */
  private async inject(
    fault: InjectedFault,
    response: ServerResponse,
    operation: string | undefined,
    body: string,
  ): Promise<boolean> {
    switch (fault.kind) {
      case 'stall':
        return this.hold(response, fault.ms);
      case 'http-500':
        this.reply(response, operation, body, 500, 'text/html', IIS_500);
        return false;
      case 'http-401':
        response.setHeader('WWW-Authenticate', ['Negotiate', 'NTLM']);
        this.reply(response, operation, body, 401, 'text/html', IIS_401);
        return false;
      case 'malformed': {
        const truncated =
          '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetPayab';
        this.reply(response, operation, body, 200, 'text/xml; charset=utf-8', truncated);
        return false;
      }
      case 'disconnect':
        response.socket?.destroy();
        return false;
      case 'soap-fault': {
        const message = fault.message ?? 'Injected fault.';
        const soapFault =
          fault.exceptionType === 'validation'
            ? this.deps.env.log.validationException(operation ?? '(unknown)', message)
            : this.deps.env.log.systemException(operation ?? '(unknown)', message);
        this.reply(response, operation, body, 500, 'text/xml; charset=utf-8', faultEnvelope(soapFault));
        return false;
      }
    }
  }

  private reply(
    response: ServerResponse,
    operation: string | undefined,
    requestXml: string,
    status: number,
    contentType: string,
    body: string | readonly string[],
  ): void {
    const { stats, exchanges, maxExchanges } = this.deps;
    const buffers = (typeof body === 'string' ? [body] : body).map((part) => Buffer.from(part, 'utf8'));
    const bytes = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    stats.responseBytes += bytes;
    const label = operation ?? '(unknown)';
    stats.responseBytesByOperation[label] = (stats.responseBytesByOperation[label] ?? 0) + bytes;
    stats.statusCodes[status] = (stats.statusCodes[status] ?? 0) + 1;
    // Huge answers are counted, not kept: tests validate small exchanges.
    const responseXml =
      bytes <= MAX_RECORDED_BYTES
        ? Buffer.concat(buffers).toString('utf8')
        : `[${bytes} bytes, not recorded]`;
    exchanges.push({ operation, status, requestXml, responseXml });
    if (exchanges.length > maxExchanges) exchanges.splice(0, exchanges.length - maxExchanges);
    if (response.destroyed) return;
    response.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': bytes,
      'Cache-Control': 'private',
      // IIS stamps Date from the server's clock: the simulated GP's clock, not the test machine's.
      Date: new Date(this.deps.env.now()).toUTCString(),
    });
    for (const buffer of buffers) response.write(buffer);
    response.end();
  }

  private async authorize(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (this.deps.authenticate === undefined) return true;
    const result = await this.deps.authenticate(request);
    if (result.ok) {
      for (const [name, value] of Object.entries(result.responseHeaders ?? {}))
        response.setHeader(name, value);
      return true;
    }
    response.setHeader('WWW-Authenticate', result.challenge);
    send(response, 401, 'text/html', IIS_401);
    return false;
  }

  /** Holds a response for `ms` (or until close); false when the client or the simulator went away meanwhile. */
  private hold(response: ServerResponse, ms: number | undefined): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = (connected: boolean) => {
        if (timer) clearTimeout(timer);
        this.holds.delete(release);
        response.off('close', onClose);
        resolve(connected && !response.destroyed);
      };
      const onClose = () => release(false);
      response.on('close', onClose);
      if (ms !== undefined) timer = setTimeout(() => release(true), ms);
      this.holds.add(release);
    });
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'private',
  });
  response.end(body);
}

function readBody(request: IncomingMessage, response: ServerResponse): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Answer at once and drain the rest; the connection closes after the reply.
      tooLarge = true;
      chunks.length = 0;
      response.setHeader('Connection', 'close');
      send(response, 413, 'text/html', '<html><body>413 - Request entity too large.</body></html>');
      resolve(undefined);
    });
    request.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}
