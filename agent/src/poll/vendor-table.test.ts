import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type VendorDelta, type VendorRecord } from '@gprelay/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, AgentErrorCode } from '../errors';
import { LocalStore } from '../store';
import { vendorDocument } from '../store/test-documents';
import { SourcePoller } from './source-poller';
import { FakeSource } from './test-fake-source';
import { WHOLE_TABLE_SINCE } from './vendor-table';

const COMPANY = 'Fabrikam, Inc.';
const at = (iso: string) => Date.parse(iso);

describe('SourcePoller of vendors', () => {
  let dir: string;
  let now: number;
  let source: FakeSource;
  let store: LocalStore;
  const clock = { now: () => now };

  const openStore = () => LocalStore.open(join(dir, 'agent.db'), { clock });
  const poller = (pageSize = 500) =>
    new SourcePoller({
      source,
      docType: 'vendor',
      store,
      clock,
      logger: silentLogger,
      lookbackMs: 10_000,
      baselineWindowMs: 300_000,
      pageSize,
      onEnqueued: () => {},
      onAlert: () => {},
    });
  /** GP changes a vendor: it is listed at its new modification time. */
  function change(id: string, modifiedAt: string, record: Partial<VendorRecord>): void {
    const current = source.documents.find((d) => d.key === id);
    source.documents = source.documents.filter((d) => d.key !== id);
    source.documents.push(
      vendorDocument(id, { modifiedAt, record: { ...(current?.record as VendorRecord), ...record } }),
    );
  }
  function sent(): VendorDelta[] {
    const deltas: VendorDelta[] = [];
    for (let b = store.nextBatch({ maxItems: 500, maxBytes: 1e6 }); b; ) {
      deltas.push(...(b.deltas as VendorDelta[]));
      store.ack(b.batchId);
      b = store.nextBatch({ maxItems: 500, maxBytes: 1e6 });
    }
    return deltas;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gprelay-vendor-poll-'));
    now = at('2026-11-25T10:00:00.000Z');
    source = new FakeSource(['vendor']);
    // A vendor table years old, one vendor touched a minute ago.
    source.documents = [
      vendorDocument('ACME', { modifiedAt: '2019-03-01T08:00:00.000Z' }),
      vendorDocument('BOLT', { modifiedAt: '2024-07-15T12:30:00.000Z', record: { paymentTerms: 'Net 30' } }),
      vendorDocument('CORE', { modifiedAt: '2026-11-25T09:59:00.000Z', record: { classId: null } }),
    ];
    store = openStore();
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('baselines, then reads the whole vendor table once, posting nothing', async () => {
    expect(await poller().poll()).toEqual({ kind: 'baseline', documents: 1, pages: 1 });
    expect(source.requests.map((r) => r.since)).toEqual(['2026-11-25T09:55:00.000Z', WHOLE_TABLE_SINCE]);
    expect(store.knowsVendorTable(COMPANY)).toBe(true);
    expect(sent()).toEqual([]);

    now += 15_000;
    await poller().poll();
    expect(source.requests.filter((r) => r.since === WHOLE_TABLE_SINCE)).toHaveLength(1);
  });

  it('then says what each vendor was before its change, and that a vendor unknown until now is new', async () => {
    await poller().poll();
    now += 15_000;
    change('ACME', '2026-11-25T10:00:05.000Z', { onHold: true });
    change('BOLT', '2026-11-25T10:00:06.000Z', { paymentTerms: 'Net 45' });
    source.documents.push(
      vendorDocument('NEWCO', {
        modifiedAt: '2026-11-25T10:00:07.000Z',
        record: { createdDate: '2026-11-25' },
      }),
    );
    expect(await poller().poll()).toMatchObject({ kind: 'polled', enqueued: 3 });
    const [acme, bolt, newco] = sent();
    expect(acme).toMatchObject({ key: 'ACME', state: 'on-hold', previous: { onHold: false } });
    expect(bolt).toMatchObject({ record: { paymentTerms: 'Net 45' }, previous: { paymentTerms: 'Net 30' } });
    expect(newco).toMatchObject({ key: 'NEWCO', previous: null });
  });

  it('pages through a table larger than a page, each page remembered', async () => {
    for (let n = 0; n < 7; n++) {
      source.documents.push(vendorDocument(`V${n}`, { modifiedAt: `2020-01-0${n + 1}T00:00:00.000Z` }));
    }
    await poller(4).poll();
    const tableRequests = source.requests.filter((r) => r.since === WHOLE_TABLE_SINCE);
    expect(tableRequests).toHaveLength(3);
    expect(tableRequests[1]!.after).toEqual({ modifiedAt: '2020-01-03T00:00:00.000Z', key: 'V2' });

    now += 15_000;
    change('V6', '2026-11-25T10:00:05.000Z', { status: 'inactive' });
    await poller().poll();
    expect(sent()).toMatchObject([
      { key: 'V6', record: { status: 'inactive' }, previous: { status: 'active' } },
    ]);
  });

  it('reads the table again on the next poll when GP fails during the read', async () => {
    source.failOnRequest = { n: 2, error: new AgentError(AgentErrorCode.gpUnavailable, 'GP went away') };
    expect(await poller().poll()).toMatchObject({ kind: 'failed', message: 'GP went away' });
    expect(store.knowsVendorTable(COMPANY)).toBe(false);
    expect(store.getCursor(COMPANY, 'vendor')).not.toBeNull();

    now += 15_000;
    expect(await poller().poll()).toMatchObject({ kind: 'polled' });
    expect(store.knowsVendorTable(COMPANY)).toBe(true);
    expect(source.requests.filter((r) => r.since === WHOLE_TABLE_SINCE)).toHaveLength(2);
  });

  it('keeps what it learnt across a restart, without reading the table again', async () => {
    await poller().poll();
    store.close();
    store = openStore();
    now += 60_000;
    change('CORE', '2026-11-25T10:00:30.000Z', { name: 'Core Logistics' });
    await poller().poll();
    expect(sent()).toMatchObject([{ key: 'CORE', previous: { name: 'Vendor CORE' } }]);
    expect(source.requests.filter((r) => r.since === WHOLE_TABLE_SINCE)).toHaveLength(1);
  });

  it('reads the table after the first poll of a store that already had a vendor cursor (an upgrade)', async () => {
    store.recordBaseline({
      company: COMPANY,
      docType: 'vendor',
      cursor: { modifiedAt: '2026-11-25T09:59:00.000Z', key: 'CORE' },
      documents: source.documents.filter((d) => d.key === 'CORE'),
    });
    // Changed after the cursor, before the upgraded agent's first poll: posted, with no "before" to tell.
    change('ACME', '2026-11-25T09:59:30.000Z', { onHold: true });
    expect(await poller().poll()).toMatchObject({ kind: 'polled', enqueued: 1 });
    expect(store.knowsVendorTable(COMPANY)).toBe(true);
    const [first] = sent();
    expect(first).toMatchObject({ key: 'ACME', state: 'on-hold' });
    expect(first).not.toHaveProperty('previous');

    now += 15_000;
    change('ACME', '2026-11-25T10:00:05.000Z', { onHold: false });
    await poller().poll();
    expect(sent()).toMatchObject([{ key: 'ACME', state: 'active', previous: { onHold: true } }]);
  });
});
