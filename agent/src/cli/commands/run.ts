import { systemClock } from '@gprelay/shared';
import { loadAgentConfig } from '../../config/agent-config';
import { loadIdentity } from '../../enroll/identity';
import { createLogger } from '../../logging/text-logger';
import { AgentRuntime } from '../../runtime/agent-runtime';
import { acquireInstanceLock } from '../../runtime/instance-lock';
import { LocalStore } from '../../store';
import { CloudConnection } from '../../transport';
import { Vault } from '../../vault';
import { AGENT_VERSION } from '../../version';
import { openSources } from '../open-sources';
import { agentPaths } from '../paths';

/** `agent run --config agent.json`: polls GP and relays changes until stopped (SIGINT/SIGTERM). */
export async function runCommand(options: {
  config: string;
  logFormat?: 'text' | 'json';
  backfillSince?: string;
}): Promise<number> {
  const config = loadAgentConfig(options.config);
  const clock = systemClock;
  const logger = createLogger({ level: config.logLevel, format: options.logFormat ?? 'text' });
  const paths = agentPaths(config.dataDir);
  const vault = await Vault.open(paths.vault);
  const identity = await loadIdentity(vault);
  const lock = acquireInstanceLock(config.dataDir);
  const store = LocalStore.open(paths.store, { clock });
  store.requeueInFlight();
  const sources = await openSources(config, { clock, logger });
  const connection = new CloudConnection({
    cloudUrl: config.cloudUrl ?? identity.cloudUrl,
    credentials: () => loadIdentity(vault),
    agentVersion: AGENT_VERSION,
    companies: sources.map((s) => s.company),
    capabilities: [...new Set(sources.map((s) => s.kind))],
    outbox: store,
    clock,
    logger,
    ...(config.proxyUrl ? { proxyUrl: config.proxyUrl } : {}),
  });
  const runtime = new AgentRuntime({
    sources,
    store,
    connection,
    clock,
    logger,
    defaultPollIntervalMs: config.pollIntervalMs,
    ...(options.backfillSince ? { backfillSince: options.backfillSince } : {}),
  });
  if (sources.length === 0)
    logger.warn('no GP sources configured: add companies under "sources" in the config');
  logger.info('agent starting', {
    agentId: identity.agentId,
    version: AGENT_VERSION,
    companies: sources.length,
  });
  runtime.start();

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info(`${signal}: stopping after the current poll`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await runtime.stop();
  await Promise.all(sources.map((s) => s.close()));
  store.close();
  lock.release();
  logger.info('agent stopped');
  return 0;
}
