import { OAUTH_STATE_TTL_MS } from './oauth-state';

/**
 * The cookie that binds an install to the browser that started it. Over https
 * it carries the `__Host-` prefix (Secure, Path=/, no Domain: no subdomain can
 * plant or overwrite it). SameSite=Lax: Slack's redirect back is a top-level
 * GET navigation, which Lax cookies accompany.
 */
export function installCookieName(secure: boolean): string {
  return secure ? '__Host-gprelay_slack_install' : 'gprelay_slack_install';
}

export function setInstallCookie(value: string, secure: boolean): string {
  return [
    `${installCookieName(secure)}=${value}`,
    'Path=/',
    `Max-Age=${Math.floor(OAUTH_STATE_TTL_MS / 1000)}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearInstallCookie(secure: boolean): string {
  return [
    `${installCookieName(secure)}=`,
    'Path=/',
    'Max-Age=0',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The install cookie's value from a `Cookie` header, if present. */
export function readInstallCookie(header: string | undefined, secure: boolean): string | undefined {
  if (!header) return undefined;
  const name = installCookieName(secure);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
