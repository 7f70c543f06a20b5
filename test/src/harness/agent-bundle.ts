import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-paths';

/**
 * The node flags an installed agent runs with (agent/README.md, the service launcher): a small
 * old-space cap keeps RSS near the live data, a small young generation keeps it flat between polls,
 * optimising compiles and GC on the main thread leave no per-thread malloc arenas holding freed
 * memory, and no Sparkplug baseline code (idle -1 MB, no measurable cost to backfill throughput).
 * These V8 flags work only on the command line.
 */
export const AGENT_NODE_ARGS: readonly string[] = [
  '--max-old-space-size=48',
  '--max-semi-space-size=1',
  '--no-concurrent-recompilation',
  '--single-threaded-gc',
  '--no-sparkplug',
];

/** Builds the installed form of the agent, `agent/dist/agent.mjs` (what `pnpm build:agent` does). */
export function buildAgentBundle(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'agent', 'scripts', 'build.mjs')], { stdio: 'ignore' });
}
