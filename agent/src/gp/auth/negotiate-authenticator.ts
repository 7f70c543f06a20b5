import type { Logger } from '@gprelay/shared';
import { AgentError, AgentErrorCode, isAgentError } from '../../errors';
import type { HttpAuthenticator, HttpAuthRequest } from '../soap/http-authenticator';
import { challengeToken, offers } from './challenge-tokens';
import { type GssApi, type GssClientContext, loadGss } from './kerberos/gss';
import {
  classifyKerberosText,
  cleanKerberosText,
  KerberosProblem,
  kerberosFailureLine,
} from './kerberos/kerberos-errors';
import type { KerberosCredential } from './kerberos-credential';
import type { ServicePrincipal } from './spn';

export interface NegotiateAuthenticatorOptions {
  readonly spn: ServicePrincipal;
  readonly credential: KerberosCredential;
  readonly logger: Logger;
  /** Default: the `kerberos` package, loaded on first use. */
  readonly gss?: () => Promise<GssApi>;
}

/**
 * HTTP Negotiate (SPNEGO) with Kerberos, as IIS expects it: one security
 * context per request, its token in `Authorization: Negotiate`, and the
 * server's mutual-authentication token checked when the answer carries one.
 * On a 401 it drops the context, gets a fresh TGT once (which also drops
 * cached service tickets, e.g. after GP's service account was re-keyed) and
 * lets the client retry once.
 */
export class NegotiateAuthenticator implements HttpAuthenticator {
  readonly schemes = ['Negotiate'] as const;
  /** The context behind each request's token, to check the server's answer with. */
  readonly #contexts = new WeakMap<HttpAuthRequest, GssClientContext>();

  constructor(private readonly options: NegotiateAuthenticatorOptions) {}

  get credential(): KerberosCredential {
    return this.options.credential;
  }

  /** For messages: `Kerberos as svc-gp@CORP.EXAMPLE for HTTP/gp01.corp.example`. */
  describe(): string {
    return `Kerberos as ${this.options.credential.who} for ${this.options.spn.display}`;
  }

  async authorize(request: HttpAuthRequest): Promise<Record<string, string>> {
    await this.options.credential.ensure();
    return this.#headers(request, false);
  }

  async respond(
    request: HttpAuthRequest,
    challenges: readonly string[],
  ): Promise<Record<string, string> | null> {
    if (!offers(challenges, 'Negotiate')) return null;
    this.#contexts.delete(request);
    const { credential, logger, spn } = this.options;
    const renewed = await credential.refresh();
    logger.info('GP refused our Kerberos ticket; retrying once with a new security context', {
      principal: credential.who,
      spn: spn.display,
      freshTicket: renewed,
    });
    return this.#headers(request, true);
  }

  async accept(request: HttpAuthRequest, challenges: readonly string[]): Promise<void> {
    const token = challengeToken(challenges, 'Negotiate');
    const context = this.#contexts.get(request);
    this.#contexts.delete(request);
    if (token === null || context === undefined) return;
    try {
      await context.step(token);
    } catch (error) {
      throw this.#mutualFailure(cleanKerberosText((error as Error).message));
    }
    if (!context.contextComplete) throw this.#mutualFailure('the Kerberos context is still incomplete');
  }

  /** A new context's first token; one fresh TGT and a second try when the cache holds no usable one. */
  async #headers(request: HttpAuthRequest, refreshed: boolean): Promise<Record<string, string>> {
    const { credential, spn } = this.options;
    let token: string;
    try {
      const gss = await (this.options.gss ?? loadGss)();
      const context = await gss.initializeClient(spn.gssName, {
        mechOID: gss.spnegoMechOid,
        ...(await credential.clientOptions()),
      });
      token = await context.step('');
      this.#contexts.set(request, context);
    } catch (error) {
      if (isAgentError(error)) throw error;
      const text = (error as Error).message ?? String(error);
      const problem = classifyKerberosText(text);
      // An expired TGT or a cache someone deleted: a password or keytab can get a new one.
      if (problem === KerberosProblem.noTicket && !refreshed && (await credential.refresh())) {
        return this.#headers(request, true);
      }
      throw new AgentError(
        AgentErrorCode.gpAuth,
        kerberosFailureLine(problem, text, { ...credential.failureContext, spn: spn.display }),
        { cause: error, retryable: problem === KerberosProblem.kdcUnreachable },
      );
    }
    return { authorization: `Negotiate ${token}` };
  }

  #mutualFailure(detail: string): AgentError {
    return new AgentError(
      AgentErrorCode.gpAuth,
      `${this.describe()}: GP's answer failed Kerberos mutual authentication, so it may not come from GP's service [${detail}]`,
    );
  }
}
