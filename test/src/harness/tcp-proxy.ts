import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between the agent and the cloud, at the network edge, that a
 * test can make lose the cloud's answers: while `holdReplies` is on, bytes from
 * the cloud are kept back, so the cloud commits a batch but its ack never
 * reaches the agent.
 */
export class TcpRelay {
  readonly #server: Server;
  readonly #pairs = new Set<{ client: Socket; upstream: Socket }>();
  #holding = false;
  port = 0;

  private constructor(private readonly targetPort: number) {
    this.#server = createServer((client) => this.#relay(client));
  }

  static async start(targetPort: number): Promise<TcpRelay> {
    const relay = new TcpRelay(targetPort);
    await new Promise<void>((resolve) => relay.#server.listen(0, '127.0.0.1', resolve));
    relay.port = (relay.#server.address() as { port: number }).port;
    return relay;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** From now on, nothing the cloud sends reaches the agent. */
  holdReplies(): void {
    this.#holding = true;
  }

  /** Drops every relayed connection (held bytes included) and relays normally again. */
  resetAll(): void {
    this.#holding = false;
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.#pairs.clear();
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair = { client, upstream };
    this.#pairs.add(pair);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!this.#holding) client.write(chunk);
    });
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
