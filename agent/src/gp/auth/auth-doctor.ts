import { type Dispatcher, request } from 'undici';
import type { SourceConfig } from '../../config/agent-config';
import { endpointProbe } from '../endpoint-probe';
import type { HttpAuthRequest } from '../soap/http-authenticator';
import { challengeSchemes } from '../soap/http-authenticator';
import type { GpAuthFactory } from './gp-auth-factory';

/** One line of `agent doctor`. */
export interface AuthCheck {
  readonly ok: boolean | 'warn';
  readonly name: string;
  readonly detail: string;
}

/**
 * `agent doctor` lines for a source with `auth`: "Kerberos <company>" (a TGT
 * can be obtained for the principal now, and the KDC knows the SPN: it issues
 * a service ticket for it), then "GP <company>" (the endpoint's WSDL, fetched
 * with authentication). Each failure is the same one-line message the agent
 * logs; never a stack trace.
 */
export async function checkGpAuth(source: SourceConfig, factory: GpAuthFactory): Promise<AuthCheck[]> {
  const checks: AuthCheck[] = [];
  const authn = factory.create(source.auth, { url: source.url, timeoutMs: source.timeoutMs });
  try {
    if (authn.kerberos) {
      const name = `Kerberos ${source.company}`;
      const kerberos = authn.kerberos;
      try {
        const fresh = await kerberos.credential.refresh();
        await kerberos.authorize({ method: 'GET', url: new URL(source.url) });
        checks.push({
          ok: true,
          name,
          detail: `${fresh ? 'obtained a ticket' : 'found a ticket'} for ${kerberos.credential.who}; the KDC issues service tickets for ${kerberos.describe().replace(/^.* for /, '')}`,
        });
      } catch (error) {
        checks.push({ ok: authn.dispatcher ? 'warn' : false, name, detail: messageOf(error) });
      }
    }
    checks.push(await probeEndpoint(source, authn));
  } finally {
    await authn.close();
  }
  return checks;
}

async function probeEndpoint(
  source: SourceConfig,
  authn: ReturnType<GpAuthFactory['create']>,
): Promise<AuthCheck> {
  const name = `GP ${source.company}`;
  const endpoint = endpointProbe(source);
  const url = endpoint.url;
  const probe: HttpAuthRequest = { method: 'GET', url };
  const { authenticator } = authn;
  const get = async (headers: Record<string, string>) => {
    const response = await request(url, {
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(source.timeoutMs),
      ...(authn.dispatcher ? { dispatcher: authn.dispatcher as Dispatcher } : {}),
    });
    const header = response.headers['www-authenticate'];
    return {
      response,
      challenges: header === undefined ? [] : Array.isArray(header) ? header : [header],
    };
  };
  try {
    let { response, challenges } = await get(await authenticator.authorize(probe));
    if (response.statusCode === 401 && authenticator.respond) {
      await response.body.dump();
      const followUp = await authenticator.respond(probe, challenges);
      if (followUp !== null) ({ response, challenges } = await get(followUp));
    }
    const body = await response.body.text();
    if (response.statusCode === 401) {
      const offered = challengeSchemes(challenges).join(', ') || 'none';
      return {
        ok: false,
        name,
        detail: `${source.url} refused ${authn.describe()} with HTTP 401 (offers ${offered})`,
      };
    }
    if (response.statusCode < 300 && authenticator.accept && challenges.length > 0) {
      await authenticator.accept(probe, challenges);
    }
    return endpoint.isRight(response.statusCode, body)
      ? { ok: true, name, detail: `${source.url} serves ${endpoint.what} to ${authn.describe()}` }
      : {
          ok: false,
          name,
          detail: `${source.url} answered HTTP ${response.statusCode}, not ${endpoint.what}; check the URL`,
        };
  } catch (error) {
    return { ok: false, name, detail: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  const message = (error as Error).message ?? String(error);
  return cause?.code && !message.includes(cause.code) ? `${message} (${cause.code})` : message;
}
