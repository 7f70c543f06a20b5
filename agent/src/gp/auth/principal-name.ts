/** A Windows account as the agent is configured with it: `user@REALM` or `DOMAIN\user`. */
export interface AccountName {
  readonly user: string;
  /** Kerberos realm (upper case), when given as user@REALM. */
  readonly realm: string | null;
  /** NetBIOS domain, when given as DOMAIN\user. */
  readonly netbiosDomain: string | null;
  /** As Kerberos wants it: user@REALM (realm null: the default realm applies). */
  readonly kerberos: string;
}

/** Parses `svc-gp@CORP.EXAMPLE`, `CORP\svc-gp` or a bare `svc-gp`; null when it is neither. */
export function parseAccountName(text: string): AccountName | null {
  const trimmed = text.trim();
  const backslash = /^([^\\@\s]+)\\([^\\@\s]+)$/.exec(trimmed);
  if (backslash) {
    const [, domain, user] = backslash as unknown as [string, string, string];
    return { user, realm: null, netbiosDomain: domain.toUpperCase(), kerberos: user };
  }
  const at = /^([^\\@\s]+)(?:@([^\\@\s]+))?$/.exec(trimmed);
  if (!at) return null;
  const user = at[1]!;
  const realm = at[2] ? at[2].toUpperCase() : null;
  return { user, realm, netbiosDomain: null, kerberos: realm ? `${user}@${realm}` : user };
}
