import { join } from 'node:path';

/** Where the agent keeps things inside its data folder. */
export const agentPaths = (dataDir: string) => ({
  vault: join(dataDir, 'vault'),
  store: join(dataDir, 'agent.db'),
});
