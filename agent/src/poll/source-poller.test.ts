import type { AlertFrame, PayablesInvoiceRecord } from '@gprelay/shared';
import { silentLogger } from '@gprelay/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, AgentErrorCode } from '../errors';
import { LocalStore } from '../store';
import { payablesDocument } from '../store/test-documents';
import { SourcePoller } from './source-poller';
import { FakeSource } from './test-fake-source';

const at = (iso: string) => Date.parse(iso);

describe('SourcePoller', () => {
  let store: LocalStore;
  let source: FakeSource;
  let now: number;
  let enqueued: number;
  let alerts: Array<Omit<AlertFrame, 'type'>>;
  let poller: SourcePoller;

  beforeEach(() => {
    store = LocalStore.open(':memory:', { clock: { now: () => now } });
    source = new FakeSource();
    now = at('2026-11-25T10:00:00.000Z');
    enqueued = 0;
    alerts = [];
    poller = new SourcePoller({
      source,
      docType: 'payables-invoice',
      store,
      clock: { now: () => now },
      logger: silentLogger,
      lookbackMs: 10_000,
      baselineWindowMs: 300_000,
      onEnqueued: () => {
        enqueued += 1;
      },
      onAlert: (alert) => alerts.push(alert),
    });
  });
  afterEach(() => store.close());

  it('posts nothing on the first run, then posts what changes afterwards', async () => {
    source.documents = [payablesDocument('OLD1', { modifiedAt: '2026-11-25T09:58:00.000Z' })];
    expect(await poller.poll()).toEqual({ kind: 'baseline', documents: 1, pages: 1 });
    expect(source.requests[0]?.since).toBe('2026-11-25T09:55:00.000Z');
    expect(store.stats(now).depth).toBe(0);

    now += 15_000;
    source.documents.push(payablesDocument('NEW1', { modifiedAt: '2026-11-25T10:00:10.000Z' }));
    // OLD1 is inside the lookback: read again, recognised as unchanged.
    expect(await poller.poll()).toMatchObject({ kind: 'polled', documents: 2, enqueued: 1, unchanged: 1 });
    expect(enqueued).toBe(1);
    expect(store.nextBatch({ maxItems: 10, maxBytes: 1e6 })?.deltas.map((d) => d.key)).toEqual(['NEW1']);
  });

  it('reads again from the cursor minus the lookback, without posting unchanged documents twice', async () => {
    await poller.poll();
    source.documents = [payablesDocument('A', { modifiedAt: '2026-11-25T10:00:05.000Z' })];
    await poller.poll();
    // No documents at baseline: the cursor sits at the start of the baseline window.
    expect(source.requests.at(-1)?.since).toBe('2026-11-25T09:54:50.000Z');
    const again = await poller.poll();
    expect(source.requests.at(-1)?.since).toBe('2026-11-25T09:59:55.000Z');
    expect(again).toMatchObject({ kind: 'polled', documents: 1, enqueued: 0, unchanged: 1 });
  });

  it('posts an edited document again as a new version', async () => {
    await poller.poll();
    source.documents = [payablesDocument('A', { modifiedAt: '2026-11-25T10:00:05.000Z' })];
    await poller.poll();
    source.documents = [
      {
        ...payablesDocument('A', {
          modifiedAt: '2026-11-25T10:00:09.000Z',
          record: { transactionState: 'open' },
        }),
        state: 'posted',
      },
    ];
    expect(await poller.poll()).toMatchObject({ enqueued: 1 });
    const batch = store.nextBatch({ maxItems: 10, maxBytes: 1e6 });
    expect(batch?.deltas.map((d) => (d.record as PayablesInvoiceRecord).transactionState)).toEqual([
      'work',
      'open',
    ]);
    expect(new Set(batch?.deltas.map((d) => d.eventId)).size).toBe(2);
  });

  it('raises one gp.auth_failed alert per failure streak and recovers by itself', async () => {
    await poller.poll();
    source.failWith = new AgentError(AgentErrorCode.gpAuth, 'GP answered 401 (Negotiate)');
    expect(await poller.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_AUTH_FAILED' });
    await poller.poll();
    expect(alerts.map((a) => a.code)).toEqual(['gp.auth_failed']);
    expect(poller.status().lastError).toBe('GP answered 401 (Negotiate)');

    source.failWith = null;
    now += 1000;
    expect(await poller.poll()).toMatchObject({ kind: 'polled' });
    expect(poller.status()).toMatchObject({
      lastError: null,
      lastSuccessAt: new Date(now).toISOString(),
      cursorLagMs: 0,
    });
    source.failWith = new AgentError(AgentErrorCode.gpAuth, 'again');
    await poller.poll();
    expect(alerts).toHaveLength(2);
  });

  it('keeps the cursor where it was when GP is unreachable, so nothing is skipped', async () => {
    await poller.poll();
    const cursor = store.getCursor('Fabrikam, Inc.', 'payables-invoice');
    source.failWith = new AgentError(AgentErrorCode.gpUnreachable, 'ECONNREFUSED', { retryable: true });
    expect(await poller.poll()).toMatchObject({ kind: 'failed', code: 'AGENT_GP_UNREACHABLE' });
    expect(store.getCursor('Fabrikam, Inc.', 'payables-invoice')).toEqual(cursor);
    expect(alerts).toEqual([]);
  });

  it('commits large polls in chunks, each with its own cursor', async () => {
    await poller.poll();
    source.documents = Array.from({ length: 1203 }, (_, i) =>
      payablesDocument(`K${String(i).padStart(5, '0')}`, { modifiedAt: '2026-11-25T10:00:01.000Z' }),
    );
    expect(await poller.poll()).toMatchObject({ documents: 1203, enqueued: 1203 });
    expect(store.getCursor('Fabrikam, Inc.', 'payables-invoice')).toEqual({
      modifiedAt: '2026-11-25T10:00:01.000Z',
      key: 'K01202',
    });
  });
});
