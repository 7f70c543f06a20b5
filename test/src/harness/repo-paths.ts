import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/src/harness. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLOUD_SERVER = join(REPO_ROOT, 'cloud', 'src', 'server.ts');
export const AGENT_CLI = join(REPO_ROOT, 'agent', 'src', 'cli', 'main.ts');
export const AGENT_BUNDLE = join(REPO_ROOT, 'agent', 'dist', 'agent.mjs');
