import {
  CLOUD_TO_AGENT,
  type Clock,
  type CommandName,
  encodeFrame,
  FrameRejection,
  FrameType,
  type Logger,
  MAX_DELTAS_PER_FRAME,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  parseFrame,
  type WelcomeFrame,
} from '@gprelay/shared';
import WebSocket from 'ws';
import type { BatchLimits, OutboxBatch } from '../store/outbox';
import {
  AgentCloseCode,
  type Disconnect,
  FATAL_ADVICE,
  fatalCloseReason,
  RetryReason,
  StopReason,
} from './connection-state';
import { errorText } from './error-text';
import { Heartbeat } from './heartbeat';
import type { TimerHandle, Timers } from './timers';
import { describeUpgradeFailure, readErrorBody } from './upgrade-failure';

/** The slice of LocalStore the transport drains. */
export interface OutboxPort {
  nextBatch(limits: BatchLimits): OutboxBatch | null;
  ack(batchId: string): number;
  requeueInFlight(): void;
}

export interface SessionSettings {
  socketUrl: string;
  proxyUrl: string | undefined;
  agentVersion: string;
  companies: readonly string[];
  capabilities: readonly string[];
  outbox: OutboxPort;
  clock: Clock;
  logger: Logger;
  timers: Timers;
  maxBatchesInFlight: number;
  maxBatchItems: number;
  welcomeTimeoutMs: number;
  initialHeartbeatIntervalMs: number;
  maxBadFramesPerMinute: number;
}

/** What a session reports to the connection that owns it. */
export interface SessionHooks {
  onOpen(): void;
  onWelcome(welcome: WelcomeFrame): void;
  onAck(ack: { batchId: string; accepted: number; duplicates: number; removed: number }): void;
  onCommand(command: CommandName): void;
  onPong(rttMs: number): void;
  onBatchSent(): void;
  onBadFrame(): void;
  onCloudError(): void;
  /** Exactly once, when the socket is gone; unacked batches were already requeued. */
  onClosed(outcome: Disconnect): void;
}

/** Room left in a frame for `{"type":"deltas","batchId":"…","items":[…]}` around the deltas. */
const FRAME_ENVELOPE_BYTES = 1024;
const BAD_FRAME_WINDOW_MS = 60_000;

/**
 * One WebSocket's life: hello → welcome, then the outbox drain with a window of
 * batches in flight, heartbeats, and bad-frame accounting. It records why it
 * ended (the first failure wins) and tells its owner once, on close.
 */
export class CloudSession {
  private readonly heartbeat: Heartbeat;
  private readonly inFlight = new Set<string>();
  private welcomeTimer: TimerHandle | null = null;
  private badFrameTimesMs: number[] = [];
  private failure: Disconnect | null = null;
  private isReady = false;
  private readonly closeWaiters: Array<() => void> = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly settings: SessionSettings,
    private readonly hooks: SessionHooks,
  ) {
    this.heartbeat = new Heartbeat(
      settings.timers,
      () => settings.clock.now(),
      () => ws.ping(),
      () =>
        this.fail({
          kind: 'retry',
          reason: RetryReason.heartbeatTimeout,
          detail: 'no pong from the cloud in time',
        }),
    );
    ws.on('unexpected-response', (_req, res) => {
      void readErrorBody(res).then((body) => {
        this.failure ??= {
          kind: 'retry',
          ...describeUpgradeFailure(res.statusCode ?? 0, body, settings.proxyUrl),
        };
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      });
    });
    ws.on('error', (error) => {
      this.failure ??= {
        kind: 'retry',
        reason: RetryReason.network,
        detail: `cannot keep a connection to ${settings.socketUrl}: ${errorText(error)}`,
      };
    });
    ws.on('open', () => this.onOpen());
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => {
      const rttMs = this.heartbeat.pong();
      if (rttMs !== null) hooks.onPong(rttMs);
    });
    ws.on('close', (code, reason) => this.onClose(code, reason.toString('utf8').slice(0, 200)));
  }

  /** True once the cloud's welcome arrived; deltas, status and alerts flow only then. */
  get ready(): boolean {
    return this.isReady;
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** Fills the in-flight window from the outbox. */
  pump(): void {
    const limits: BatchLimits = {
      maxItems: Math.min(this.settings.maxBatchItems, MAX_DELTAS_PER_FRAME),
      maxBytes: MAX_FRAME_BYTES - FRAME_ENVELOPE_BYTES,
    };
    while (
      this.isReady &&
      this.ws.readyState === WebSocket.OPEN &&
      this.inFlight.size < this.settings.maxBatchesInFlight
    ) {
      const batch = this.settings.outbox.nextBatch(limits);
      if (!batch) return;
      let text: string;
      try {
        text = encodeFrame({ type: FrameType.deltas, batchId: batch.batchId, items: batch.deltas });
      } catch (error) {
        // Cannot happen for schema-valid deltas (their fields are bounded far below 1 MiB); if it
        // does, the batch stays unacked and is offered again after the next reconnect.
        this.settings.logger.error('an outbox batch does not fit in one frame', {
          batchId: batch.batchId,
          error: errorText(error),
        });
        return;
      }
      this.inFlight.add(batch.batchId);
      this.hooks.onBatchSent();
      this.ws.send(text);
    }
  }

  /** Ends the session on our side; resolves when the socket is closed. */
  close(stopTimeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      this.closeWaiters.push(resolve);
      if (this.ws.readyState === WebSocket.CONNECTING) {
        this.ws.terminate();
        return;
      }
      this.ws.close(AgentCloseCode.stopping, 'agent stopping');
      const cut = this.settings.timers.setTimeout(() => this.ws.terminate(), stopTimeoutMs);
      this.closeWaiters.push(() => this.settings.timers.clearTimeout(cut));
    });
  }

  private onOpen(): void {
    this.hooks.onOpen();
    this.ws.send(
      encodeFrame({
        type: FrameType.hello,
        protocolVersion: PROTOCOL_VERSION,
        agentVersion: this.settings.agentVersion,
        companies: [...new Set(this.settings.companies)],
        capabilities: [...this.settings.capabilities],
      }),
    );
    this.welcomeTimer = this.settings.timers.setTimeout(() => {
      this.welcomeTimer = null;
      this.fail({ kind: 'retry', reason: RetryReason.welcomeTimeout, detail: 'the cloud sent no welcome' });
    }, this.settings.welcomeTimeoutMs);
    this.heartbeat.start(this.settings.initialHeartbeatIntervalMs);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const result = isBinary
      ? {
          ok: false as const,
          code: FrameRejection.notJson,
          reason: 'binary frames are not part of protocol v1',
        }
      : parseFrame(data, CLOUD_TO_AGENT);
    if (!result.ok) {
      this.onBadFrame(result.code, result.reason);
      return;
    }
    const frame = result.frame;
    switch (frame.type) {
      case FrameType.welcome:
        this.onWelcome(frame);
        return;
      case FrameType.ack: {
        const removed = this.settings.outbox.ack(frame.batchId);
        this.inFlight.delete(frame.batchId);
        this.hooks.onAck({
          batchId: frame.batchId,
          accepted: frame.accepted,
          duplicates: frame.duplicates,
          removed,
        });
        this.pump();
        return;
      }
      case FrameType.command:
        this.settings.logger.info('command from the cloud', { command: frame.command });
        this.hooks.onCommand(frame.command as CommandName);
        return;
      case FrameType.error: {
        this.hooks.onCloudError();
        const log = frame.retryable ? this.settings.logger.warn : this.settings.logger.error;
        log.call(this.settings.logger, 'the cloud reported an error', {
          code: frame.code,
          message: frame.message,
          retryable: frame.retryable,
        });
        return;
      }
      default:
        return;
    }
  }

  /** The first welcome makes the session ready; a later one only refreshes the config. */
  private onWelcome(welcome: WelcomeFrame): void {
    if (welcome.protocolVersion !== PROTOCOL_VERSION) {
      this.fail({
        kind: 'stop',
        reason: StopReason.protocolUnsupported,
        detail: `the cloud speaks protocol ${welcome.protocolVersion}, this agent ${PROTOCOL_VERSION}; upgrade the agent`,
      });
      return;
    }
    this.clearWelcomeTimer();
    this.isReady = true;
    this.heartbeat.start(welcome.config.heartbeatIntervalMs);
    this.hooks.onWelcome(welcome);
    this.pump();
  }

  private onBadFrame(code: string, reason: string): void {
    this.hooks.onBadFrame();
    this.settings.logger.warn('ignored an invalid frame from the cloud', { code, reason });
    this.ws.send(
      encodeFrame({ type: FrameType.error, code, message: reason.slice(0, 1000), retryable: false }),
    );
    const nowMs = this.settings.clock.now();
    this.badFrameTimesMs = this.badFrameTimesMs.filter((at) => nowMs - at < BAD_FRAME_WINDOW_MS);
    this.badFrameTimesMs.push(nowMs);
    if (this.badFrameTimesMs.length > this.settings.maxBadFramesPerMinute) {
      this.failure ??= {
        kind: 'retry',
        reason: RetryReason.badFrames,
        detail: `the cloud sent ${this.badFrameTimesMs.length} invalid frames within a minute`,
      };
      this.ws.close(AgentCloseCode.policyViolation, 'too many invalid frames');
    }
  }

  /** Records why this socket must go (first reason wins) and cuts it; onClose reports. */
  private fail(failure: Disconnect): void {
    this.failure ??= failure;
    this.ws.terminate();
  }

  private onClose(code: number, reason: string): void {
    this.heartbeat.stop();
    this.clearWelcomeTimer();
    this.isReady = false;
    // Unacked batches go back to the outbox with their ids, to be re-sent first next time.
    this.settings.outbox.requeueInFlight();
    this.inFlight.clear();
    const suffix = `${code}${reason ? `: ${reason}` : ''}`;
    const fatal = fatalCloseReason(code);
    const outcome: Disconnect = fatal
      ? { kind: 'stop', reason: fatal, closeCode: code, detail: `${FATAL_ADVICE[fatal]} (close ${suffix})` }
      : (this.failure ?? {
          kind: 'retry',
          reason: RetryReason.closed,
          closeCode: code,
          detail: `the cloud closed the connection (${suffix})`,
        });
    for (const resolve of this.closeWaiters.splice(0)) resolve();
    this.hooks.onClosed(outcome);
  }

  private clearWelcomeTimer(): void {
    if (this.welcomeTimer !== null) this.settings.timers.clearTimeout(this.welcomeTimer);
    this.welcomeTimer = null;
  }
}
