import type { Clock, Logger } from '@gprelay/shared';
import type { Dispatcher } from 'undici';
import type { HttpAuthenticator } from '../soap/http-authenticator';
import { ANONYMOUS } from './anonymous';
import type { GpAuthSettings } from './auth-settings';
import type { GssApi } from './kerberos/gss';
import { PrivateCredentialCache } from './kerberos/private-ccache';
import {
  type KerberosCredential,
  KinitKerberosCredential,
  ProcessKerberosCredential,
  SspiPasswordCredential,
} from './kerberos-credential';
import { NegotiateAuthenticator } from './negotiate-authenticator';
import { NegotiateWithNtlmFallback } from './negotiate-with-ntlm-fallback';
import { NtlmAuthenticator } from './ntlm-authenticator';
import { UndiciNtlmConnection } from './ntlm-connection';
import { RejectedPasswords, type SecretReader, vaultPassword } from './password-source';
import { parseAccountName } from './principal-name';
import { servicePrincipalFor } from './spn';

export interface GpAuthDeps {
  /** The agent's MIT credential cache collection, e.g. `<dataDir>/krb5cc` (one per process). */
  readonly ccacheDir: string;
  /** The vault, or how to open it; read on every logon so `agent vault set` applies without a restart. */
  readonly vault: SecretReader | (() => Promise<SecretReader>);
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default process.platform: Windows uses SSPI, everything else MIT Kerberos. */
  readonly platform?: NodeJS.Platform;
  /** Default 'kinit' from PATH. */
  readonly kinitPath?: string;
  /** Default: the `kerberos` package. */
  readonly gss?: () => Promise<GssApi>;
  /** How long a password the domain refused is not sent again, ms. Default 15 min. */
  readonly rejectedPasswordHoldMs?: number;
}

/** What a GP source needs to authenticate: the authenticator, and for NTLM its one connection. */
export interface GpAuthentication {
  readonly authenticator: HttpAuthenticator;
  /** Set when NTLM may be used: the source must send everything through it. */
  readonly dispatcher: Dispatcher | null;
  /** The Kerberos side, when there is one (doctor checks it). */
  readonly kerberos: NegotiateAuthenticator | null;
  /** `Kerberos as svc-gp@CORP.EXAMPLE for HTTP/gp01.corp.example`, for messages; '' without auth. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * Builds authenticators from sources' `auth` settings. Sources that share a
 * principal share its credential (one kinit serves them all) and its memory
 * of a refused password.
 */
export class GpAuthFactory {
  readonly #cache: PrivateCredentialCache;
  readonly #credentials = new Map<string, KerberosCredential>();
  readonly #rejected = new Map<string, RejectedPasswords>();
  readonly #platform: NodeJS.Platform;

  constructor(private readonly deps: GpAuthDeps) {
    this.#cache = new PrivateCredentialCache(deps.ccacheDir, deps.logger);
    this.#platform = deps.platform ?? process.platform;
  }

  create(settings: GpAuthSettings, target: { url: string; timeoutMs: number }): GpAuthentication {
    if (settings.mode === 'none') return ANONYMOUS;
    const url = new URL(target.url);
    const { clock, logger } = this.deps;
    const account = settings.principal === null ? null : parseAccountName(settings.principal);
    const password = vaultPassword(this.deps.vault, settings.passwordEntry);
    const rejected = this.#rejectedFor(settings.passwordEntry);

    const ntlmWanted = settings.mode === 'ntlm' || settings.ntlmFallback;
    let connection: UndiciNtlmConnection | null = null;
    let ntlm: NtlmAuthenticator | null = null;
    if (ntlmWanted && account !== null) {
      connection = new UndiciNtlmConnection(url.origin, { timeoutMs: target.timeoutMs });
      ntlm = new NtlmAuthenticator({
        user: account.user,
        domain: settings.ntlmDomain ?? account.netbiosDomain ?? account.realm ?? '',
        password,
        connection,
        rejected,
        clock,
        logger,
      });
    }
    const kerberos =
      settings.mode === 'negotiate'
        ? new NegotiateAuthenticator({
            spn: servicePrincipalFor(url, settings.spn),
            credential: this.#credentialFor(settings, account),
            logger,
            ...(this.deps.gss ? { gss: this.deps.gss } : {}),
          })
        : null;
    const authenticator: HttpAuthenticator & { describe(): string } =
      kerberos && ntlm
        ? new NegotiateWithNtlmFallback(kerberos, ntlm, clock, logger)
        : (kerberos ?? (ntlm as NtlmAuthenticator));
    return {
      authenticator,
      dispatcher: connection?.client ?? null,
      kerberos,
      describe: () => authenticator.describe(),
      close: async () => connection?.close(),
    };
  }

  #credentialFor(settings: GpAuthSettings, account: ReturnType<typeof parseAccountName>): KerberosCredential {
    const key = `${settings.credential}|${settings.principal ?? ''}|${settings.keytab ?? settings.passwordEntry}`;
    let credential = this.#credentials.get(key);
    if (credential) return credential;
    const realm = account?.realm ?? null;
    if (settings.credential === 'process' || account === null) {
      credential = new ProcessKerberosCredential(account?.kerberos ?? null, realm);
    } else if (this.#platform === 'win32' && settings.credential === 'password') {
      credential = new SspiPasswordCredential(
        account.user,
        account.netbiosDomain ?? account.realm ?? '',
        settings.principal!,
        vaultPassword(this.deps.vault, settings.passwordEntry),
      );
    } else {
      credential = new KinitKerberosCredential({
        principal: account.kerberos,
        realm,
        source:
          settings.credential === 'keytab'
            ? { keytab: settings.keytab! }
            : { password: vaultPassword(this.deps.vault, settings.passwordEntry) },
        cache: this.#cache,
        rejected: this.#rejectedFor(settings.passwordEntry),
        clock: this.deps.clock,
        logger: this.deps.logger,
        ...(this.deps.kinitPath ? { kinitPath: this.deps.kinitPath } : {}),
      });
    }
    this.#credentials.set(key, credential);
    return credential;
  }

  #rejectedFor(entry: string): RejectedPasswords {
    let rejected = this.#rejected.get(entry);
    if (!rejected) {
      rejected = new RejectedPasswords(this.deps.clock, this.deps.rejectedPasswordHoldMs);
      this.#rejected.set(entry, rejected);
    }
    return rejected;
  }
}
