/** What the two MIT config files of a throwaway realm need. */
export interface RealmFiles {
  readonly realm: string;
  readonly port: number;
  readonly dir: string;
  /** Host names mapped to the realm (service hosts). */
  readonly hosts: readonly string[];
}

/**
 * Client side (KRB5_CONFIG). TCP only (`udp_preference_limit = 1`), no DNS:
 * realms and host names are taken literally, so tests do not depend on the
 * machine's resolver. The KDC's address is the loopback port chosen at start.
 */
export function renderKrb5Conf(files: RealmFiles): string {
  const mappings = files.hosts.map((host) => `  ${host} = ${files.realm}`).join('\n');
  return `[libdefaults]
  default_realm = ${files.realm}
  dns_lookup_realm = false
  dns_lookup_kdc = false
  dns_canonicalize_hostname = false
  rdns = false
  udp_preference_limit = 1
  ignore_acceptor_hostname = false

[realms]
  ${files.realm} = {
    kdc = 127.0.0.1:${files.port}
  }

[domain_realm]
${mappings}
`;
}

/**
 * KDC side (KRB5_KDC_PROFILE): the database, stash and log live in the temp
 * dir; the KDC logs to stderr, where the helper reads its readiness line.
 */
export function renderKdcConf(files: RealmFiles): string {
  return `[kdcdefaults]
  kdc_listen = 127.0.0.1:${files.port}
  kdc_tcp_listen = 127.0.0.1:${files.port}

[realms]
  ${files.realm} = {
    database_name = ${files.dir}/principal
    key_stash_file = ${files.dir}/stash
    acl_file = ${files.dir}/kadm5.acl
    supported_enctypes = aes256-cts-hmac-sha1-96:normal
    max_life = 10h
  }

[logging]
  kdc = STDERR
`;
}
