import type { Clock, Logger } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import {
  classifyKerberosText,
  type KerberosFailureContext,
  KerberosProblem,
  kerberosFailureLine,
} from './kerberos/kerberos-errors';
import { type KinitOptions, type KinitResult, runKinit } from './kerberos/kinit';
import type { PrivateCredentialCache } from './kerberos/private-ccache';
import type { PasswordSource, RejectedPasswords } from './password-source';

/** How the agent proves who it is to the KDC. */
export interface KerberosCredential {
  /** Who, for messages: `svc-gp@CORP.EXAMPLE`, or the process identity. */
  readonly who: string;
  readonly kind: 'password' | 'keytab' | 'process';
  /** Options for `initializeClient` that select this identity. */
  clientOptions(): Promise<Record<string, unknown>>;
  /** Makes sure a ticket-granting ticket is there (first use, after a failure, or when old). */
  ensure(): Promise<void>;
  /** Obtains a new TGT with no cached service tickets; false when this credential cannot (process identity). */
  refresh(): Promise<boolean>;
  /** TGTs obtained so far (logs, tests). */
  readonly acquisitions: number;
  /** What messages need to explain a failure. */
  readonly failureContext: Omit<KerberosFailureContext, 'spn'>;
}

export interface KinitCredentialOptions {
  /** user@REALM */
  readonly principal: string;
  readonly realm: string | null;
  readonly source: { readonly password: PasswordSource } | { readonly keytab: string };
  readonly cache: PrivateCredentialCache;
  readonly rejected: RejectedPasswords;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A TGT older than this is replaced before use. Default 4 h (AD issues 10 h TGTs). */
  readonly refreshAfterMs?: number;
  /** Replaceable for tests of the surrounding logic. */
  readonly kinit?: (options: KinitOptions) => Promise<KinitResult>;
  readonly kinitPath?: string;
}

/**
 * A TGT from the vaulted password or a keytab, obtained with MIT kinit into
 * the agent's private credential cache (Linux and other MIT platforms).
 * Concurrent requests for a ticket share one kinit.
 */
export class KinitKerberosCredential implements KerberosCredential {
  readonly kind: 'password' | 'keytab';
  #acquisitions = 0;
  #obtainedAtMs: number | null = null;
  #inFlight: Promise<void> | null = null;

  constructor(private readonly options: KinitCredentialOptions) {
    this.kind = 'password' in options.source ? 'password' : 'keytab';
  }

  get who(): string {
    return this.options.principal;
  }

  get acquisitions(): number {
    return this.#acquisitions;
  }

  get failureContext(): Omit<KerberosFailureContext, 'spn'> {
    const { source } = this.options;
    return {
      who: this.who,
      realm: this.options.realm,
      credential: this.kind,
      ...('password' in source ? { passwordEntry: source.password.entry } : { keytab: source.keytab }),
    };
  }

  async clientOptions(): Promise<Record<string, unknown>> {
    return { principal: this.options.principal };
  }

  async ensure(): Promise<void> {
    const obtained = this.#obtainedAtMs;
    const maxAgeMs = this.options.refreshAfterMs ?? 4 * 3_600_000;
    if (obtained !== null && this.options.clock.now() - obtained < maxAgeMs) return;
    await this.#acquire();
  }

  async refresh(): Promise<boolean> {
    await this.#acquire();
    return true;
  }

  #acquire(): Promise<void> {
    this.#inFlight ??= this.#kinit().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #kinit(): Promise<void> {
    const { options } = this;
    await options.cache.prepare();
    const password = 'password' in options.source ? await options.source.password.read() : null;
    if (password !== null) options.rejected.check(password);
    const temp = options.cache.newTempCache();
    const result = await (options.kinit ?? runKinit)({
      principal: options.principal,
      credential:
        password !== null ? { password } : { keytab: (options.source as { keytab: string }).keytab },
      ccache: temp.name,
      ...(options.kinitPath ? { kinitPath: options.kinitPath } : {}),
    });
    if (!result.ok) {
      await options.cache.discard(temp.path);
      this.#obtainedAtMs = null;
      const problem = result.missing ? KerberosProblem.toolMissing : classifyKerberosText(result.text);
      const line = kerberosFailureLine(problem, result.missing ? '' : result.text, {
        ...this.failureContext,
        spn: '',
      });
      if (password !== null && isVerdictOnPassword(problem)) options.rejected.reject(password, line);
      throw new AgentError(AgentErrorCode.gpAuth, line, {
        retryable: problem === KerberosProblem.kdcUnreachable,
      });
    }
    await options.cache.install(temp.path, options.principal);
    if (password !== null) options.rejected.accepted(password);
    this.#obtainedAtMs = options.clock.now();
    this.#acquisitions += 1;
    options.logger.info('obtained a Kerberos ticket', { principal: options.principal, with: this.kind });
    for (const warning of result.warnings) {
      options.logger.warn('the KDC warns about the GP service account', {
        principal: options.principal,
        warning,
      });
    }
  }
}

/** The KDC's answer is about the password itself: sending it again cannot help and counts toward lockout. */
function isVerdictOnPassword(problem: KerberosProblem): boolean {
  return (
    problem === KerberosProblem.wrongPassword ||
    problem === KerberosProblem.passwordExpired ||
    problem === KerberosProblem.accountDisabled
  );
}

/**
 * The identity of the agent's process: on Windows the service account
 * (a gMSA or domain account) through SSPI; elsewhere the default credential
 * cache (KRB5CCNAME or the system default), filled by whoever runs the agent.
 * The agent cannot renew it, so a 401 is only retried with a new context.
 */
export class ProcessKerberosCredential implements KerberosCredential {
  readonly kind = 'process' as const;
  readonly acquisitions = 0;

  constructor(
    private readonly principal: string | null,
    private readonly realm: string | null,
  ) {}

  get who(): string {
    return this.principal ?? 'the process identity';
  }

  get failureContext(): Omit<KerberosFailureContext, 'spn'> {
    return { who: this.who, realm: this.realm, credential: 'process' };
  }

  async clientOptions(): Promise<Record<string, unknown>> {
    return this.principal && process.platform !== 'win32' ? { principal: this.principal } : {};
  }

  async ensure(): Promise<void> {}

  async refresh(): Promise<boolean> {
    return false;
  }
}

/**
 * Windows with a vaulted password: SSPI's Negotiate package gets the tickets
 * itself from explicit credentials (no kinit, no cache of ours). The password
 * is read from the vault when the first context is made and again on every
 * refresh. Written to the `kerberos` package's SSPI options; not exercised by
 * the Linux test suite.
 */
export class SspiPasswordCredential implements KerberosCredential {
  readonly kind = 'password' as const;
  #acquisitions = 0;
  #password: string | null = null;

  constructor(
    private readonly user: string,
    private readonly domain: string,
    private readonly principal: string,
    private readonly password: PasswordSource,
  ) {}

  get who(): string {
    return this.principal;
  }

  get acquisitions(): number {
    return this.#acquisitions;
  }

  get failureContext(): Omit<KerberosFailureContext, 'spn'> {
    return { who: this.who, realm: this.domain, credential: 'password', passwordEntry: this.password.entry };
  }

  async clientOptions(): Promise<Record<string, unknown>> {
    this.#password ??= await this.password.read();
    return { user: this.user, domain: this.domain, password: this.#password };
  }

  async ensure(): Promise<void> {}

  async refresh(): Promise<boolean> {
    this.#password = await this.password.read();
    this.#acquisitions += 1;
    return true;
  }
}
