import { parseAccountName } from './principal-name';
import { hostIsIpAddress, servicePrincipalFor } from './spn';

export const GpAuthMode = { negotiate: 'negotiate', ntlm: 'ntlm', none: 'none' } as const;
export type GpAuthMode = (typeof GpAuthMode)[keyof typeof GpAuthMode];

export const GpCredentialKind = { password: 'password', keytab: 'keytab', process: 'process' } as const;
export type GpCredentialKind = (typeof GpCredentialKind)[keyof typeof GpCredentialKind];

/** `auth` of a source in agent.json (see agent/README.md). */
export interface GpAuthSettings {
  readonly mode: GpAuthMode;
  /** `svc-gp@CORP.EXAMPLE` (Kerberos) or `CORP\svc-gp`; null only for the process identity. */
  readonly principal: string | null;
  readonly credential: GpCredentialKind;
  /** Keytab file, for credential "keytab". */
  readonly keytab: string | null;
  /** `HTTP/gp01.corp.example`; null = HTTP/<url host>. */
  readonly spn: string | null;
  /** Vault entry holding the password. Default `gp.password`. */
  readonly passwordEntry: string;
  /** Negotiate may fall back to NTLM (needs the password). Default: true with credential "password". */
  readonly ntlmFallback: boolean;
  /** Domain name sent in NTLM; default: the NetBIOS domain of `DOMAIN\user`, else the principal's realm. */
  readonly ntlmDomain: string | null;
}

export const NO_AUTH: GpAuthSettings = Object.freeze({
  mode: 'none',
  principal: null,
  credential: 'process',
  keytab: null,
  spn: null,
  passwordEntry: 'gp.password',
  ntlmFallback: false,
  ntlmDomain: null,
});

const KEYS = new Set([
  'mode',
  'principal',
  'credential',
  'keytab',
  'spn',
  'passwordEntry',
  'ntlmFallback',
  'ntlmDomain',
]);
const VAULT_ENTRY = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/**
 * Validates a source's `auth` object, adding every problem to `problems`.
 * `legacySpn` is the source-level `spn` of older configs. `platform` decides
 * what can work here: keytabs need MIT Kerberos (not Windows SSPI).
 */
export function parseAuthSettings(
  raw: unknown,
  where: string,
  context: { url: string | null; legacySpn: unknown; platform: NodeJS.Platform },
  problems: string[],
): GpAuthSettings {
  if (raw === undefined || raw === null) {
    const legacySpn = optionalString(context.legacySpn, where.replace(/\.auth$/, '.spn'), problems);
    return legacySpn ? { ...NO_AUTH, spn: legacySpn } : NO_AUTH;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      `${where} must be an object like { "mode": "negotiate", "principal": "svc-gp@CORP.EXAMPLE" }`,
    );
    return NO_AUTH;
  }
  const a = raw as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!KEYS.has(key)) problems.push(`${where}: unknown setting "${key}"`);
  const mode = a.mode ?? 'negotiate';
  if (!Object.values(GpAuthMode).includes(mode as GpAuthMode)) {
    problems.push(`${where}.mode must be "negotiate", "ntlm" or "none"`);
    return NO_AUTH;
  }
  const principal = optionalString(a.principal, `${where}.principal`, problems);
  const account = principal === null ? null : parseAccountName(principal);
  if (principal !== null && account === null) {
    problems.push(`${where}.principal must be user@REALM or DOMAIN\\user, got ${JSON.stringify(principal)}`);
  }
  const credential = a.credential ?? (mode === 'ntlm' || principal !== null ? 'password' : 'process');
  if (!Object.values(GpCredentialKind).includes(credential as GpCredentialKind)) {
    problems.push(`${where}.credential must be "password", "keytab" or "process"`);
  }
  const keytab = optionalString(a.keytab, `${where}.keytab`, problems);
  const spn = optionalString(a.spn ?? context.legacySpn, `${where}.spn`, problems);
  if (spn !== null) {
    try {
      servicePrincipalFor(new URL('http://placeholder'), spn);
    } catch (error) {
      problems.push(
        `${where}.spn: ${(error as Error).message} (no realm: krb5.conf maps the host to its realm)`,
      );
    }
  }
  const passwordEntry = optionalString(a.passwordEntry, `${where}.passwordEntry`, problems) ?? 'gp.password';
  if (!VAULT_ENTRY.test(passwordEntry)) {
    problems.push(`${where}.passwordEntry must be a vault entry name (lower-case letters, digits, . _ -)`);
  }
  const ntlmDomain = optionalString(a.ntlmDomain, `${where}.ntlmDomain`, problems);
  if (a.ntlmFallback !== undefined && typeof a.ntlmFallback !== 'boolean') {
    problems.push(`${where}.ntlmFallback must be true or false`);
  }
  const ntlmFallback = mode === 'negotiate' && credential === 'password' && a.ntlmFallback !== false;

  if (mode !== 'none') {
    if (credential !== 'process' && principal === null) {
      problems.push(
        `${where}.principal is required with credential "${String(credential)}" (e.g. svc-gp@CORP.EXAMPLE)`,
      );
    }
    if (credential === 'keytab' && keytab === null)
      problems.push(`${where}.keytab is required with credential "keytab"`);
    if (credential !== 'keytab' && keytab !== null)
      problems.push(`${where}.keytab only applies to credential "keytab"`);
    if (credential === 'keytab' && context.platform === 'win32') {
      problems.push(
        `${where}: keytabs need MIT Kerberos; on Windows use credential "process" (the service's account) or "password"`,
      );
    }
  }
  if (mode === 'ntlm' && credential !== 'password') {
    problems.push(`${where}: NTLM needs the account's password (credential "password")`);
  }
  if (
    mode === 'ntlm' &&
    account &&
    account.netbiosDomain === null &&
    account.realm === null &&
    ntlmDomain === null
  ) {
    problems.push(`${where}: NTLM needs a domain: write the principal as DOMAIN\\user or set ntlmDomain`);
  }
  if (mode === 'negotiate' && spn === null && context.url !== null && hostIsIpAddress(new URL(context.url))) {
    problems.push(
      `${where}: Kerberos needs GP's host name, not an IP address: use the server's DNS name in the URL or set auth.spn`,
    );
  }
  return {
    mode: mode as GpAuthMode,
    principal,
    credential: credential as GpCredentialKind,
    keytab,
    spn,
    passwordEntry,
    ntlmFallback,
    ntlmDomain,
  };
}

/**
 * On MIT platforms the agent points KRB5CCNAME of its process at its own
 * cache collection for password and keytab logons; the process identity
 * needs the cache the process was started with. One agent cannot have both.
 */
export function crossSourceAuthProblems(all: readonly GpAuthSettings[], platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return [];
  const kerberos = all.filter((s) => s.mode === 'negotiate');
  const ownCache = kerberos.some((s) => s.credential !== 'process');
  const processIdentity = kerberos.some((s) => s.credential === 'process');
  return ownCache && processIdentity
    ? [
        'sources mix credential "process" with "password"/"keytab": on this platform one agent uses one credential cache',
      ]
    : [];
}

function optionalString(value: unknown, name: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${name} must be a non-empty string`);
    return null;
  }
  return value.trim();
}
