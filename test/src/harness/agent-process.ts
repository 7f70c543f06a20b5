import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TsxProcess } from './child-process';
import { AGENT_BUNDLE, AGENT_CLI } from './repo-paths';

/** The agent CLI as real processes: one `enroll`, then `run` as often as a test restarts it. */
export class AgentProcess {
  process: TsxProcess | null = null;
  readonly configPath: string;
  #runs = 0;

  constructor(
    readonly dir: string,
    config: {
      cloudUrl: string;
      proxyUrl?: string;
      pollIntervalMs: number;
      sources: object[];
      logLevel?: string;
    },
    private readonly options: {
      echo?: boolean | ((line: string) => boolean);
      /** Run the installed form (`pnpm build:agent` bundle) on plain node with these flags, instead of the sources through tsx. */
      bundle?: { nodeArgs: readonly string[] };
    } = {},
  ) {
    mkdirSync(dir, { recursive: true });
    this.configPath = join(dir, 'agent.json');
    writeFileSync(
      this.configPath,
      JSON.stringify({ dataDir: 'data', logLevel: 'debug', ...config }, null, 2),
    );
  }

  async enroll(cloudUrl: string, code: string): Promise<void> {
    const enroll = new TsxProcess(
      'agent-enroll',
      AGENT_CLI,
      ['enroll', '--cloud', cloudUrl, '--code', code, '--config', this.configPath],
      {},
    );
    const { code: exitCode } = await enroll.exited;
    if (exitCode !== 0) throw new Error(`agent enroll failed (${exitCode}):\n${enroll.tail()}`);
  }

  async start(extraArgs: readonly string[] = []): Promise<TsxProcess> {
    this.#runs += 1;
    const { bundle, echo } = this.options;
    this.process = new TsxProcess(
      `agent#${this.#runs}`,
      bundle ? AGENT_BUNDLE : AGENT_CLI,
      ['run', '--config', this.configPath, ...extraArgs],
      {},
      {
        ...(echo !== undefined ? { echo } : {}),
        ...(bundle ? { plainNode: { nodeArgs: bundle.nodeArgs } } : {}),
      },
    );
    await this.process.waitForLine(/agent starting/, 60_000);
    return this.process;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.process?.stop(signal);
  }
}
