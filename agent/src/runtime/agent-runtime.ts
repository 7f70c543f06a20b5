import type { Clock, Logger } from '@gprelay/shared';
import type { GpSource } from '../gp/gp-source';
import { SourcePoller, type SweepProgress } from '../poll/source-poller';
import type { LocalStore } from '../store/local-store';
import type { CloudConnection } from '../transport/cloud-connection';
import { systemTimers, type TimerHandle, type Timers } from '../transport/timers';

/** What the runtime needs of the cloud connection. */
export type RuntimeConnection = Pick<
  CloudConnection,
  'start' | 'stop' | 'notify' | 'sendAlert' | 'sendStatus' | 'welcome' | 'on'
>;

export interface AgentRuntimeOptions {
  sources: readonly GpSource[];
  store: LocalStore;
  connection: RuntimeConnection;
  clock: Clock;
  logger: Logger;
  /** Used until the cloud's `welcome` sets the interval, ms. */
  defaultPollIntervalMs: number;
  timers?: Timers;
  /** Poller tuning (lookback, baseline window, page size), for tests. */
  pollerOptions?: { lookbackMs?: number; baselineWindowMs?: number; pageSize?: number };
  /** Post history changed since this ISO time before polling normally (`agent run --backfill-since`). */
  backfillSince?: string;
  /** Least time between two backfill progress lines, ms. Default 2 s. */
  progressIntervalMs?: number;
}

export type RuntimeState = 'idle' | 'backfilling' | 'running' | 'stopping' | 'stopped';

/**
 * The running agent: polls every document family of every source on the
 * interval the cloud asks for (polling goes on while the cloud is unreachable:
 * the outbox buffers), lets the connection drain the outbox, and reports
 * status after every cycle. Families the cloud's `welcome` leaves out are not
 * polled, sparing GP the requests.
 */
export class AgentRuntime {
  #state: RuntimeState = 'idle';
  readonly #pollers: SourcePoller[];
  readonly #timers: Timers;
  #timer: TimerHandle | null = null;
  #cycle: Promise<void> | null = null;
  #again = false;
  #unsubscribe: Array<() => void> = [];
  readonly #abort = new AbortController();

  constructor(private readonly options: AgentRuntimeOptions) {
    this.#timers = options.timers ?? systemTimers;
    this.#pollers = options.sources.flatMap((source) =>
      source.docTypes.map(
        (docType) =>
          new SourcePoller({
            source,
            docType,
            store: options.store,
            clock: options.clock,
            logger: options.logger,
            onEnqueued: () => options.connection.notify(),
            onAlert: (alert) => options.connection.sendAlert(alert),
            ...options.pollerOptions,
          }),
      ),
    );
  }

  get state(): RuntimeState {
    return this.#state;
  }

  start(): void {
    if (this.#state !== 'idle') return;
    const { connection } = this.options;
    this.#unsubscribe.push(
      connection.on('command', (command) => {
        if (command === 'poll-now') this.pollNow();
      }),
      connection.on('welcome', () => this.#sendStatus()),
    );
    connection.start();
    if (this.options.backfillSince) {
      this.#state = 'backfilling';
      this.#cycle = this.#backfill(this.options.backfillSince).finally(() => {
        this.#cycle = null;
        if (this.#state !== 'backfilling') return;
        this.#state = 'running';
        this.pollNow();
      });
      return;
    }
    this.#state = 'running';
    this.pollNow();
  }

  /** Runs a cycle now (or right after the one under way) instead of at the next tick. */
  pollNow(): void {
    if (this.#state !== 'running') return;
    if (this.#cycle) {
      this.#again = true;
      return;
    }
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#cycle = this.#runCycle().finally(() => {
      this.#cycle = null;
      if (this.#state !== 'running') return;
      if (this.#again) {
        this.#again = false;
        this.pollNow();
      } else {
        this.#timer = this.#timers.setTimeout(() => this.pollNow(), this.#intervalMs());
      }
    });
  }

  /** Finishes the page under way (its results are committed), then closes the connection. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'stopping') return;
    this.#state = 'stopping';
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#abort.abort(new Error('agent stopping'));
    await this.#cycle;
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.options.connection.stop();
    this.#state = 'stopped';
  }

  async #runCycle(): Promise<void> {
    const wanted = this.options.connection.welcome?.config.docTypes;
    for (const poller of this.#pollers) {
      if (this.#state !== 'running') break;
      if (wanted && !wanted.includes(poller.docType)) continue;
      await poller.poll(this.#abort.signal);
    }
    this.#sendStatus();
  }

  async #backfill(since: string): Promise<void> {
    const { logger, clock } = this.options;
    for (const poller of this.#pollers) {
      if (this.#state !== 'backfilling') return;
      const startedAt = clock.now();
      let lastLine = 0;
      const report = (progress: SweepProgress, final: boolean) => {
        const now = clock.now();
        if (!final && now - lastLine < (this.options.progressIntervalMs ?? 2000)) return;
        lastLine = now;
        const seconds = Math.max((now - startedAt) / 1000, 0.001);
        logger.info(final ? 'backfill done' : 'backfill progress', {
          company: poller.company,
          docType: poller.docType,
          documents: progress.documents,
          enqueued: progress.enqueued,
          pages: progress.pages,
          perSecond: Math.round(progress.documents / seconds),
          reachedGpTime: progress.reachedAt,
        });
      };
      logger.info('backfill starting', { company: poller.company, docType: poller.docType, since });
      let last: SweepProgress = { pages: 0, documents: 0, enqueued: 0, reachedAt: null };
      const outcome = await poller.backfill(
        since,
        (progress) => {
          last = progress;
          report(progress, false);
        },
        this.#abort.signal,
      );
      if (outcome.kind === 'failed') {
        logger.warn('backfill stopped early; normal polling continues from what was read', {
          company: poller.company,
          docType: poller.docType,
          error: outcome.message,
        });
      } else {
        report(last, true);
      }
    }
  }

  #sendStatus(): void {
    const stats = this.options.store.stats(this.options.clock.now());
    this.options.connection.sendStatus({
      sources: this.#pollers.map((p) => p.status()),
      outboxDepth: stats.depth,
      oldestOutboxAgeMs: stats.oldestAgeMs,
      outboxDropped: stats.dropped,
    });
  }

  #intervalMs(): number {
    return this.options.connection.welcome?.config.pollIntervalMs ?? this.options.defaultPollIntervalMs;
  }
}
