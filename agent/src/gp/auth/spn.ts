import { isIP } from 'node:net';

/** The Kerberos service GP's web server is known by. */
export interface ServicePrincipal {
  /** GSS host-based form for the `kerberos` package: `HTTP@gp01.corp.example`. */
  readonly gssName: string;
  /** As Windows admins write it (setspn): `HTTP/gp01.corp.example`. */
  readonly display: string;
  readonly host: string;
}

/**
 * `HTTP/<url host>` unless overridden (`HTTP/host` or `HTTP@host`). The host
 * is used as written in the URL: Kerberos clients must not canonicalise it
 * through DNS (a CNAME would otherwise pick the wrong SPN), and an IP address
 * only works with an SPN override since AD does not register IP SPNs.
 */
export function servicePrincipalFor(url: URL, override: string | null): ServicePrincipal {
  if (override !== null) {
    const match = /^([A-Za-z][\w-]*)[/@]([^/@\s]+)$/.exec(override.trim());
    if (!match) throw new RangeError(`SPN "${override}" must look like HTTP/host.example.com`);
    const [, service, host] = match as unknown as [string, string, string];
    return { gssName: `${service}@${host}`, display: `${service}/${host}`, host };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return { gssName: `HTTP@${host}`, display: `HTTP/${host}`, host };
}

/** True when the URL's host is an IP literal (Kerberos then needs an SPN override). */
export function hostIsIpAddress(url: URL): boolean {
  return isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
}
