import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { AgentError, AgentErrorCode } from '../errors';
import { redactUrl } from './cloud-url';

/**
 * An http.Agent that reaches the cloud through an HTTP(S) proxy with a CONNECT
 * tunnel (TLS to the cloud runs inside it, end to end). Basic proxy credentials
 * may sit in the URL's userinfo; the URL is only ever shown redacted.
 */
export function createProxyAgent(proxyUrl: string): Agent {
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
  return new HttpsProxyAgent(url, { keepAlive: false });
}
