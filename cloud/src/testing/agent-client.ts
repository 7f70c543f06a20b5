import { encodeFrame, type Frame, parseFrame, WS_SUBPROTOCOL } from '@gprelay/shared';
import WebSocket from 'ws';

/**
 * A bare protocol client for the cloud's own tests: opens the agent socket
 * with a given Authorization header and reads frames in order.
 */
export class TestAgentSocket {
  readonly frames: Frame[] = [];
  readonly #waiters: Array<() => void> = [];
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = parseFrame(data as Buffer);
      if (parsed.ok) this.frames.push(parsed.frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Resolves when open, or rejects with the HTTP status of a refused upgrade. */
  static connect(baseUrl: string, authorization?: string): Promise<TestAgentSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/v1/agent/socket`;
    const ws = new WebSocket(url, [WS_SUBPROTOCOL], {
      headers: authorization ? { authorization } : {},
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestAgentSocket(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error('refused'), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : encodeFrame(frame));
  }

  /** The next frame matching `type` not yet consumed, waiting for it if needed. */
  async next<T extends Frame['type']>(type: T): Promise<Extract<Frame, { type: T }>> {
    for (;;) {
      const index = this.frames.findIndex((f) => f.type === type);
      if (index >= 0) return this.frames.splice(index, 1)[0] as Extract<Frame, { type: T }>;
      if (this.closeCode !== null)
        throw new Error(`socket closed (${this.closeCode}) before a ${type} frame`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async closed(): Promise<number> {
    while (this.closeCode === null) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.closeCode;
  }

  close(): void {
    this.ws.close();
  }
}
