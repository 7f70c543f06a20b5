import {
  AGENT_TO_CLOUD,
  type AlertFrame,
  type DeltasFrame,
  DOC_TYPES,
  encodeFrame,
  type Frame,
  type HelloFrame,
  PROTOCOL_VERSION,
  parseFrame,
  type StatusFrame,
} from '@gprelay/shared';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../app-context';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import { agents } from '../db/schema';
import { type IngestPipeline, ingestDeltas } from '../ingest/ingest-deltas';
import { mayHoldNul, withoutNul } from '../ingest/without-nul';
import type { AuthenticatedAgent } from './verify-connect-token';

/** Close codes agents act on (4000-4999 are ours). */
export const CloseCode = {
  serviceRestart: 1012,
  internalError: 1011,
  protocolFlood: 4400,
  unsupportedVersion: 4406,
  revoked: 4001,
} as const;

/** Bad frames tolerated per minute before the connection is closed. */
const MAX_BAD_FRAMES_PER_MINUTE = 10;
const HEARTBEAT_INTERVAL_MS = 20_000;

/**
 * One authenticated agent connection: hello → welcome, then deltas are stored
 * and acked strictly in arrival order; status and alerts are recorded. One bad
 * frame gets an `error` frame; a flood closes the connection.
 */
export class AgentSession {
  #ready = false;
  /** Settles when the last frame taken in is fully handled (deltas: committed and acked). */
  #done: Promise<void> = Promise.resolve();
  /** The same for the frame before that one. */
  #doneBefore: Promise<void> = Promise.resolve();
  /** Settles when the last frame has stored its events (deltas) or is handled (anything else). */
  #stored: Promise<void> = Promise.resolve();
  #failed = false;
  #badFrames: number[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly agent: AuthenticatedAgent,
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.socket.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) return this.#reject('PROTOCOL_NOT_JSON', 'binary frames are not accepted');
      const parsed = parseFrame(bytes, AGENT_TO_CLOUD);
      if (!parsed.ok) return this.#reject(parsed.code, parsed.reason);
      if (parsed.frame.type === 'deltas') {
        this.#takeDeltas(mayHoldNul(bytes) ? withoutNul(parsed.frame) : parsed.frame);
      } else this.#take(parsed.frame);
    });
  }

  /** Any frame but deltas: handled once everything before it is, and before anything after it. */
  #take(frame: Exclude<Frame, DeltasFrame>): void {
    const run = this.#done.then(() => this.#handle(frame)).catch((error: unknown) => this.#fail(error));
    this.#doneBefore = this.#done;
    this.#done = run;
    this.#stored = run;
  }

  /**
   * Deltas are acked strictly in the order batches arrived, each after its
   * commit; but a batch stores its events while the one before it routes,
   * audits and commits (at most two batches in flight), so the database and
   * this process work at the same time.
   */
  #takeDeltas(frame: DeltasFrame): void {
    const previous = this.#done;
    const mayStart = Promise.all([this.#stored, this.#doneBefore]);
    let markStored!: () => void;
    const stored = new Promise<void>((resolve) => {
      markStored = resolve;
    });
    const pipeline: IngestPipeline = {
      eventsStored: markStored,
      previousCommitted: async () => {
        await previous;
        if (this.#failed) throw new SessionFailed();
      },
    };
    const run = mayStart
      .then(() => this.#deltas(frame, pipeline))
      .catch(async (error: unknown) => {
        // Batches before this one still commit and get their acks before the connection closes.
        await previous;
        this.#fail(error);
      })
      .finally(markStored);
    this.#doneBefore = this.#done;
    this.#done = run;
    this.#stored = stored;
  }

  async #handle(frame: Exclude<Frame, DeltasFrame>): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return this.#hello(frame);
      case 'status':
        return this.#status(frame);
      case 'alert':
        return this.#alert(frame);
      case 'error':
        this.log.warn({ agentId: this.agent.agentId, code: frame.code }, `agent reported: ${frame.message}`);
        return;
      default:
        return this.#reject('PROTOCOL_WRONG_DIRECTION', `"${frame.type}" frames are not accepted here`);
    }
  }

  async #hello(frame: HelloFrame): Promise<void> {
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      this.#send({
        type: 'error',
        code: 'PROTOCOL_VERSION_UNSUPPORTED',
        message: `this cloud speaks protocol ${PROTOCOL_VERSION}; the agent sent ${frame.protocolVersion}`,
        retryable: false,
      });
      this.socket.close(CloseCode.unsupportedVersion, 'unsupported protocol version');
      return;
    }
    const now = new Date(this.ctx.clock.now());
    await this.ctx.db.transaction(async (tx) => {
      await tx
        .update(agents)
        .set({ lastSeenAt: now, agentVersion: frame.agentVersion })
        .where(eq(agents.id, this.agent.agentId));
      await appendAudit(
        tx,
        [
          {
            tenantId: this.agent.tenantId,
            actor: `agent:${this.agent.agentId}`,
            action: AuditAction.agentConnected,
            details: { agentVersion: frame.agentVersion, companies: frame.companies },
          },
        ],
        now,
      );
    });
    this.#ready = true;
    this.#send({
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      agentId: this.agent.agentId,
      tenantId: this.agent.tenantId,
      config: {
        pollIntervalMs: this.ctx.agentPollIntervalMs,
        docTypes: [...DOC_TYPES],
        heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      },
    });
  }

  async #deltas(frame: DeltasFrame, pipeline: IngestPipeline): Promise<void> {
    if (this.#failed) return;
    if (!this.#ready) return this.#reject('PROTOCOL_HELLO_FIRST', 'send hello before deltas');
    const result = await ingestDeltas(
      this.ctx.db,
      {
        tenantId: this.agent.tenantId,
        agentId: this.agent.agentId,
        deltas: frame.items,
        now: new Date(this.ctx.clock.now()),
      },
      pipeline,
    );
    // Acked only now: the batch is committed. A crash before this line makes the agent resend it.
    this.#send({
      type: 'ack',
      batchId: frame.batchId,
      accepted: result.accepted,
      duplicates: result.duplicates,
    });
    if (result.deliveries > 0) this.ctx.onNewDeliveries();
  }

  async #status(frame: StatusFrame): Promise<void> {
    const { type: _type, ...status } = frame;
    await this.ctx.db
      .update(agents)
      .set({ lastSeenAt: new Date(this.ctx.clock.now()), lastStatus: status })
      .where(eq(agents.id, this.agent.agentId));
  }

  async #alert(frame: AlertFrame): Promise<void> {
    const now = new Date(this.ctx.clock.now());
    const { type: _type, ...alert } = frame;
    await this.ctx.db.transaction(async (tx) => {
      await tx
        .update(agents)
        .set({ lastSeenAt: now, lastAlert: { ...alert, at: now.toISOString() } })
        .where(eq(agents.id, this.agent.agentId));
      await appendAudit(
        tx,
        [
          {
            tenantId: this.agent.tenantId,
            actor: `agent:${this.agent.agentId}`,
            action: AuditAction.agentAlert,
            details: alert,
          },
        ],
        now,
      );
    });
  }

  #reject(code: string, reason: string): void {
    const now = this.ctx.clock.now();
    this.#badFrames = this.#badFrames.filter((t) => now - t < 60_000);
    this.#badFrames.push(now);
    this.log.warn({ agentId: this.agent.agentId, code }, `bad frame from agent: ${reason}`);
    this.#send({ type: 'error', code, message: reason, retryable: false });
    if (this.#badFrames.length > MAX_BAD_FRAMES_PER_MINUTE) {
      this.socket.close(CloseCode.protocolFlood, 'too many invalid frames');
    }
  }

  #fail(error: unknown): void {
    // A batch behind a failed one rolls back without an ack of its own: already reported.
    if (error instanceof SessionFailed) return;
    this.#failed = true;
    // Nothing was acked for the failed frame; closing makes the agent reconnect and resend.
    this.log.error({ agentId: this.agent.agentId, err: error }, 'agent frame handling failed');
    this.socket.close(CloseCode.internalError, 'internal error');
  }

  #send(frame: Frame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeFrame(frame));
  }
}

/** Thrown into a batch whose predecessor failed, so it rolls back instead of committing out of order. */
class SessionFailed extends Error {
  constructor() {
    super('an earlier frame of this connection failed');
    this.name = 'SessionFailed';
  }
}
