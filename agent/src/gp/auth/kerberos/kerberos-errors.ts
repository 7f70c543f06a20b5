/**
 * Kerberos failures an operator can act on, recognised from the texts MIT
 * Kerberos (kinit, GSS-API through the `kerberos` package) and Windows SSPI
 * print. Each maps to one line that says what is wrong and what to do; the
 * library's own text follows in brackets so it can be searched for.
 */
export const KerberosProblem = {
  clockSkew: 'clock-skew',
  kdcUnreachable: 'kdc-unreachable',
  unknownSpn: 'unknown-spn',
  passwordExpired: 'password-expired',
  wrongPassword: 'wrong-password',
  unknownPrincipal: 'unknown-principal',
  accountDisabled: 'account-disabled',
  keytab: 'keytab',
  noTicket: 'no-ticket',
  toolMissing: 'tool-missing',
  other: 'other',
} as const;
export type KerberosProblem = (typeof KerberosProblem)[keyof typeof KerberosProblem];

/**
 * First match wins, so the specific rules come first ("Password expired"
 * before the generic password ones). The MIT texts were observed against the
 * test KDC (krb5 1.20); the SSPI ones (Windows) are the documented
 * SEC_E_* messages and codes, not observed here.
 */
const RULES: ReadonlyArray<readonly [KerberosProblem, RegExp]> = [
  [
    KerberosProblem.clockSkew,
    /Clock skew too great|KRB_AP_ERR_SKEW|clocks on the client and server machines are skewed|SEC_E_TIME_SKEW|0x80090324/i,
  ],
  [
    KerberosProblem.passwordExpired,
    /Password (has )?expired|KDC_ERR_KEY_EXPIRED|password must be changed|SEC_E_PASSWORD_EXPIRED|0x80090363/i,
  ],
  [
    KerberosProblem.kdcUnreachable,
    /Cannot contact any KDC|Cannot find KDC for realm|Cannot resolve network address for KDC|No authority could be contacted|SEC_E_NO_AUTHENTICATING_AUTHORITY|0x80090311/i,
  ],
  [
    KerberosProblem.unknownSpn,
    /Server \S* ?not found in Kerberos database|KDC_ERR_S_PRINCIPAL_UNKNOWN|target is unknown or unreachable|SEC_E_TARGET_UNKNOWN|0x80090303/i,
  ],
  [
    KerberosProblem.unknownPrincipal,
    /Client \S* ?not found in Kerberos database|KDC_ERR_C_PRINCIPAL_UNKNOWN/i,
  ],
  [
    KerberosProblem.wrongPassword,
    /Password incorrect|Preauthentication failed|Decrypt integrity check failed|logon attempt failed|SEC_E_LOGON_DENIED|0x8009030C/i,
  ],
  [
    KerberosProblem.accountDisabled,
    /credentials have been revoked|KDC_ERR_CLIENT_REVOKED|account is (disabled|locked)/i,
  ],
  [
    KerberosProblem.keytab,
    /Key table file .* not found|Keytab contains no suitable keys|No key table entry found|Key table entry not found|Bad format in keytab/i,
  ],
  [
    KerberosProblem.noTicket,
    /Ticket expired|No Kerberos credentials available|Can't find client principal .* in cache collection|No credentials cache found|No credentials were supplied|Matching credential not found|SEC_E_NO_CREDENTIALS/i,
  ],
];

export function classifyKerberosText(text: string): KerberosProblem {
  for (const [problem, pattern] of RULES) if (pattern.test(text)) return problem;
  return KerberosProblem.other;
}

/** The library's text without its boilerplate, on one line. */
export function cleanKerberosText(text: string): string {
  return text
    .replace(/Unspecified GSS failure\.\s+Minor code may provide more information:?\s*/gi, '')
    .replace(/^kinit:\s*/gim, '')
    .replace(/^Password for \S+:\s*/gim, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

export interface KerberosFailureContext {
  /** Whose credentials: 'svc-gp@CORP.EXAMPLE' or 'the service account (process identity)'. */
  readonly who: string;
  /** 'HTTP/gp01.corp.example' */
  readonly spn: string;
  readonly realm: string | null;
  readonly credential: 'password' | 'keytab' | 'process';
  readonly passwordEntry?: string;
  readonly keytab?: string | null;
}

/** One line for the log, `agent doctor` and the gp.auth_failed alert. Never contains a secret. */
export function kerberosFailureLine(
  problem: KerberosProblem,
  rawText: string,
  context: KerberosFailureContext,
): string {
  const { who, spn, realm } = context;
  const entry = context.passwordEntry ?? 'gp.password';
  const said = cleanKerberosText(rawText);
  const summary = ((): string => {
    switch (problem) {
      case KerberosProblem.clockSkew:
        return "clock skew too great: this server's clock differs from the domain's by more than Kerberos allows (5 minutes); fix the time (w32tm /resync, or NTP)";
      case KerberosProblem.kdcUnreachable:
        return `KDC unreachable: no domain controller of realm ${realm ?? '(default realm)'} answers; check that port 88 is open to them and that krb5.conf or DNS names them`;
      case KerberosProblem.unknownSpn:
        return `the KDC does not know the SPN ${spn}; register it on the account GP's web site runs as (setspn -S ${spn} DOMAIN\\account) or set auth.spn to the SPN that is registered`;
      case KerberosProblem.passwordExpired:
        return `the password has expired; change it in Active Directory, then store the new one with "agent vault set ${entry}"`;
      case KerberosProblem.wrongPassword:
        return context.credential === 'keytab'
          ? `the keys in keytab ${context.keytab ?? ''} are out of date (the password changed since it was exported); export a new keytab`
          : `wrong password: the KDC refused the password in vault entry "${entry}"; store the right one with "agent vault set ${entry}"`;
      case KerberosProblem.unknownPrincipal:
        return 'the KDC does not know this principal; check auth.principal (user@REALM)';
      case KerberosProblem.accountDisabled:
        return 'the account is disabled or locked out in the domain';
      case KerberosProblem.keytab:
        return `keytab ${context.keytab ?? ''} has no usable key for this principal`;
      case KerberosProblem.noTicket:
        return context.credential === 'process'
          ? 'no valid ticket in the credential cache of this process; log the service on as its domain account (or run kinit for it), or use credential "password" or "keytab"'
          : 'no valid ticket could be obtained';
      case KerberosProblem.toolMissing:
        return 'kinit is not installed (Debian/Ubuntu: apt-get install krb5-user; RHEL: krb5-workstation)';
      default:
        return 'Kerberos failed';
    }
  })();
  return `Kerberos as ${who}: ${summary}${said ? ` [${said}]` : ''}`;
}
