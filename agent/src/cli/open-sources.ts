import { join } from 'node:path';
import type { Clock, Logger } from '@gprelay/shared';
import type { AgentConfig } from '../config/agent-config';
import { AuthReportingSource, GpAuthFactory, type SecretReader } from '../gp/auth';
import type { GpSource } from '../gp/gp-source';
import { SbaGpSource } from '../gp/sba';
import { SoapGpSource } from '../gp/soap';
import { Vault } from '../vault';
import { agentPaths } from './paths';

export type ClosableSource = GpSource & { close(): Promise<void> };

/**
 * One GpSource per configured company (SOAP or SBA by `kind`), each authenticating as its `auth`
 * says (NTLM gets its own one-connection dispatcher). The vault is read when
 * a logon needs the password; pass the open one when the caller has it.
 */
export function openSources(
  config: AgentConfig,
  deps: { clock: Clock; logger: Logger; vault?: SecretReader },
): ClosableSource[] {
  let opened: Promise<SecretReader> | null = null;
  const vault = deps.vault ?? (() => (opened ??= Vault.open(agentPaths(config.dataDir).vault)));
  const auth = new GpAuthFactory({
    ccacheDir: join(config.dataDir, 'krb5cc'),
    vault,
    clock: deps.clock,
    logger: deps.logger,
  });
  return config.sources.map((source) => {
    const authn = auth.create(source.auth, { url: source.url, timeoutMs: source.timeoutMs });
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
        ? new SbaGpSource({ ...source.sba, ...common, baseUrl: source.url })
        : new SoapGpSource({ ...common, url: source.url, companyId: source.companyId });
    return new AuthReportingSource(gp, authn.describe, authn.close);
  });
}
