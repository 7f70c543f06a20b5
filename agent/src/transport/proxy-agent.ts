import type { Agent } from 'node:http';
import { AgentError, AgentErrorCode } from '../errors';
import { redactUrl } from './cloud-url';

/** Checks a configured proxy URL up front, so a bad one is a config error at start, not at the first connect. */
export function parseProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new AgentError(AgentErrorCode.config, `invalid proxy URL ${redactUrl(proxyUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentError(
      AgentErrorCode.config,
      `invalid proxy URL ${redactUrl(proxyUrl)}: only http:// and https:// proxies are supported`,
    );
  }
  return url;
}

/**
 * An http.Agent that reaches the cloud through an HTTP(S) proxy with a CONNECT
 * tunnel (TLS to the cloud runs inside it, end to end). Basic proxy credentials
 * may sit in the URL's userinfo; the URL is only ever shown redacted.
 * https-proxy-agent (with debug, assert and tty) loads only when a proxy is
 * configured: most agents have none, and each module stays in an idle agent's memory.
 */
export async function createProxyAgent(url: URL): Promise<Agent> {
  const { proxyTunnelAgent } = await import('./proxy-tunnel-agent');
  return proxyTunnelAgent(url);
}
