import { join } from 'node:path';
import { silentLogger, systemClock } from '@gprelay/shared';
import { ProxyAgent } from 'undici';
import { type AgentConfig, loadAgentConfig } from '../../config/agent-config';
import { loadIdentity } from '../../enroll';
import { checkGpAuth, GpAuthFactory } from '../../gp/auth';
import { endpointProbe } from '../../gp/endpoint-probe';
import { fetch as undiciFetch } from '../../transport/undici-fetch';
import { Vault } from '../../vault';
import { agentPaths } from '../paths';

type Check = { ok: boolean | 'warn'; name: string; detail: string };

const TIMEOUT_MS = 10_000;
/** Connect tokens live 5 minutes; a clock further off than this makes them fail. */
const MAX_SKEW_MS = 4 * 60_000;

/**
 * `agent doctor`: one line per thing that must work (config, vault, enrollment,
 * cloud reachability and clock skew, each GP endpoint), with what to do about
 * a failure. Exit code 1 when any check fails.
 */
export async function doctorCommand(options: { config: string }): Promise<number> {
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    const mark = check.ok === true ? 'ok  ' : check.ok === 'warn' ? 'warn' : 'FAIL';
    process.stdout.write(`${mark}  ${check.name}: ${check.detail}\n`);
  };

  let config: AgentConfig;
  try {
    config = loadAgentConfig(options.config);
    report({ ok: true, name: 'config', detail: `${config.path} (${config.sources.length} GP source(s))` });
  } catch (error) {
    report({ ok: false, name: 'config', detail: (error as Error).message });
    return 1;
  }
  const dispatcher = config.proxyUrl ? new ProxyAgent(config.proxyUrl) : undefined;
  const get = (url: string) =>
    undiciFetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), ...(dispatcher ? { dispatcher } : {}) });

  let cloudUrl = config.cloudUrl;
  try {
    const vault = await Vault.open(agentPaths(config.dataDir).vault);
    report({ ok: true, name: 'vault', detail: vault.dir });
    try {
      const identity = await loadIdentity(vault);
      cloudUrl ??= identity.cloudUrl;
      report({
        ok: true,
        name: 'enrollment',
        detail: `agent ${identity.agentId}, tenant ${identity.tenantId}`,
      });
    } catch (error) {
      report({ ok: false, name: 'enrollment', detail: (error as Error).message });
    }
  } catch (error) {
    report({ ok: false, name: 'vault', detail: (error as Error).message });
  }

  if (cloudUrl) {
    try {
      const response = await get(new URL('/healthz', cloudUrl).toString());
      const serverDate = Date.parse(response.headers.get('date') ?? '');
      report({
        ok: response.ok,
        name: 'cloud',
        detail: response.ok ? `${cloudUrl} answers` : `${cloudUrl} answered HTTP ${response.status}`,
      });
      if (Number.isFinite(serverDate)) {
        const skewMs = Date.now() - serverDate;
        report({
          ok: Math.abs(skewMs) < MAX_SKEW_MS,
          name: 'clock',
          detail: `${Math.round(skewMs / 1000)} s from the cloud's clock${Math.abs(skewMs) < MAX_SKEW_MS ? '' : ": fix this server's time (NTP); connect tokens are refused"}`,
        });
      }
    } catch (error) {
      report({
        ok: false,
        name: 'cloud',
        detail: `cannot reach ${cloudUrl}: ${describe(error)}${config.proxyUrl ? ` (through proxy ${redact(config.proxyUrl)})` : ''}`,
      });
    }
  } else {
    report({ ok: false, name: 'cloud', detail: 'no cloudUrl in the config and the agent is not enrolled' });
  }

  // Logons as the agent does them (same private credential cache); the lines below say it all.
  const vaultDir = agentPaths(config.dataDir).vault;
  let vaultOpened: Promise<Vault> | null = null;
  const gpAuth = new GpAuthFactory({
    ccacheDir: join(config.dataDir, 'krb5cc'),
    vault: () => (vaultOpened ??= Vault.open(vaultDir)),
    clock: systemClock,
    logger: silentLogger,
  });
  for (const source of config.sources) {
    if (source.auth.mode !== 'none') {
      for (const check of await checkGpAuth(source, gpAuth)) report(check);
      continue;
    }
    const probe = endpointProbe(source);
    try {
      const response = await undiciFetch(probe.url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = await response.text();
      if (response.status === 401) {
        const schemes = response.headers.get('www-authenticate') ?? 'none offered';
        report({
          ok: 'warn',
          name: `GP ${source.company}`,
          detail: `${source.url} requires authentication (${schemes})`,
        });
      } else if (probe.isRight(response.status, body)) {
        report({ ok: true, name: `GP ${source.company}`, detail: `${source.url} serves ${probe.what}` });
      } else {
        report({
          ok: false,
          name: `GP ${source.company}`,
          detail: `${source.url} answered HTTP ${response.status}, not ${probe.what}; check the URL`,
        });
      }
    } catch (error) {
      report({
        ok: false,
        name: `GP ${source.company}`,
        detail: `cannot reach ${source.url}: ${describe(error)}`,
      });
    }
  }
  await dispatcher?.close();
  return checks.some((c) => c.ok === false) ? 1 : 0;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
