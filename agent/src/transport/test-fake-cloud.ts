import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AGENT_TO_CLOUD, type Frame, type FrameType, parseFrame, WS_SUBPROTOCOL } from '@gprelay/shared';
import { importJWK, type JWK, type JWTHeaderParameters, type JWTPayload, jwtVerify } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CloudConnection } from './cloud-connection';
import type { ConnectionState } from './connection-state';

type FrameOf<T extends FrameType> = Extract<Frame, { type: T }>;

export interface FakeCloudOptions {
  agentId: string;
  audience: string;
  publicJwk: JWK;
  /** Answer pings (default true); false simulates a peer that went silent. */
  autoPong?: boolean;
}

/** One agent connection as the fake cloud sees it. */
export class FakeAgentSocket {
  readonly frames: Frame[] = [];
  readonly rejected: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly consumed = new Map<FrameType, number>();
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly ws: WebSocket,
    readonly headers: IncomingMessage['headers'],
  ) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data: Buffer) => {
      const result = parseFrame(data, AGENT_TO_CLOUD);
      if (result.ok) this.frames.push(result.frame);
      else this.rejected.push(result.code);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The next frame of `type` not yet returned by this method; waits for it. */
  async nextFrame<T extends FrameType>(type: T): Promise<FrameOf<T>> {
    for (;;) {
      const seen = this.consumed.get(type) ?? 0;
      const matching = this.frames.filter((frame) => frame.type === type);
      if (matching.length > seen) {
        this.consumed.set(type, seen + 1);
        return matching[seen] as FrameOf<T>;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

export interface VerifiedToken {
  header: JWTHeaderParameters;
  payload: JWTPayload;
}

/**
 * The cloud's agent socket, faked at the network edge: a real HTTP server and
 * `ws` server on 127.0.0.1:0 that verify the connect JWT the way the cloud must
 * (EdDSA pinned, aud, exp ≤ 5 min, kid = sub = agent, jti never reused) and
 * hand each accepted socket to the test.
 */
export class FakeCloud {
  readonly tokens: VerifiedToken[] = [];
  readonly authFailures: string[] = [];
  readonly sockets: FakeAgentSocket[] = [];
  /** Each upgrade takes the first entry, if any, and answers with it instead of upgrading. */
  readonly refuseNext: Array<{ status: number; body?: unknown }> = [];
  private readonly jtis = new Set<string>();
  private readonly socketWaiters: Array<() => void> = [];
  private consumedSockets = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeCloudOptions,
    readonly url: string,
  ) {}

  static async start(options: FakeCloudOptions): Promise<FakeCloud> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({
      noServer: true,
      autoPong: options.autoPong ?? true,
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const cloud = new FakeCloud(server, wss, options, `http://127.0.0.1:${port}`);
    server.on('upgrade', (req, socket, head) => void cloud.onUpgrade(req, socket, head));
    return cloud;
  }

  /** The next accepted agent socket not yet returned by this method; waits for it. */
  async nextSocket(): Promise<FakeAgentSocket> {
    for (;;) {
      const socket = this.sockets[this.consumedSockets];
      if (socket) {
        this.consumedSockets += 1;
        return socket;
      }
      await new Promise<void>((resolve) => this.socketWaiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = this.refuseNext.shift();
    if (refuse) return respond(socket, refuse.status, refuse.body);
    if (req.url !== '/v1/agent/socket') return respond(socket, 404, { error: { code: 'CLOUD_NOT_FOUND' } });
    const problem = await this.verify(req.headers.authorization);
    if (problem) {
      this.authFailures.push(problem);
      return respond(socket, 401, { error: { code: 'CLOUD_AGENT_AUTH_FAILED', message: problem } });
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      this.sockets.push(new FakeAgentSocket(ws, req.headers));
      for (const wake of this.socketWaiters.splice(0)) wake();
    });
  }

  private async verify(authorization: string | undefined): Promise<string | null> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return 'missing bearer token';
    try {
      const key = await importJWK(this.options.publicJwk, 'EdDSA');
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        algorithms: ['EdDSA'],
        audience: this.options.audience,
        subject: this.options.agentId,
        typ: 'JWT',
        requiredClaims: ['iat', 'exp', 'jti', 'sub', 'aud'],
        maxTokenAge: 300,
      });
      if (protectedHeader.kid !== this.options.agentId) return 'kid is not the agent id';
      if (payload.exp! - payload.iat! > 300) return 'token lives longer than 5 minutes';
      if (this.jtis.has(payload.jti!)) return 'jti reused';
      this.jtis.add(payload.jti!);
      this.tokens.push({ header: protectedHeader, payload });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

function respond(socket: Duplex, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** Resolves once `predicate` holds for a state the connection emits (or already holds). */
export function waitForState<S extends ConnectionState>(
  connection: CloudConnection,
  predicate: (state: ConnectionState) => state is S,
): Promise<S>;
export function waitForState(
  connection: CloudConnection,
  predicate: (state: ConnectionState) => boolean,
): Promise<ConnectionState>;
export function waitForState(
  connection: CloudConnection,
  predicate: (state: ConnectionState) => boolean,
): Promise<ConnectionState> {
  if (predicate(connection.state)) return Promise.resolve(connection.state);
  return new Promise((resolve) => {
    const off = connection.on('state', (state) => {
      if (predicate(state)) {
        off();
        resolve(state);
      }
    });
  });
}
