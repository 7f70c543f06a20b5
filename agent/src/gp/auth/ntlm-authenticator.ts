import { hostname } from 'node:os';
import type { Clock, Logger } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import { challengeSchemes, type HttpAuthenticator, type HttpAuthRequest } from '../soap/http-authenticator';
import { challengeToken, offers } from './challenge-tokens';
import { createAuthenticateMessage } from './ntlm/ntlm-client';
import { decodeChallengeMessage, encodeNegotiateMessage, NtlmMessageError } from './ntlm/ntlm-messages';
import { fingerprint, type PasswordSource, type RejectedPasswords } from './password-source';

/**
 * The connection NTLM authenticates. `negotiate` sends the NEGOTIATE leg as
 * a body-less request on the connection the next request will use (as curl
 * does for a POST); `generation` changes whenever that connection is
 * replaced, which un-authenticates it.
 */
export interface NtlmConnection {
  negotiate(
    request: HttpAuthRequest,
    authorization: string,
  ): Promise<{ status: number; challenges: string[] }>;
  readonly generation: number;
}

export interface NtlmAuthenticatorOptions {
  readonly user: string;
  /** NetBIOS or DNS domain name. */
  readonly domain: string;
  readonly password: PasswordSource;
  readonly connection: NtlmConnection;
  readonly rejected: RejectedPasswords;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default: this host's name, upper case, up to the first dot. */
  readonly workstation?: string;
}

/**
 * NTLMv2 over HTTP, for IIS sites that offer only NTLM. NTLM authenticates
 * the TCP connection, so this works with a one-connection dispatcher: the
 * authenticator runs NEGOTIATE/CHALLENGE itself on that connection, hands the
 * AUTHENTICATE message to the request, and sends no header at all while the
 * connection stays authenticated (as browsers do). Handshakes are serialised,
 * and the lock is released one macrotask after the request got its headers,
 * so that request is queued on the connection before anyone else's.
 */
export class NtlmAuthenticator implements HttpAuthenticator {
  readonly schemes = ['NTLM'] as const;
  readonly #sent = new WeakMap<HttpAuthRequest, { password: string; generation: number }>();
  #authenticatedGeneration: number | null = null;
  #lock: Promise<unknown> = Promise.resolve();
  readonly #workstation: string;

  constructor(private readonly options: NtlmAuthenticatorOptions) {
    this.#workstation = (options.workstation ?? hostname().split('.')[0] ?? 'AGENT')
      .toUpperCase()
      .slice(0, 15);
  }

  describe(): string {
    return `NTLM as ${this.options.domain}\\${this.options.user}`;
  }

  async authorize(request: HttpAuthRequest): Promise<Record<string, string>> {
    if (this.#authenticated()) return {};
    return this.#handshake(request);
  }

  async respond(
    request: HttpAuthRequest,
    challenges: readonly string[],
  ): Promise<Record<string, string> | null> {
    if (!offers(challenges, 'NTLM')) return null;
    const sent = this.#sent.get(request);
    this.#sent.delete(request);
    this.#authenticatedGeneration = null;
    if (sent !== undefined && sent.generation === this.options.connection.generation) {
      // Our AUTHENTICATE message was refused on the connection it was computed for: a verdict on the password.
      const current = await this.options.password.read();
      if (fingerprint(current) === fingerprint(sent.password)) {
        const line = `${this.describe()}: GP refused the logon (wrong password, expired or locked account, or no access to GP's site); if the password changed, store it with "agent vault set ${this.options.password.entry}"`;
        this.options.rejected.reject(current, line);
        throw new AgentError(AgentErrorCode.gpAuth, line);
      }
    }
    return this.#handshake(request);
  }

  #authenticated(): boolean {
    return this.#authenticatedGeneration === this.options.connection.generation;
  }

  #handshake(request: HttpAuthRequest): Promise<Record<string, string>> {
    const run = this.#lock.then(async () => {
      if (this.#authenticated()) return {};
      return this.#negotiate(request);
    });
    // Release one macrotask after the caller got its headers, so its request is queued first.
    this.#lock = run.then(release, release);
    return run;
  }

  async #negotiate(request: HttpAuthRequest): Promise<Record<string, string>> {
    const { connection, password: source, rejected, clock } = this.options;
    const password = await source.read();
    rejected.check(password);
    const reply = await connection.negotiate(request, `NTLM ${encodeNegotiateMessage().toString('base64')}`);
    if (reply.status < 300) return {};
    const token = reply.status === 401 ? challengeToken(reply.challenges, 'NTLM') : null;
    if (token === null) {
      const offered = challengeSchemes(reply.challenges).join(', ') || 'none';
      throw new AgentError(
        AgentErrorCode.gpAuth,
        `${this.describe()}: GP answered the NTLM negotiation with HTTP ${reply.status} and no challenge (offers: ${offered})`,
      );
    }
    let message: Buffer;
    try {
      message = createAuthenticateMessage(
        decodeChallengeMessage(Buffer.from(token, 'base64')),
        { user: this.options.user, domain: this.options.domain, password, workstation: this.#workstation },
        { nowMs: clock.now() },
      );
    } catch (error) {
      if (!(error instanceof NtlmMessageError)) throw error;
      throw new AgentError(
        AgentErrorCode.gpAuth,
        `${this.describe()}: GP's NTLM challenge is unusable: ${error.message}`,
      );
    }
    // The connection that carried the challenge; the AUTHENTICATE message is only good on it.
    const generation = connection.generation;
    this.#sent.set(request, { password, generation });
    // Optimistic: requests queued after this one ride on the connection it authenticates; a 401 resets it.
    this.#authenticatedGeneration = generation;
    return { authorization: `NTLM ${message.toString('base64')}` };
  }
}

function release(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
