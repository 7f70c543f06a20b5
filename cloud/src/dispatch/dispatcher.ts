import type { Clock, Logger } from '@gprelay/shared';
import type { Database } from '../db/open-database';
import type { SlackApiFactory } from '../slack/slack-api';
import { claimGroups, nextSlotAt } from './claim-deliveries';
import { deliverGroup } from './deliver-group';
import type { DeliveryOutcome } from './record-outcome';
import type { BotTokenSource } from './token-refreshing-slack';

export interface DispatcherOptions {
  db: Database;
  slack: SlackApiFactory;
  /** Working bot tokens per tenant (BotTokens: refreshes rotating tokens, one refresher at a time). */
  tokens: BotTokenSource;
  clock: Clock;
  logger: Logger;
  /** Names this instance in audit rows. */
  instanceId: string;
  /** How long a claim may stay unresolved before another attempt searches the channel; > Slack timeout. Default 30 s. */
  leaseMs?: number;
  /** Channels posted to at once by this instance (one claimed group each). Default 16. */
  maxInFlight?: number;
  /** Longest idle sleep; bounds how late work queued by another instance is noticed. Default 500 ms. */
  idlePollMs?: number;
  /** Jitter source for retry delays; tests pin it. */
  random?: () => number;
}

export type DispatcherState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * Moves deliveries to Slack: claims due ones (one per free channel slot),
 * posts them concurrently across channels, and sleeps until the next slot
 * opens or new work is announced with `notify()`. A slow channel holds only
 * its own slot, never the others.
 */
export class Dispatcher {
  #state: DispatcherState = 'idle';
  readonly #inFlight = new Set<Promise<unknown>>();
  #wake: (() => void) | null = null;
  /** A notify() that arrived while not sleeping: the next sleep returns at once. */
  #woken = false;
  #loop: Promise<void> | null = null;
  readonly #leaseMs: number;
  readonly #maxInFlight: number;
  readonly #idlePollMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#maxInFlight = options.maxInFlight ?? 16;
    this.#idlePollMs = options.idlePollMs ?? 500;
  }

  get state(): DispatcherState {
    return this.#state;
  }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#loop = this.#run();
  }

  /** New deliveries exist: look now instead of at the next poll. */
  notify(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  /** Stops claiming and waits for the posts already under way to be recorded. */
  async stop(): Promise<void> {
    if (this.#state === 'idle') {
      this.#state = 'stopped';
      return;
    }
    if (this.#state !== 'running') return this.#loop ?? undefined;
    this.#state = 'stopping';
    this.notify();
    await this.#loop;
    this.#state = 'stopped';
  }

  /** One claim round, waiting for every post it started. For tests and tools. */
  async runOnce(): Promise<DeliveryOutcome[]> {
    const groups = await claimGroups(this.options.db, {
      now: new Date(this.options.clock.now()),
      limit: this.#maxInFlight,
      leaseMs: this.#leaseMs,
    });
    return (await Promise.all(groups.map((group) => deliverGroup(this.#deps(), group)))).flat();
  }

  async #run(): Promise<void> {
    while (this.#state === 'running') {
      try {
        const room = this.#maxInFlight - this.#inFlight.size;
        const claims =
          room > 0
            ? await claimGroups(this.options.db, {
                now: new Date(this.options.clock.now()),
                limit: room,
                leaseMs: this.#leaseMs,
              })
            : [];
        for (const claim of claims) {
          const work = deliverGroup(this.#deps(), claim)
            .catch((error: unknown) => {
              // The lease expires and a later claim retries after checking the channel.
              this.options.logger.error('delivery failed unexpectedly', {
                deliveryIds: claim.deliveries.map((d) => d.id),
                error: String(error),
              });
            })
            .finally(() => {
              this.#inFlight.delete(work);
              this.notify();
            });
          this.#inFlight.add(work);
        }
        if (claims.length === 0 || room <= claims.length) await this.#sleep(await this.#idleDelayMs());
      } catch (error) {
        this.options.logger.error('dispatcher round failed', { error: String(error) });
        await this.#sleep(this.#idlePollMs);
      }
    }
    await Promise.allSettled([...this.#inFlight]);
  }

  async #idleDelayMs(): Promise<number> {
    const now = this.options.clock.now();
    const next = await nextSlotAt(this.options.db, new Date(now));
    if (next === null) return this.#idlePollMs;
    return Math.min(Math.max(next.getTime() - now, 0), this.#idlePollMs);
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  #deps() {
    return {
      db: this.options.db,
      slack: this.options.slack,
      tokens: this.options.tokens,
      now: () => new Date(this.options.clock.now()),
      actor: `dispatcher:${this.options.instanceId}`,
      ...(this.options.random ? { random: this.options.random } : {}),
    };
  }
}
