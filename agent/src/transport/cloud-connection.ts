import type { Agent } from 'node:http';
import {
  AGENT_TO_CLOUD,
  CLOUD_TO_AGENT,
  type Clock,
  type CommandName,
  encodeFrame,
  type Frame,
  FrameRejection,
  FrameType,
  type Logger,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  parseFrame,
  type StatusFrame,
  silentLogger,
  systemClock,
  type WelcomeFrame,
  WS_SUBPROTOCOL,
} from '@gprelay/shared';
import type { JWK } from 'jose';
import WebSocket from 'ws';
import { AgentError, AgentErrorCode, isAgentError } from '../errors';
import { type BatchLimits, MAX_BATCH_ITEMS, type OutboxBatch } from '../store/outbox';
import { type AlertBody, AlertBuffer } from './alert-buffer';
import { backoffDelayMs } from './backoff';
import { agentSocketUrl, redactUrl } from './cloud-url';
import { mintConnectJwt } from './connect-jwt';
import {
  AgentCloseCode,
  type ConnectionState,
  fatalCloseReason,
  RetryReason,
  StopReason,
} from './connection-state';
import { Heartbeat } from './heartbeat';
import { createProxyAgent } from './proxy-agent';
import { systemTimers, type TimerHandle, type Timers } from './timers';
import { TypedEvents } from './typed-events';
import { describeUpgradeFailure, readErrorBody } from './upgrade-failure';

/** What a connection attempt authenticates with; loaded afresh for every attempt. */
export interface ConnectCredentials {
  agentId: string;
  privateJwk: JWK;
  audience: string;
}

/** The slice of LocalStore the transport drains. */
export interface OutboxPort {
  nextBatch(limits: BatchLimits): OutboxBatch | null;
  ack(batchId: string): number;
  requeueInFlight(): void;
}

export interface CloudConnectionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** Every welcome (first one per connection, and any later config refresh). */
  welcome: WelcomeFrame;
  command: CommandName;
  ack: { batchId: string; accepted: number; duplicates: number; removed: number };
  /** A pong arrived: round trip of the last ping. */
  heartbeat: { rttMs: number };
}

export interface CloudConnectionOptions {
  cloudUrl: string;
  /** Called before every attempt, so a re-enrollment is picked up without a restart. */
  credentials: () => Promise<ConnectCredentials>;
  agentVersion: string;
  companies: readonly string[];
  capabilities?: readonly string[];
  outbox: OutboxPort;
  /** HTTP(S) proxy, reached with CONNECT; may carry Basic credentials in its userinfo. */
  proxyUrl?: string;
  clock?: Clock;
  logger?: Logger;
  timers?: Timers;
  /** Delay before retry number `attempt` (0-based); default full-jitter backoff, 1 s base, 60 s cap. */
  reconnectDelayMs?: (attempt: number) => number;
  /** Retry delay after the cloud refused our credentials or we have none; default 5 min. */
  authRetryDelayMs?: number;
  /** Batches sent and not yet acked; default 4. */
  maxBatchesInFlight?: number;
  /** Deltas per batch; default and maximum 500 (protocol limit). */
  maxBatchItems?: number;
  /** TCP + TLS + upgrade; default 15 s. */
  handshakeTimeoutMs?: number;
  /** From hello to welcome; default 15 s. */
  welcomeTimeoutMs?: number;
  /** Ping interval until the welcome sets one; default 30 s. */
  initialHeartbeatIntervalMs?: number;
  /** Alerts kept while offline; default 100. */
  maxBufferedAlerts?: number;
  /** Invalid cloud frames tolerated per minute before reconnecting; default 20. */
  maxBadFramesPerMinute?: number;
  /** How long stop() waits for the close handshake before cutting the socket; default 2 s. */
  stopTimeoutMs?: number;
}

export interface CloudConnectionStats {
  connectionsOpened: number;
  batchesSent: number;
  batchesAcked: number;
  badFramesReceived: number;
  cloudErrorsReceived: number;
  alertsDropped: number;
}

type Failure =
  | { kind: 'retry'; reason: RetryReason; detail: string; httpStatus?: number; closeCode?: number }
  | { kind: 'stop'; reason: StopReason; detail: string; closeCode?: number };

/** Everything that belongs to one socket; dropped whole when it closes. */
interface Attempt {
  ws: WebSocket;
  heartbeat: Heartbeat;
  welcomeTimer: TimerHandle | null;
  ready: boolean;
  failure: Failure | null;
  inFlight: Set<string>;
  badFrameTimesMs: number[];
  closed: Array<() => void>;
}

/** Room left in a frame for `{"type":"deltas","batchId":"…","items":[…]}` around the deltas. */
const FRAME_ENVELOPE_BYTES = 1024;
const BAD_FRAME_WINDOW_MS = 60_000;

/**
 * The agent's one outbound WebSocket to the cloud (protocol v1). Connects with
 * a fresh EdDSA JWT, says hello, waits for welcome, then drains the outbox with
 * a few batches in flight, acking rows only on the cloud's ack. Reconnects with
 * jittered backoff; stops for good only on revocation-class close codes or
 * stop(). Never throws from its event handlers; watch `state` instead.
 */
export class CloudConnection {
  private readonly options: CloudConnectionOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timers: Timers;
  private readonly socketUrl: string;
  private readonly proxyAgent: Agent | undefined;
  private readonly events: TypedEvents<CloudConnectionEvents>;
  private readonly alerts: AlertBuffer;
  private readonly counters = {
    connectionsOpened: 0,
    batchesSent: 0,
    batchesAcked: 0,
    badFramesReceived: 0,
    cloudErrorsReceived: 0,
  };
  private currentState: ConnectionState = { status: 'idle' };
  private lastWelcome: WelcomeFrame | null = null;
  private current: Attempt | null = null;
  private retryTimer: TimerHandle | null = null;
  private failedAttempts = 0;
  /** Bumped by start()/stop(); async steps of an older generation give up. */
  private generation = 0;
  /** stop() was called and start() has not been called since. */
  private stopping = false;

  constructor(options: CloudConnectionOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timers = options.timers ?? systemTimers;
    this.socketUrl = agentSocketUrl(options.cloudUrl);
    this.proxyAgent = options.proxyUrl ? createProxyAgent(options.proxyUrl) : undefined;
    this.alerts = new AlertBuffer(options.maxBufferedAlerts ?? 100);
    this.events = new TypedEvents((event, error) =>
      this.logger.error('a cloud connection listener threw', { event, error: errorText(error) }),
    );
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The latest effective config from the cloud; kept across reconnects. Null before the first welcome. */
  get welcome(): WelcomeFrame | null {
    return this.lastWelcome;
  }

  stats(): CloudConnectionStats {
    return { ...this.counters, alertsDropped: this.alerts.dropped };
  }

  on<K extends keyof CloudConnectionEvents>(
    event: K,
    listener: (value: CloudConnectionEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** Starts connecting; a no-op unless idle or stopped. */
  start(): void {
    if (this.currentState.status !== 'idle' && this.currentState.status !== 'stopped') return;
    this.generation += 1;
    this.stopping = false;
    this.failedAttempts = 0;
    void this.connect(this.generation);
  }

  /** Closes the socket (1000) and stops reconnecting; resolves once closed. Idempotent. */
  async stop(): Promise<void> {
    if (this.currentState.status === 'idle' || this.currentState.status === 'stopped') return;
    this.generation += 1;
    this.stopping = true;
    this.clearRetryTimer();
    const attempt = this.current;
    if (!attempt) {
      this.setState({ status: 'stopped', reason: StopReason.requested, detail: 'stopped by the agent' });
      return;
    }
    await new Promise<void>((resolve) => {
      attempt.closed.push(resolve);
      if (attempt.ws.readyState === WebSocket.CONNECTING) {
        attempt.ws.terminate();
        return;
      }
      attempt.ws.close(AgentCloseCode.stopping, 'agent stopping');
      const cut = this.timers.setTimeout(() => attempt.ws.terminate(), this.options.stopTimeoutMs ?? 2_000);
      attempt.closed.push(() => this.timers.clearTimeout(cut));
    });
  }

  /** The poller enqueued deltas: send them now if the connection is ready. */
  notify(): void {
    if (this.current?.ready) this.pump(this.current);
  }

  /**
   * Sends a status frame if the connection is ready; returns false otherwise
   * (status is periodic, a stale one is worth nothing). Throws AgentError(transport)
   * when the frame is invalid.
   */
  sendStatus(status: Omit<StatusFrame, 'type'>): boolean {
    const text = this.encodeOwnFrame({ type: FrameType.status, ...status });
    if (!this.current?.ready) return false;
    this.current.ws.send(text);
    return true;
  }

  /**
   * Sends an alert now, or keeps it in memory (bounded, oldest dropped) until
   * the next welcome. Throws AgentError(transport) when the alert is invalid.
   */
  sendAlert(alert: AlertBody): 'sent' | 'buffered' {
    const text = this.encodeOwnFrame({ type: FrameType.alert, ...alert });
    if (!this.current?.ready) {
      this.alerts.push(alert);
      return 'buffered';
    }
    this.current.ws.send(text);
    return 'sent';
  }

  private async connect(generation: number): Promise<void> {
    this.setState({ status: 'connecting', attempt: this.failedAttempts });
    let token: string;
    try {
      const credentials = await this.options.credentials();
      token = await mintConnectJwt({ ...credentials, clock: this.clock });
    } catch (error) {
      if (generation !== this.generation) return;
      const detail = isAgentError(error)
        ? error.message
        : `cannot sign the connect token: ${errorText(error)}`;
      this.afterFailure({ kind: 'retry', reason: RetryReason.credentials, detail });
      return;
    }
    if (generation !== this.generation) return;

    const ws = new WebSocket(this.socketUrl, [WS_SUBPROTOCOL], {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      ...(this.proxyAgent ? { agent: this.proxyAgent } : {}),
    });
    const attempt: Attempt = {
      ws,
      heartbeat: new Heartbeat(
        this.timers,
        () => this.clock.now(),
        () => ws.ping(),
        () =>
          this.fail(attempt, {
            kind: 'retry',
            reason: RetryReason.heartbeatTimeout,
            detail: 'no pong from the cloud in time',
          }),
      ),
      welcomeTimer: null,
      ready: false,
      failure: null,
      inFlight: new Set(),
      badFrameTimesMs: [],
      closed: [],
    };
    this.current = attempt;
    this.logger.debug('connecting to the cloud', {
      url: this.socketUrl,
      ...(this.options.proxyUrl ? { proxy: redactUrl(this.options.proxyUrl) } : {}),
    });

    ws.on('unexpected-response', (_req, res) => {
      void readErrorBody(res).then((body) => {
        const failure = describeUpgradeFailure(res.statusCode ?? 0, body, this.options.proxyUrl);
        attempt.failure ??= { kind: 'retry', ...failure };
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      });
    });
    ws.on('error', (error) => {
      attempt.failure ??= {
        kind: 'retry',
        reason: RetryReason.network,
        detail: `cannot keep a connection to ${this.socketUrl}: ${errorText(error)}`,
      };
    });
    ws.on('open', () => this.onOpen(attempt));
    ws.on('message', (data, isBinary) => this.onMessage(attempt, data as Buffer, isBinary));
    ws.on('pong', () => {
      const rttMs = attempt.heartbeat.pong();
      if (rttMs !== null) this.events.emit('heartbeat', { rttMs });
    });
    ws.on('close', (code, reason) => this.onClose(attempt, code, reason.toString('utf8').slice(0, 200)));
  }

  private onOpen(attempt: Attempt): void {
    this.counters.connectionsOpened += 1;
    this.setState({ status: 'open', sinceMs: this.clock.now(), ready: false });
    attempt.ws.send(
      encodeFrame({
        type: FrameType.hello,
        protocolVersion: PROTOCOL_VERSION,
        agentVersion: this.options.agentVersion,
        companies: [...new Set(this.options.companies)],
        capabilities: [...(this.options.capabilities ?? [])],
      }),
    );
    attempt.welcomeTimer = this.timers.setTimeout(() => {
      attempt.welcomeTimer = null;
      this.fail(attempt, {
        kind: 'retry',
        reason: RetryReason.welcomeTimeout,
        detail: 'the cloud sent no welcome',
      });
    }, this.options.welcomeTimeoutMs ?? 15_000);
    attempt.heartbeat.start(this.options.initialHeartbeatIntervalMs ?? 30_000);
  }

  private onMessage(attempt: Attempt, data: Buffer, isBinary: boolean): void {
    if (attempt !== this.current) return;
    const result = isBinary
      ? {
          ok: false as const,
          code: FrameRejection.notJson,
          reason: 'binary frames are not part of protocol v1',
        }
      : parseFrame(data, CLOUD_TO_AGENT);
    if (!result.ok) {
      this.onBadFrame(attempt, result.code, result.reason);
      return;
    }
    const frame = result.frame;
    switch (frame.type) {
      case FrameType.welcome:
        this.onWelcome(attempt, frame);
        return;
      case FrameType.ack: {
        const removed = this.options.outbox.ack(frame.batchId);
        attempt.inFlight.delete(frame.batchId);
        this.counters.batchesAcked += 1;
        this.events.emit('ack', {
          batchId: frame.batchId,
          accepted: frame.accepted,
          duplicates: frame.duplicates,
          removed,
        });
        this.pump(attempt);
        return;
      }
      case FrameType.command:
        this.logger.info('command from the cloud', { command: frame.command });
        this.events.emit('command', frame.command as CommandName);
        return;
      case FrameType.error:
        this.counters.cloudErrorsReceived += 1;
        (frame.retryable ? this.logger.warn : this.logger.error).call(
          this.logger,
          'the cloud reported an error',
          {
            code: frame.code,
            message: frame.message,
            retryable: frame.retryable,
          },
        );
        return;
      default:
        return;
    }
  }

  private onWelcome(attempt: Attempt, welcome: WelcomeFrame): void {
    if (welcome.protocolVersion !== PROTOCOL_VERSION) {
      this.fail(attempt, {
        kind: 'stop',
        reason: StopReason.protocolUnsupported,
        detail: `the cloud speaks protocol ${welcome.protocolVersion}, this agent ${PROTOCOL_VERSION}; upgrade the agent`,
      });
      return;
    }
    if (attempt.welcomeTimer !== null) this.timers.clearTimeout(attempt.welcomeTimer);
    attempt.welcomeTimer = null;
    attempt.ready = true;
    this.failedAttempts = 0;
    this.lastWelcome = welcome;
    attempt.heartbeat.start(welcome.config.heartbeatIntervalMs);
    if (this.currentState.status === 'open' && !this.currentState.ready) {
      this.setState({ ...this.currentState, ready: true });
    }
    this.events.emit('welcome', welcome);
    for (const alert of this.alerts.drain())
      attempt.ws.send(encodeFrame({ type: FrameType.alert, ...alert }));
    this.pump(attempt);
  }

  /** Fills the in-flight window from the outbox. */
  private pump(attempt: Attempt): void {
    const window = this.options.maxBatchesInFlight ?? 4;
    const limits: BatchLimits = {
      maxItems: Math.min(this.options.maxBatchItems ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS),
      maxBytes: MAX_FRAME_BYTES - FRAME_ENVELOPE_BYTES,
    };
    while (attempt === this.current && attempt.ready && attempt.inFlight.size < window) {
      const batch = this.options.outbox.nextBatch(limits);
      if (!batch) return;
      let text: string;
      try {
        text = encodeFrame({ type: FrameType.deltas, batchId: batch.batchId, items: batch.deltas });
      } catch (error) {
        // Cannot happen for schema-valid deltas (their fields are bounded far below 1 MiB); if it
        // does, the batch stays unacked and is offered again after the next reconnect.
        this.logger.error('an outbox batch does not fit in one frame', {
          batchId: batch.batchId,
          error: errorText(error),
        });
        return;
      }
      attempt.inFlight.add(batch.batchId);
      this.counters.batchesSent += 1;
      attempt.ws.send(text);
    }
  }

  private onBadFrame(attempt: Attempt, code: string, reason: string): void {
    this.counters.badFramesReceived += 1;
    this.logger.warn('ignored an invalid frame from the cloud', { code, reason });
    attempt.ws.send(
      encodeFrame({ type: FrameType.error, code, message: reason.slice(0, 1000), retryable: false }),
    );
    const nowMs = this.clock.now();
    attempt.badFrameTimesMs = attempt.badFrameTimesMs.filter((at) => nowMs - at < BAD_FRAME_WINDOW_MS);
    attempt.badFrameTimesMs.push(nowMs);
    if (attempt.badFrameTimesMs.length > (this.options.maxBadFramesPerMinute ?? 20)) {
      attempt.failure ??= {
        kind: 'retry',
        reason: RetryReason.badFrames,
        detail: `the cloud sent ${attempt.badFrameTimesMs.length} invalid frames within a minute`,
      };
      attempt.ws.close(AgentCloseCode.policyViolation, 'too many invalid frames');
    }
  }

  /** Records why this socket must go and cuts it; the close handler decides what next. */
  private fail(attempt: Attempt, failure: Failure): void {
    attempt.failure ??= failure;
    attempt.ws.terminate();
  }

  private onClose(attempt: Attempt, code: number, reason: string): void {
    attempt.heartbeat.stop();
    if (attempt.welcomeTimer !== null) this.timers.clearTimeout(attempt.welcomeTimer);
    attempt.welcomeTimer = null;
    for (const resolve of attempt.closed.splice(0)) resolve();
    if (attempt !== this.current) return;
    this.current = null;
    // Unacked batches go back to the outbox with their ids, to be re-sent first next time.
    this.options.outbox.requeueInFlight();

    if (this.stopping) {
      this.setState({ status: 'stopped', reason: StopReason.requested, detail: 'stopped by the agent' });
      return;
    }
    const fatal = fatalCloseReason(code);
    const failure: Failure = fatal
      ? {
          kind: 'stop',
          reason: fatal,
          closeCode: code,
          detail: `${FATAL_ADVICE[fatal]} (close ${code}${reason ? `: ${reason}` : ''})`,
        }
      : (attempt.failure ?? {
          kind: 'retry',
          reason: RetryReason.closed,
          closeCode: code,
          detail: `the cloud closed the connection (${code}${reason ? `: ${reason}` : ''})`,
        });
    this.afterFailure(failure);
  }

  private afterFailure(failure: Failure): void {
    if (failure.kind === 'stop') {
      this.logger.error('stopped connecting to the cloud', {
        reason: failure.reason,
        detail: failure.detail,
      });
      this.setState({
        status: 'stopped',
        reason: failure.reason,
        detail: failure.detail,
        ...(failure.closeCode !== undefined ? { closeCode: failure.closeCode } : {}),
      });
      return;
    }
    const slow = failure.reason === RetryReason.authRejected || failure.reason === RetryReason.credentials;
    const delayMs = slow
      ? (this.options.authRetryDelayMs ?? 5 * 60_000)
      : (this.options.reconnectDelayMs ?? ((attempt) => backoffDelayMs(attempt)))(this.failedAttempts);
    this.failedAttempts += 1;
    this.logger.warn('cloud connection down; will retry', {
      reason: failure.reason,
      detail: failure.detail,
      retryInMs: delayMs,
    });
    this.setState({
      status: 'backoff',
      attempt: this.failedAttempts,
      retryAtMs: this.clock.now() + delayMs,
      reason: failure.reason,
      detail: failure.detail,
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      ...(failure.closeCode !== undefined ? { closeCode: failure.closeCode } : {}),
    });
    const generation = this.generation;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) void this.connect(generation);
    }, delayMs);
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: ConnectionState): void {
    this.currentState = state;
    this.events.emit('state', state);
  }

  /** Validates one of our own frames, so a bad alert or status fails loudly here, not as a cloud error. */
  private encodeOwnFrame(frame: Frame): string {
    let text: string;
    try {
      text = encodeFrame(frame);
    } catch (error) {
      throw new AgentError(AgentErrorCode.transport, `${frame.type} frame too large: ${errorText(error)}`);
    }
    const check = parseFrame(text, AGENT_TO_CLOUD);
    if (!check.ok)
      throw new AgentError(AgentErrorCode.transport, `refusing to send an invalid frame: ${check.reason}`);
    return text;
  }
}

const FATAL_ADVICE: Record<StopReason, string> = {
  requested: 'stopped by the agent',
  revoked: 'the cloud revoked this agent; enroll it again with `agent enroll --cloud URL --code CODE`',
  forbidden:
    'the cloud does not allow this agent to connect (tenant suspended or agent removed); see the console',
  'protocol-unsupported': 'the cloud does not support this agent version; upgrade the agent',
};

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}
