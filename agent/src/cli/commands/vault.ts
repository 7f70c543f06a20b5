import { loadAgentConfig } from '../../config/agent-config';
import { AgentError, AgentErrorCode } from '../../errors';
import { Vault } from '../../vault';
import { agentPaths } from '../paths';

/**
 * `agent vault list` / `agent vault set NAME`: secrets (e.g. the GP service
 * account password) go in through stdin, never the command line, and never
 * come back out of the CLI.
 */
export async function vaultCommand(options: {
  config: string;
  action?: string;
  name?: string;
}): Promise<number> {
  const config = loadAgentConfig(options.config);
  const vault = await Vault.open(agentPaths(config.dataDir).vault);
  switch (options.action) {
    case 'list': {
      const names = await vault.list();
      process.stdout.write(`${names.length === 0 ? 'the vault is empty' : names.join('\n')}\n`);
      return 0;
    }
    case 'set': {
      if (!options.name)
        throw new AgentError(
          AgentErrorCode.config,
          'usage: agent vault set NAME  (the value is read from stdin)',
        );
      const value = (await readStdin()).replace(/\r?\n$/, '');
      if (value === '') throw new AgentError(AgentErrorCode.config, 'no value on stdin');
      await vault.set(options.name, value);
      process.stdout.write(`stored ${options.name}\n`);
      return 0;
    }
    default:
      throw new AgentError(AgentErrorCode.config, 'usage: agent vault list | agent vault set NAME');
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    process.stderr.write('value (input is not echoed by your shell only if you pipe it): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
