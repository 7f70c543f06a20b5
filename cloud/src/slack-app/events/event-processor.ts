import type { Clock, Logger } from '@gprelay/shared';
import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import { AuditAction } from '../../audit/audit-actions';
import { appendAudit } from '../../audit/audit-log';
import type { Database } from '../../db/open-database';
import { slackEventsSeen } from '../../db/schema';
import { applySlackEvent } from './apply-event';
import { pruneSlackRequests } from './event-store';

/** Attempts before an event that keeps failing is given up on (and audited). */
export const MAX_EVENT_ATTEMPTS = 5;

export interface SlackEventProcessorOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** A stored event not processed after this long is the sweeper's: its first try died. Default 30 s. */
  sweepGraceMs?: number;
  /** Real-time period of the sweep. Default 30 s. */
  sweepIntervalMs?: number;
}

/**
 * Works through events /slack/events has stored and acknowledged. Each runs
 * once: the transaction that applies it first flips `processed_at` from null,
 * so another instance (or the sweeper) racing on the same event finds nothing
 * to do. Right after the ack the receiving instance processes the event; the
 * sweeper catches those whose instance died in between.
 */
export class SlackEventProcessor {
  readonly #inFlight = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | null = null;
  readonly #graceMs: number;
  readonly #intervalMs: number;

  constructor(private readonly options: SlackEventProcessorOptions) {
    this.#graceMs = options.sweepGraceMs ?? 30_000;
    this.#intervalMs = options.sweepIntervalMs ?? 30_000;
  }

  /** Process `eventId` soon, off the request path. */
  schedule(eventId: string): void {
    this.#track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.process(eventId)));
  }

  /** Applies a stored event if nobody has yet. Never throws: failures are counted on the row. */
  async process(eventId: string): Promise<'processed' | 'skipped' | 'failed'> {
    const { db, clock } = this.options;
    const now = new Date(clock.now());
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .update(slackEventsSeen)
          .set({ processedAt: now, lastError: null })
          .where(and(eq(slackEventsSeen.eventId, eventId), isNull(slackEventsSeen.processedAt)))
          .returning({ eventId: slackEventsSeen.eventId, payload: slackEventsSeen.payload });
        if (!row) return 'skipped' as const;
        await applySlackEvent(tx, row, now);
        return 'processed' as const;
      });
    } catch (error) {
      await this.#failed(eventId, error, now);
      return 'failed';
    }
  }

  /** Processes stored events left unprocessed for longer than the grace period; returns how many ran. */
  async sweep(): Promise<number> {
    const { db, clock } = this.options;
    const now = new Date(clock.now());
    const pending = await db
      .select({ eventId: slackEventsSeen.eventId })
      .from(slackEventsSeen)
      .where(
        and(
          isNull(slackEventsSeen.processedAt),
          lt(slackEventsSeen.attempts, MAX_EVENT_ATTEMPTS),
          lte(slackEventsSeen.receivedAt, new Date(now.getTime() - this.#graceMs)),
        ),
      )
      .orderBy(asc(slackEventsSeen.receivedAt))
      .limit(100);
    let processed = 0;
    for (const { eventId } of pending) {
      if ((await this.process(eventId)) === 'processed') processed += 1;
    }
    await pruneSlackRequests(db, now);
    return processed;
  }

  /** Resolves when every event scheduled so far has been processed (or failed). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Starts the periodic sweep. Idempotent. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#track(this.sweep());
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops the sweep and waits for processing under way. Idempotent. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.drain();
  }

  #track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) =>
        this.options.logger.error('slack event sweep failed', { error: String(error) }),
      )
      .finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  async #failed(eventId: string, error: unknown, now: Date): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn('processing a Slack event failed', { slackEventId: eventId, error: message });
    try {
      await this.options.db.transaction(async (tx) => {
        const [row] = await tx
          .update(slackEventsSeen)
          .set({ attempts: sql`${slackEventsSeen.attempts} + 1`, lastError: message.slice(0, 500) })
          .where(and(eq(slackEventsSeen.eventId, eventId), isNull(slackEventsSeen.processedAt)))
          .returning({ attempts: slackEventsSeen.attempts, eventType: slackEventsSeen.eventType });
        if (row && row.attempts === MAX_EVENT_ATTEMPTS) {
          await appendAudit(
            tx,
            [
              {
                tenantId: null,
                actor: 'slack',
                action: AuditAction.slackEventFailed,
                details: {
                  slackEventId: eventId,
                  type: row.eventType,
                  attempts: row.attempts,
                  error: message.slice(0, 200),
                },
              },
            ],
            now,
          );
        }
      });
    } catch (recordError) {
      this.options.logger.error('recording a Slack event failure failed', { error: String(recordError) });
    }
  }
}
