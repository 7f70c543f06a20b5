import { join } from 'node:path';
import type { Clock, Logger } from '@gprelay/shared';
import type { AgentConfig, SourceConfig } from '../config/agent-config';
import { ANONYMOUS } from '../gp/auth/anonymous';
import { AuthReportingSource } from '../gp/auth/auth-reporting-source';
import type { GpAuthentication, GpAuthFactory } from '../gp/auth/gp-auth-factory';
import type { SecretReader } from '../gp/auth/password-source';
import type { GpSource } from '../gp/gp-source';
import { Vault } from '../vault';
import { agentPaths } from './paths';

export type ClosableSource = GpSource & { close(): Promise<void> };

/**
 * One GpSource per configured company (SOAP or SBA by `kind`), each authenticating as its `auth`
 * says (NTLM gets its own one-connection dispatcher). The vault is read when
 * a logon needs the password; pass the open one when the caller has it.
 *
 * The adapters and the Kerberos/NTLM code are imported only when a source names them: the installed
 * agent is split into chunks (agent/scripts/build.mjs), and an idle agent holds only the code it runs.
 */
export async function openSources(
  config: AgentConfig,
  deps: { clock: Clock; logger: Logger; vault?: SecretReader },
): Promise<ClosableSource[]> {
  let auth: GpAuthFactory | null = null;
  const authFor = async (source: SourceConfig): Promise<GpAuthentication> => {
    if (source.auth.mode === 'none') return ANONYMOUS;
    if (!auth) {
      let opened: Promise<SecretReader> | null = null;
      const { GpAuthFactory } = await import('../gp/auth/gp-auth-factory');
      auth = new GpAuthFactory({
        ccacheDir: join(config.dataDir, 'krb5cc'),
        vault: deps.vault ?? (() => (opened ??= Vault.open(agentPaths(config.dataDir).vault))),
        clock: deps.clock,
        logger: deps.logger,
      });
    }
    return auth.create(source.auth, { url: source.url, timeoutMs: source.timeoutMs });
  };
  const sources: ClosableSource[] = [];
  for (const source of config.sources) {
    const authn = await authFor(source);
    const common = {
      company: source.company,
      timeoutMs: source.timeoutMs,
      authenticator: authn.authenticator,
      ...(authn.dispatcher ? { dispatcher: authn.dispatcher } : {}),
      clock: deps.clock,
      logger: deps.logger,
      includeUnpostedJournals: source.includeUnpostedJournals,
      ...(source.docTypes ? { docTypes: source.docTypes } : {}),
    };
    const gp =
      source.kind === 'gp-sba'
        ? new (await import('../gp/sba/sba-gp-source')).SbaGpSource({
            ...source.sba,
            ...common,
            baseUrl: source.url,
          })
        : new (await import('../gp/soap/soap-gp-source')).SoapGpSource({
            ...common,
            url: source.url,
            companyId: source.companyId,
          });
    sources.push(new AuthReportingSource(gp, authn.describe, authn.close));
  }
  return sources;
}
