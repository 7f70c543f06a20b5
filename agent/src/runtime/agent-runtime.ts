import { type Clock, DocType, type Logger } from '@gprelay/shared';
import type { GpSource } from '../gp/gp-source';
import { SourcePoller } from '../poll/source-poller';
import type { LocalStore } from '../store/local-store';
import type { CloudConnection } from '../transport/cloud-connection';
import { systemTimers, type TimerHandle, type Timers } from '../transport/timers';

export interface AgentRuntimeOptions {
  sources: readonly GpSource[];
  store: LocalStore;
  connection: CloudConnection;
  clock: Clock;
  logger: Logger;
  /** Used until the cloud's `welcome` sets the interval, ms. */
  defaultPollIntervalMs: number;
  timers?: Timers;
  /** Poller tuning (lookback, baseline window), for tests. */
  pollerOptions?: { lookbackMs?: number; baselineWindowMs?: number };
}

export type RuntimeState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * The running agent: polls every source on the interval the cloud asks for
 * (polling goes on while the cloud is unreachable: the outbox buffers), lets
 * the connection drain the outbox, and reports status after every cycle.
 */
export class AgentRuntime {
  #state: RuntimeState = 'idle';
  readonly #pollers: SourcePoller[];
  readonly #timers: Timers;
  #timer: TimerHandle | null = null;
  #cycle: Promise<void> | null = null;
  #again = false;
  #unsubscribe: Array<() => void> = [];

  constructor(private readonly options: AgentRuntimeOptions) {
    this.#timers = options.timers ?? systemTimers;
    // The skeleton relays payables invoices; other document families join as their adapters land.
    this.#pollers = options.sources.map(
      (source) =>
        new SourcePoller({
          source,
          docType: DocType.payablesInvoice,
          store: options.store,
          clock: options.clock,
          logger: options.logger,
          onEnqueued: () => options.connection.notify(),
          onAlert: (alert) => options.connection.sendAlert(alert),
          ...options.pollerOptions,
        }),
    );
  }

  get state(): RuntimeState {
    return this.#state;
  }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    const { connection } = this.options;
    this.#unsubscribe.push(
      connection.on('command', (command) => {
        if (command === 'poll-now') this.pollNow();
      }),
      connection.on('welcome', () => this.#sendStatus()),
    );
    connection.start();
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

  /** Finishes the cycle under way (its results are committed), then closes the connection. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'stopping') return;
    this.#state = 'stopping';
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    await this.#cycle;
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.options.connection.stop();
    this.#state = 'stopped';
  }

  async #runCycle(): Promise<void> {
    for (const poller of this.#pollers) {
      if (this.#state !== 'running') break;
      await poller.poll();
    }
    this.#sendStatus();
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
