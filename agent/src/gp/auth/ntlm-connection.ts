import { Client } from 'undici';
import type { HttpAuthRequest } from '../soap/http-authenticator';
import type { NtlmConnection } from './ntlm-authenticator';

/**
 * One keep-alive connection to GP's web server for NTLM: the SOAP client and
 * the NTLM handshake share this undici Client (pipelining 1), so the
 * handshake and the request it authenticates travel on the same socket.
 */
export class UndiciNtlmConnection implements NtlmConnection {
  readonly client: Client;
  #generation = 0;

  constructor(origin: string | URL, options: { timeoutMs: number }) {
    this.client = new Client(origin, {
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    // A new or lost socket is an unauthenticated connection.
    this.client.on('connect', () => this.#generation++);
    this.client.on('disconnect', () => this.#generation++);
  }

  get generation(): number {
    return this.#generation;
  }

  async negotiate(
    request: HttpAuthRequest,
    authorization: string,
  ): Promise<{ status: number; challenges: string[] }> {
    const response = await this.client.request({
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method as 'POST',
      headers: { authorization, 'content-length': '0' },
      body: '',
    });
    await response.body.dump();
    const header = response.headers['www-authenticate'];
    return {
      status: response.statusCode,
      challenges: header === undefined ? [] : Array.isArray(header) ? header : [header],
    };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
