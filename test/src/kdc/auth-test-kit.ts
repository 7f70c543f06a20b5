import {
  AuthReportingSource,
  GpAuthFactory,
  type GpAuthSettings,
  type GssApi,
  parseAuthSettings,
  SoapGpSource,
} from '@gprelay/agent';
import { silentLogger } from '@gprelay/shared';
import { type GpSimulator, startGpSimulator } from '../gp-sim';
import { createSimAuthentication, type SimAuthentication, type SimAuthOptions } from '../gp-sim/auth';
import { SOAP_PATH } from '../gp-sim/http/sim-server';

/** A GP simulator behind simulated IIS Windows Authentication. */
export async function startAuthSimulator(
  options: SimAuthOptions,
): Promise<{ sim: GpSimulator; auth: SimAuthentication }> {
  const auth = createSimAuthentication(options);
  const sim = await startGpSimulator({ seed: 3, vendors: 10, invoices: 12, authenticate: auth.authenticate });
  return { sim, auth };
}

/** The simulator's SOAP URL under another host name (Kerberos derives the SPN from it). */
export function soapUrlAt(sim: GpSimulator, host: string): string {
  return `http://${host}:${new URL(sim.baseUrl).port}${SOAP_PATH}`;
}

/** `auth` settings as agent.json would have them, validated the same way. */
export function authSettings(raw: Record<string, unknown>, url: string): GpAuthSettings {
  const problems: string[] = [];
  const settings = parseAuthSettings(
    raw,
    'auth',
    { url, legacySpn: undefined, platform: process.platform },
    problems,
  );
  if (problems.length > 0) throw new Error(problems.join('; '));
  return settings;
}

/** Counts the GSS steps that carried a server token (= mutual authentication checks). */
export function countingGss(load: () => Promise<GssApi>): {
  gss: () => Promise<GssApi>;
  mutualChecks: () => number;
} {
  let checks = 0;
  const gss = async (): Promise<GssApi> => {
    const real = await load();
    return {
      spnegoMechOid: real.spnegoMechOid,
      initializeClient: async (service, options) => {
        const context = await real.initializeClient(service, options);
        return {
          get contextComplete() {
            return context.contextComplete;
          },
          step: async (challenge: string) => {
            const token = await context.step(challenge);
            if (challenge !== '') checks += 1;
            return token;
          },
        };
      },
    };
  };
  return { gss, mutualChecks: () => checks };
}

/** A SoapGpSource wired as open-sources.ts wires it: authenticator, NTLM's connection, auth-aware errors. */
export function authenticatedSource(factory: GpAuthFactory, settings: GpAuthSettings, url: string) {
  const authn = factory.create(settings, { url, timeoutMs: 10_000 });
  const inner = new SoapGpSource({
    url,
    companyId: -1,
    company: 'Fabrikam, Inc.',
    timeoutMs: 10_000,
    authenticator: authn.authenticator,
    logger: silentLogger,
    ...(authn.dispatcher ? { dispatcher: authn.dispatcher } : {}),
  });
  const source = new AuthReportingSource(inner, authn.describe, authn.close);
  return { source, authn };
}

/** Everything changed in the last 10 years: the whole (small) simulated company. */
export async function listAll(source: AuthReportingSource): Promise<number> {
  const page = await source.listChanged({
    docType: 'payables-invoice',
    since: new Date(Date.now() - 10 * 365 * 86_400_000).toISOString(),
    pageSize: 1000,
  });
  return page.documents.length;
}

export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}

export { GpAuthFactory };
