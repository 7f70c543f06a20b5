import type { Agent } from 'node:http';
import {
  AGENT_TO_CLOUD,
  type Clock,
  encodeFrame,
  type Frame,
  FrameType,
  type Logger,
  MAX_DELTAS_PER_FRAME,
  MAX_FRAME_BYTES,
  parseFrame,
  type StatusFrame,
  silentLogger,
  systemClock,
  type WelcomeFrame,
  WS_SUBPROTOCOL,
} from '@gprelay/shared';
import WebSocket from 'ws';
import { AgentError, AgentErrorCode, isAgentError } from '../errors';
import { type AlertBody, AlertBuffer } from './alert-buffer';
import { backoffDelayMs } from './backoff';
import type {
  CloudConnectionEvents,
  CloudConnectionOptions,
  CloudConnectionStats,
} from './cloud-connection-options';
import { CloudSession, type SessionHooks, type SessionSettings } from './cloud-session';
import { agentSocketUrl, redactUrl } from './cloud-url';
import { mintConnectJwt } from './connect-jwt';
import { type ConnectionState, type Disconnect, RetryReason, StopReason } from './connection-state';
import { errorText } from './error-text';
import { createProxyAgent, parseProxyUrl } from './proxy-agent';
import { systemTimers, type TimerHandle, type Timers } from './timers';
import { TypedEvents } from './typed-events';

export type {
  CloudConnectionEvents,
  CloudConnectionOptions,
  CloudConnectionStats,
  ConnectCredentials,
} from './cloud-connection-options';
export type { OutboxPort } from './cloud-session';

const DEFAULT_AUTH_RETRY_DELAY_MS = 5 * 60_000;

/**
 * The agent's one outbound WebSocket to the cloud (protocol v1), supervised:
 * each attempt loads credentials and mints a fresh EdDSA JWT, then a
 * CloudSession runs hello → welcome → outbox drain. When a session ends the
 * connection retries with jittered backoff (slowly after an auth refusal), or
 * stops for good on revocation-class close codes or stop(). Event handlers
 * never throw; watch `state` and the events instead.
 */
export class CloudConnection {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timers: Timers;
  private readonly socketUrl: string;
  private readonly proxyUrl: URL | undefined;
  /** Made at the first connect through a proxy (see createProxyAgent), then reused. */
  private proxyAgent: Agent | undefined;
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
  private session: CloudSession | null = null;
  private retryTimer: TimerHandle | null = null;
  private failedAttempts = 0;
  /** Bumped by start()/stop(); async steps of an older generation give up. */
  private generation = 0;
  /** stop() was called and start() has not been called since. */
  private stopping = false;

  constructor(private readonly options: CloudConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timers = options.timers ?? systemTimers;
    this.socketUrl = agentSocketUrl(options.cloudUrl);
    this.proxyUrl = options.proxyUrl ? parseProxyUrl(options.proxyUrl) : undefined;
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

  /** Subscribes to an event; returns the unsubscribe function. */
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

  /** Closes the socket (code 1000) and stops reconnecting; resolves once closed. Idempotent. */
  async stop(): Promise<void> {
    if (this.currentState.status === 'idle' || this.currentState.status === 'stopped') return;
    this.generation += 1;
    this.stopping = true;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.session) {
      await this.session.close(this.options.stopTimeoutMs ?? 2_000);
      return;
    }
    this.setState({ status: 'stopped', reason: StopReason.requested, detail: 'stopped by the agent' });
  }

  /** The poller enqueued deltas: send them now if the connection is ready. */
  notify(): void {
    if (this.session?.ready) this.session.pump();
  }

  /**
   * Sends a status frame if the connection is ready; returns false otherwise
   * (status is periodic; a stale one is worth nothing). Throws AgentError(transport)
   * when the frame is invalid.
   */
  sendStatus(status: Omit<StatusFrame, 'type'>): boolean {
    const text = this.encodeOwnFrame({ type: FrameType.status, ...status });
    if (!this.session?.ready) return false;
    this.session.send(text);
    return true;
  }

  /**
   * Sends an alert now, or keeps it in memory (bounded, oldest dropped) until
   * the next welcome. Throws AgentError(transport) when the alert is invalid.
   */
  sendAlert(alert: AlertBody): 'sent' | 'buffered' {
    const text = this.encodeOwnFrame({ type: FrameType.alert, ...alert });
    if (!this.session?.ready) {
      this.alerts.push(alert);
      return 'buffered';
    }
    this.session.send(text);
    return 'sent';
  }

  private async connect(generation: number): Promise<void> {
    this.setState({ status: 'connecting', attempt: this.failedAttempts });
    if (this.proxyUrl && !this.proxyAgent) {
      try {
        this.proxyAgent = await createProxyAgent(this.proxyUrl);
      } catch (error) {
        if (generation !== this.generation) return;
        const detail = `cannot set up the proxy tunnel: ${errorText(error)}`;
        this.afterDisconnect({ kind: 'retry', reason: RetryReason.network, detail });
        return;
      }
    }
    let token: string;
    try {
      const credentials = await this.options.credentials();
      // Field by field: an identity from loadIdentity keeps privateJwk non-enumerable, so a spread would drop it.
      token = await mintConnectJwt({
        agentId: credentials.agentId,
        privateJwk: credentials.privateJwk,
        audience: credentials.audience,
        clock: this.clock,
      });
    } catch (error) {
      if (generation !== this.generation) return;
      const detail = isAgentError(error)
        ? error.message
        : `cannot sign the connect token: ${errorText(error)}`;
      this.afterDisconnect({ kind: 'retry', reason: RetryReason.credentials, detail });
      return;
    }
    if (generation !== this.generation) return;

    this.logger.debug('connecting to the cloud', {
      url: this.socketUrl,
      ...(this.options.proxyUrl ? { proxy: redactUrl(this.options.proxyUrl) } : {}),
    });
    const ws = new WebSocket(this.socketUrl, [WS_SUBPROTOCOL], {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      ...(this.proxyAgent ? { agent: this.proxyAgent } : {}),
    });
    const session: CloudSession = new CloudSession(
      ws,
      this.sessionSettings(),
      this.sessionHooks((): boolean => this.session === session),
    );
    this.session = session;
  }

  private sessionSettings(): SessionSettings {
    const o = this.options;
    return {
      socketUrl: this.socketUrl,
      proxyUrl: o.proxyUrl,
      agentVersion: o.agentVersion,
      companies: o.companies,
      capabilities: o.capabilities ?? [],
      outbox: o.outbox,
      clock: this.clock,
      logger: this.logger,
      timers: this.timers,
      maxBatchesInFlight: o.maxBatchesInFlight ?? 4,
      maxBatchItems: o.maxBatchItems ?? MAX_DELTAS_PER_FRAME,
      welcomeTimeoutMs: o.welcomeTimeoutMs ?? 15_000,
      initialHeartbeatIntervalMs: o.initialHeartbeatIntervalMs ?? 30_000,
      maxBadFramesPerMinute: o.maxBadFramesPerMinute ?? 20,
    };
  }

  /** Hooks of one session; `isCurrent` guards against a late event of a replaced session. */
  private sessionHooks(isCurrent: () => boolean): SessionHooks {
    return {
      onOpen: () => {
        this.counters.connectionsOpened += 1;
        this.setState({ status: 'open', sinceMs: this.clock.now(), ready: false });
      },
      onWelcome: (welcome) => {
        this.failedAttempts = 0;
        this.lastWelcome = welcome;
        if (this.currentState.status === 'open' && !this.currentState.ready) {
          this.setState({ ...this.currentState, ready: true });
        }
        this.events.emit('welcome', welcome);
        for (const alert of this.alerts.drain()) {
          this.session?.send(encodeFrame({ type: FrameType.alert, ...alert }));
        }
      },
      onAck: (ack) => {
        this.counters.batchesAcked += 1;
        this.events.emit('ack', ack);
      },
      onCommand: (command) => this.events.emit('command', command),
      onPong: (rttMs) => this.events.emit('heartbeat', { rttMs }),
      onBatchSent: () => {
        this.counters.batchesSent += 1;
      },
      onBadFrame: () => {
        this.counters.badFramesReceived += 1;
      },
      onCloudError: () => {
        this.counters.cloudErrorsReceived += 1;
      },
      onClosed: (outcome) => {
        if (!isCurrent()) return;
        this.session = null;
        if (this.stopping) {
          this.setState({ status: 'stopped', reason: StopReason.requested, detail: 'stopped by the agent' });
          return;
        }
        this.afterDisconnect(outcome);
      },
    };
  }

  private afterDisconnect(outcome: Disconnect): void {
    if (outcome.kind === 'stop') {
      this.logger.error('stopped connecting to the cloud', {
        reason: outcome.reason,
        detail: outcome.detail,
      });
      this.setState({
        status: 'stopped',
        reason: outcome.reason,
        detail: outcome.detail,
        ...(outcome.closeCode !== undefined ? { closeCode: outcome.closeCode } : {}),
      });
      return;
    }
    // Credentials problems are fixed by a person (re-enroll, clock), not by hammering the cloud.
    const slow = outcome.reason === RetryReason.authRejected || outcome.reason === RetryReason.credentials;
    const delayMs = slow
      ? (this.options.authRetryDelayMs ?? DEFAULT_AUTH_RETRY_DELAY_MS)
      : (this.options.reconnectDelayMs ?? ((attempt: number) => backoffDelayMs(attempt)))(
          this.failedAttempts,
        );
    this.failedAttempts += 1;
    this.logger.warn('cloud connection down; will retry', {
      reason: outcome.reason,
      detail: outcome.detail,
      retryInMs: delayMs,
    });
    this.setState({
      status: 'backoff',
      attempt: this.failedAttempts,
      retryAtMs: this.clock.now() + delayMs,
      reason: outcome.reason,
      detail: outcome.detail,
      ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
      ...(outcome.closeCode !== undefined ? { closeCode: outcome.closeCode } : {}),
    });
    const generation = this.generation;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) void this.connect(generation);
    }, delayMs);
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
    if (!check.ok) {
      throw new AgentError(AgentErrorCode.transport, `refusing to send an invalid frame: ${check.reason}`);
    }
    return text;
  }
}
