import type { Clock, Logger } from '@gprelay/shared';
import { isAgentError } from '../../errors';
import type { HttpAuthenticator, HttpAuthRequest } from '../soap/http-authenticator';
import { offers } from './challenge-tokens';
import type { NegotiateAuthenticator } from './negotiate-authenticator';
import type { NtlmAuthenticator } from './ntlm-authenticator';

/**
 * Kerberos first, NTLM when the server will not do Kerberos: it offers only
 * NTLM, or our Kerberos attempt failed (no ticket obtainable: KDC down,
 * unknown SPN) and the server offers NTLM too. Once a server has shown it
 * offers only NTLM, later requests go straight to NTLM. When both are offered
 * and the server refuses a Kerberos ticket, the fresh-ticket retry comes
 * first, as for Negotiate alone. After NTLM stood in for a Kerberos failure,
 * requests use NTLM for `kerberosRetryAfterMs` before Kerberos is tried
 * again: an unreachable KDC can take seconds to time out per attempt.
 */
export class NegotiateWithNtlmFallback implements HttpAuthenticator {
  readonly schemes = ['Negotiate', 'NTLM'] as const;
  readonly #used = new WeakMap<HttpAuthRequest, 'kerberos' | 'ntlm' | 'none'>();
  #ntlmOnly = false;
  #kerberosError: Error | null = null;
  #ntlmUntilMs = 0;

  constructor(
    private readonly kerberos: NegotiateAuthenticator,
    private readonly ntlm: NtlmAuthenticator,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Default 5 minutes. */
    private readonly kerberosRetryAfterMs = 5 * 60_000,
  ) {}

  describe(): string {
    return this.#ntlmOnly ? this.ntlm.describe() : `${this.kerberos.describe()}, NTLM fallback`;
  }

  async authorize(request: HttpAuthRequest): Promise<Record<string, string>> {
    if (this.#ntlmOnly || this.clock.now() < this.#ntlmUntilMs) {
      this.#used.set(request, 'ntlm');
      return this.ntlm.authorize(request);
    }
    try {
      const headers = await this.kerberos.authorize(request);
      this.#used.set(request, 'kerberos');
      this.#kerberosError = null;
      return headers;
    } catch (error) {
      if (!isAgentError(error)) throw error;
      // No Kerberos token: ask without one and let the server's offer decide (respond).
      this.#kerberosError = error;
      this.#used.set(request, 'none');
      return {};
    }
  }

  async respond(
    request: HttpAuthRequest,
    challenges: readonly string[],
  ): Promise<Record<string, string> | null> {
    const used = this.#used.get(request);
    if (used === 'ntlm') return this.ntlm.respond(request, challenges);
    const ntlmOffered = offers(challenges, 'NTLM');
    if (used === 'kerberos' && offers(challenges, 'Negotiate')) {
      try {
        return await this.kerberos.respond(request, challenges);
      } catch (error) {
        if (!ntlmOffered || !isAgentError(error)) throw error;
        this.logger.warn('no fresh Kerberos ticket; trying NTLM', { reason: error.message });
      }
    } else if (used === 'none' && !ntlmOffered) {
      throw this.#kerberosError ?? new Error('no Kerberos token and no NTLM offered');
    } else if (used === 'none') {
      this.#ntlmUntilMs = this.clock.now() + this.kerberosRetryAfterMs;
      this.logger.warn('no Kerberos ticket; using NTLM for now', { reason: this.#kerberosError?.message });
    } else if (ntlmOffered && !offers(challenges, 'Negotiate') && !this.#ntlmOnly) {
      this.#ntlmOnly = true;
      this.logger.warn('GP offers only NTLM, not Kerberos; using NTLM from now on', {});
    }
    if (!ntlmOffered) return null;
    this.#used.set(request, 'ntlm');
    return this.ntlm.respond(request, challenges);
  }

  async accept(request: HttpAuthRequest, challenges: readonly string[]): Promise<void> {
    if (this.#used.get(request) === 'kerberos') await this.kerberos.accept(request, challenges);
  }
}
