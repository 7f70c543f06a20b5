import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadAgentConfig } from '../../config/agent-config';
import { enrollAgent } from '../../enroll';
import { AgentError, AgentErrorCode } from '../../errors';
import { Vault } from '../../vault';
import { AGENT_VERSION } from '../../version';
import { agentPaths } from '../paths';

/**
 * `agent enroll --cloud URL --code CODE --config agent.json`: makes the key
 * pair here, registers the public half, keeps the private half in the vault.
 * Creates a starter config when none exists yet.
 */
export async function enrollCommand(options: {
  cloud?: string;
  code?: string;
  config: string;
}): Promise<number> {
  if (!options.cloud)
    throw new AgentError(
      AgentErrorCode.config,
      '--cloud URL is required (the cloud address from your console)',
    );
  if (!options.code)
    throw new AgentError(
      AgentErrorCode.config,
      '--code CODE is required (a one-time code from your console)',
    );
  const configPath = resolve(options.config);
  if (!existsSync(configPath)) {
    mkdirSync(dirname(configPath), { recursive: true });
    const starter = { cloudUrl: options.cloud, dataDir: 'data', sources: [] };
    writeFileSync(configPath, `${JSON.stringify(starter, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write(
      `created ${configPath}; add your GP companies under "sources" before \`agent run\`\n`,
    );
  }
  const config = loadAgentConfig(configPath);
  const vault = await Vault.open(agentPaths(config.dataDir).vault);
  const result = await enrollAgent({
    cloudUrl: options.cloud,
    code: options.code,
    hostname: hostname(),
    agentVersion: AGENT_VERSION,
    vault,
    ...(config.proxyUrl ? { proxyUrl: config.proxyUrl } : {}),
  });
  process.stdout.write(
    `enrolled as agent ${result.agentId} (tenant ${result.tenantId}); start it with \`agent run\`\n`,
  );
  return 0;
}
