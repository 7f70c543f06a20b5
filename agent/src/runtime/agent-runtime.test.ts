import type { AlertFrame, StatusFrame, WelcomeFrame } from '@gprelay/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSource } from '../poll/test-fake-source';
import { WHOLE_TABLE_SINCE } from '../poll/vendor-table';
import { LocalStore } from '../store';
import { payablesDocument, vendorDocument } from '../store/test-documents';
import { ManualTimers } from '../transport/test-manual-timers';
import { AgentRuntime, type RuntimeConnection } from './agent-runtime';

/** The runtime's view of the cloud connection, recorded instead of sent. */
class FakeConnection implements RuntimeConnection {
  welcome: WelcomeFrame | null = null;
  statuses: Array<Omit<StatusFrame, 'type'>> = [];
  alerts: Array<Omit<AlertFrame, 'type'>> = [];
  notified = 0;
  started = false;
  readonly #listeners = new Map<string, Array<(value: unknown) => void>>();

  start(): void {
    this.started = true;
  }
  async stop(): Promise<void> {}
  notify(): void {
    this.notified += 1;
  }
  sendAlert(alert: Omit<AlertFrame, 'type'>): 'sent' {
    this.alerts.push(alert);
    return 'sent';
  }
  sendStatus(status: Omit<StatusFrame, 'type'>): boolean {
    this.statuses.push(status);
    return true;
  }
  on = ((event: string, listener: (value: unknown) => void) => {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return () => {};
  }) as RuntimeConnection['on'];

  emit(event: string, value: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(value);
  }
}

const INTERVAL_MS = 15_000;

describe('AgentRuntime', () => {
  let store: LocalStore;
  let source: FakeSource;
  let connection: FakeConnection;
  let timers: ManualTimers;
  let now: number;
  let logs: Array<{ message: string; fields: Record<string, unknown> | undefined }>;
  const clock = { now: () => now };

  beforeEach(() => {
    now = Date.parse('2026-11-25T10:00:00.000Z');
    store = LocalStore.open(':memory:', { clock });
    source = new FakeSource(['payables-invoice', 'vendor']);
    connection = new FakeConnection();
    timers = new ManualTimers();
    logs = [];
  });
  afterEach(() => store.close());

  const runtime = (extra: Partial<ConstructorParameters<typeof AgentRuntime>[0]> = {}) =>
    new AgentRuntime({
      sources: [source],
      store,
      connection,
      clock,
      logger: {
        debug() {},
        info: (message, fields) => logs.push({ message, fields }),
        warn: (message, fields) => logs.push({ message, fields }),
        error() {},
      },
      defaultPollIntervalMs: INTERVAL_MS,
      timers,
      pollerOptions: { pageSize: 10 },
      ...extra,
    });

  /** Resolves once the runtime has scheduled its next poll: the cycle under way is over. */
  async function cycleDone(): Promise<void> {
    while (!timers.pendingDelays().includes(INTERVAL_MS))
      await new Promise((resolve) => setImmediate(resolve));
  }

  /** The families polled; the vendor poller's one read of the whole vendor table is not a poll. */
  const polledFamilies = () =>
    source.requests.filter((r) => r.since !== WHOLE_TABLE_SINCE).map((r) => r.docType);

  it('polls every document family of every source, then reports status', async () => {
    const agent = runtime();
    agent.start();
    await cycleDone();
    expect(polledFamilies()).toEqual(['payables-invoice', 'vendor']);
    expect(connection.statuses.at(-1)?.sources.map((s) => s.docType)).toEqual(['payables-invoice', 'vendor']);
    await agent.stop();
  });

  it('skips families the cloud did not ask for', async () => {
    connection.welcome = {
      type: 'welcome',
      protocolVersion: 1,
      agentId: 'agt_1',
      tenantId: 'tnt_1',
      config: { pollIntervalMs: INTERVAL_MS, docTypes: ['vendor'], heartbeatIntervalMs: 20_000 },
    };
    const agent = runtime();
    agent.start();
    await cycleDone();
    expect(polledFamilies()).toEqual(['vendor']);
    await agent.stop();
  });

  it('polls again on the interval and at once on a poll-now command', async () => {
    const agent = runtime();
    agent.start();
    await cycleDone();
    source.requests.length = 0;
    connection.emit('command', 'poll-now');
    await cycleDone();
    expect(source.requests).toHaveLength(2);
    timers.fire(INTERVAL_MS);
    await cycleDone();
    expect(source.requests).toHaveLength(4);
    await agent.stop();
  });

  it('backfills history with progress, then polls normally without posting it twice', async () => {
    source.documents = [
      ...Array.from({ length: 25 }, (_, i) =>
        payablesDocument(`V${String(i).padStart(3, '0')}`, {
          modifiedAt: `2026-03-0${1 + (i % 9)}T12:00:00.000Z`,
        }),
      ),
      vendorDocument('ACME0001', { modifiedAt: '2026-05-01T00:00:00.000Z' }),
      payablesDocument('OLD', { modifiedAt: '2025-12-31T23:59:59.000Z' }),
    ];
    const agent = runtime({ backfillSince: '2026-01-01T00:00:00.000Z', progressIntervalMs: 0 });
    agent.start();
    expect(agent.state).toBe('backfilling');
    await cycleDone();
    expect(agent.state).toBe('running');
    const outbox = store.nextBatch({ maxItems: 100, maxBytes: 10_000_000 })!;
    expect(outbox.deltas).toHaveLength(26);
    expect(outbox.deltas.map((d) => d.key)).not.toContain('OLD');
    const done = logs.filter((l) => l.message === 'backfill done');
    expect(done.map((l) => [l.fields?.docType, l.fields?.documents, l.fields?.pages])).toEqual([
      ['payables-invoice', 25, 3],
      ['vendor', 1, 1],
    ]);
    expect(logs.filter((l) => l.message === 'backfill progress').length).toBeGreaterThan(0);
    await agent.stop();
  });
});
