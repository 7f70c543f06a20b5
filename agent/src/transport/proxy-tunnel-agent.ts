import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * The http.Agent that tunnels through the proxy. Its own module, imported on demand by
 * createProxyAgent: a static import here lets the bundler resolve https-proxy-agent's CommonJS
 * exports by name, which a dynamic import of the package itself does not (only `default`).
 */
export function proxyTunnelAgent(url: URL): Agent {
  return new HttpsProxyAgent(url, { keepAlive: false });
}
