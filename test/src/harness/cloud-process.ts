import { TsxProcess } from './child-process';
import { CLOUD_SERVER } from './repo-paths';

/** The cloud (`cloud/src/server.ts`) as a real process, restartable on the same port and database. */
export class CloudProcess {
  process: TsxProcess | null = null;
  /** Bearer token of the operator API; from OPERATOR_TOKEN, or set once the embedded cloud generated one. */
  operatorToken: string | undefined;
  #starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly options: { echo?: boolean | ((line: string) => boolean) } = {},
  ) {
    this.operatorToken = env.OPERATOR_TOKEN;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#starts += 1;
    this.process = new TsxProcess(
      `cloud#${this.#starts}`,
      CLOUD_SERVER,
      [],
      {
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PUBLIC_URL: this.url,
        LOG_LEVEL: 'info',
        ...this.env,
      },
      this.options,
    );
    await this.process.waitForLine(/GP Relay cloud listening on/, 90_000);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.process?.stop(signal);
  }

  /** The operator API, authenticated with OPERATOR_TOKEN. */
  async api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.operatorToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}
