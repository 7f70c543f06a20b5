import { AgentError, AgentErrorCode } from '../errors';

/** Path of the agent socket on the cloud (protocol v1). */
export const AGENT_SOCKET_PATH = '/v1/agent/socket';
/** Path of the enrollment endpoint on the cloud (protocol v1). */
export const ENROLL_PATH = '/v1/agents/enroll';

/**
 * Checks an operator-supplied cloud URL and returns it without a trailing
 * slash: http(s) only, no credentials, query or fragment. A path prefix is kept
 * (a cloud behind a reverse proxy at `/gprelay`).
 */
export function normalizeCloudUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(raw, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(raw, 'use https://');
  if (url.username || url.password) throw invalid(raw, 'it must not carry credentials');
  if (url.search || url.hash) throw invalid(raw, 'it must not have a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `https://cloud/x` → `wss://cloud/x/v1/agent/socket` (and http → ws). */
export function agentSocketUrl(cloudUrl: string): string {
  const base = normalizeCloudUrl(cloudUrl);
  return `${base.replace(/^http/, 'ws')}${AGENT_SOCKET_PATH}`;
}

/** A URL fit for logs and messages: any userinfo replaced (proxy URLs may carry a password). */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = 'redacted';
      url.password = '';
    }
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function invalid(raw: string, why: string): AgentError {
  const redacted = redactUrl(raw.trim());
  const shown = redacted === '(unparseable URL)' ? raw.trim().slice(0, 100) : redacted;
  return new AgentError(AgentErrorCode.config, `invalid cloud URL ${JSON.stringify(shown)}: ${why}`);
}
