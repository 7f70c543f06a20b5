import { afterEach, describe, expect, it } from 'vitest';
import { iso, simulatorWithSource, sweep } from './soap-source-helpers';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const LOOKBACK_MS = 10_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  ...args: Parameters<typeof simulatorWithSource> extends [number, ...infer R] ? R : never
) {
  const setup = await simulatorWithSource(START, ...args);
  cleanups.push(() => setup.close());
  return setup;
}

const listRequests = (requests: Record<string, number>) =>
  Object.entries(requests)
    .filter(([operation]) => operation.endsWith('List'))
    .reduce((sum, [, count]) => sum + count, 0);
const byKeyRequests = (requests: Record<string, number>) =>
  Object.entries(requests)
    .filter(([operation]) => operation.endsWith('ByKey'))
    .reduce((sum, [, count]) => sum + count, 0);

describe('keyset paging over unpaged GP lists', () => {
  it('delivers 50 invoices sharing one ModifiedDate across page boundaries of 20 exactly once each', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const before = sim.addInvoice();
    clock.ms += 1_000;
    const tied = Array.from({ length: 50 }, () => sim.addInvoice().voucherNumber.trimEnd());
    clock.ms += 1_000;
    const after = sim.addInvoice();
    expect(new Set(tied.map((voucher) => sim.getInvoice(voucher)!.dexRowTs)).size).toBe(1);

    const pages: { keys: string[]; hasMore: boolean }[] = [];
    let position: { modifiedAt: string; key: string } | undefined;
    for (;;) {
      const page = await source.listChanged({
        docType: 'payables-invoice',
        since: iso(START + 60_000),
        pageSize: 20,
        ...(position ? { after: position } : {}),
      });
      pages.push({ keys: page.documents.map((document) => document.key), hasMore: page.hasMore });
      const last = page.documents.at(-1);
      if (!page.hasMore || !last) break;
      position = { modifiedAt: last.modifiedAt, key: last.key };
    }
    expect(pages.map((page) => [page.keys.length, page.hasMore])).toEqual([
      [20, true],
      [20, true],
      [12, false],
    ]);
    const delivered = pages.flatMap((page) => page.keys);
    expect(delivered).toEqual([
      before.voucherNumber.trimEnd(),
      ...[...tied].sort(),
      after.voucherNumber.trimEnd(),
    ]);
  });

  it('says hasMore exactly: a tie that fills the last page to the brim leaves no empty page behind', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    for (let i = 0; i < 40; i++) sim.addInvoice();
    const { documents, pages } = await sweep(source, 'payables-invoice', START + 60_000, 20);
    expect(pages).toBe(2);
    expect(new Set(documents.map((document) => document.key)).size).toBe(40);
  });

  it('reports a document changed between the list and its by-key call with its newest content, and again at its new time', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const voucher = sim.addInvoice({ dueDate: '2024-05-31' }).voucherNumber.trimEnd();
    sim.faults.push({ kind: 'stall', operation: 'GetPayablesInvoiceByKey' });
    const pending = source.listChanged({
      docType: 'payables-invoice',
      since: iso(START + 60_000),
      pageSize: 100,
    });
    await expect.poll(() => sim.stats.faultsInjected).toBe(1);
    clock.ms += 2_000;
    sim.editInvoice(voucher, { dueDate: '2024-06-15' });
    expect(sim.releaseStalls()).toBe(1);
    const first = await pending;
    expect(first.documents).toHaveLength(1);
    // The list's time, so the cursor never passes a change the list did not show; the newest details.
    expect(first.documents[0]).toMatchObject({
      modifiedAt: iso(START + 60_000),
      record: { dueDate: '2024-06-15' },
    });
    const next = await sweep(source, 'payables-invoice', START + 60_000 - LOOKBACK_MS);
    expect(next.documents).toHaveLength(1);
    expect(next.documents[0]).toMatchObject({ modifiedAt: iso(START + 62_000) });
    expect(next.documents[0]!.record).toEqual(first.documents[0]!.record);
  });

  it('pages by GP time when GP runs three minutes ahead of the agent, missing nothing and asking once per poll', async () => {
    const { sim, clock, source } = await setup({}, {}, 3 * 60_000);
    clock.ms = START + 60_000;
    const first = sim.addInvoice().voucherNumber.trimEnd();
    // A first run looks five minutes back on the agent's clock: GP's stamps are ahead of that, not lost.
    const baseline = await sweep(source, 'payables-invoice', clock.ms - 5 * 60_000);
    expect(baseline.documents.map((document) => document.key)).toContain(first);
    expect(baseline.serverTimes[0]).toBe(iso(START + 60_000 + 3 * 60_000));
    const cursor = Date.parse(baseline.documents.at(-1)!.modifiedAt);
    clock.ms += 30_000;
    const second = sim.addInvoice().voucherNumber.trimEnd();
    sim.resetStats();
    const poll = await sweep(source, 'payables-invoice', cursor - LOOKBACK_MS);
    expect(poll.documents.map((document) => document.key)).toEqual([first, second]);
    expect(sim.stats.requestsByOperation).toEqual({ GetPayablesDocumentList: 1, GetPayablesInvoiceByKey: 1 });
    // A backfill from a month back walks bounded windows up to GP's now, not the agent's, and finds both.
    const backfill = await sweep(source, 'payables-invoice', START - 30 * 86_400_000, 50);
    expect(backfill.documents.map((document) => document.key)).toEqual(
      expect.arrayContaining([first, second]),
    );
  });
});

describe('request economy', () => {
  it('costs one list request per family, and no by-key call, when a poll finds nothing new', async () => {
    const { sim, clock, source } = await setup({}, { includeUnpostedJournals: true });
    clock.ms = START + 60_000;
    sim.addInvoice();
    sim.db.purchaseOrders.add();
    sim.db.ledger.add();
    sim.db.addVendor({ vendorId: 'QUIET0001', name: 'Quiet Co' });
    for (const docType of source.docTypes) await sweep(source, docType, START + 60_000);
    clock.ms += 5_000;
    sim.resetStats();
    for (const docType of source.docTypes) {
      // The next poll reads its lookback again: the documents come back (the poller sees their versions unchanged).
      const { documents } = await sweep(source, docType, START + 60_000 - LOOKBACK_MS);
      expect(documents).toHaveLength(1);
    }
    expect(sim.stats.requestsByOperation).toEqual({
      GetPayablesDocumentList: 1,
      GetPurchaseOrderList: 1,
      GetGLTransactionList: 1,
      GetVendorList: 1,
    });
    clock.ms += 60_000;
    sim.resetStats();
    for (const docType of source.docTypes) {
      expect((await sweep(source, docType, START + 65_000)).documents).toEqual([]);
    }
    expect(sim.stats.requests).toBe(4);
  });

  it('reads 100 changes among 100,000 invoices with one list request, bytes in proportion to the changes', async () => {
    const { sim, clock, source } = await setup({
      invoices: 100_000,
      vendors: 1000,
      purchaseOrders: 0,
      journals: 0,
    });
    clock.ms = START + 60_000;
    const baseline = await sweep(source, 'payables-invoice', START - 5 * 60_000);
    const cursor = Date.parse(baseline.documents.at(-1)?.modifiedAt ?? iso(START));
    const open = [...sim.db.documents()].filter((row) => row.table === 'PM20000' && !row.hold).slice(0, 30);
    for (let i = 0; i < 70; i++) {
      clock.ms += 250;
      sim.addInvoice();
    }
    for (const row of open) {
      clock.ms += 250;
      sim.holdInvoice(
        row.voucherNumber.trimEnd(),
        true,
        row.docType === 1 ? 'invoice' : row.docType === 4 ? 'return' : 'credit-memo',
      );
    }
    sim.resetStats();
    const poll = await sweep(source, 'payables-invoice', cursor - LOOKBACK_MS);
    expect(poll.documents.filter((document) => Date.parse(document.modifiedAt) > cursor)).toHaveLength(100);
    expect(listRequests(sim.stats.requestsByOperation)).toBe(1);
    expect(byKeyRequests(sim.stats.requestsByOperation)).toBe(100);
    const listBytes = sim.stats.responseBytesByOperation.GetPayablesDocumentList ?? 0;
    // A summary is about 1.5 kB; the whole table would be about 160 MB.
    expect(listBytes).toBeLessThan(100 * 2_000 + 10_000);

    sim.resetStats();
    // GP rounds criteria times to datetime ticks (3.33 ms): start a tick clear of the cursor.
    const small = await sweep(source, 'payables-invoice', cursor + 4, 20);
    expect(small.documents).toHaveLength(100);
    expect(listRequests(sim.stats.requestsByOperation)).toBeLessThanOrEqual(Math.ceil(100 / 20) + 1);
  }, 120_000); // builds a 100,000-invoice GP: slow on a loaded 2-core machine

  it('backfills a table page by page in about one list request per page, every document exactly once', async () => {
    const { sim, source } = await setup({ invoices: 4_000, vendors: 200, purchaseOrders: 0, journals: 0 });
    const all = [...sim.db.documents()].length;
    sim.resetStats();
    // Even before GP's clock is known, a backfill starts with a bounded window, never the whole table.
    expect(sim.exchanges).toHaveLength(0);
    await source.listChanged({
      docType: 'payables-invoice',
      since: iso(START - 400 * 86_400_000),
      pageSize: 1,
    });
    expect(sim.exchanges[0]?.requestXml).toMatch(/<To>[^<]+<\/To>/);
    sim.resetStats();
    const { documents, pages } = await sweep(source, 'payables-invoice', START - 400 * 86_400_000, 250);
    expect(documents).toHaveLength(all);
    expect(new Set(documents.map((document) => document.key)).size).toBe(all);
    const lists = listRequests(sim.stats.requestsByOperation);
    expect(lists).toBeLessThanOrEqual(pages + 8);
    // No list answer is the whole table again and again: total list bytes stay within a few table's worth.
    const listBytes = sim.stats.responseBytesByOperation.GetPayablesDocumentList ?? 0;
    expect(listBytes / all).toBeLessThan(3 * 1_600);
    console.info(
      `backfill of ${all} payables documents: ${pages} pages, ${lists} list requests, ${(listBytes / 1e6).toFixed(1)} MB of list XML`,
    );
  });

  it('fills serverTime from the Date header of GP answers', async () => {
    const { clock, source } = await setup();
    clock.ms = START + 61_500;
    const page = await source.listChanged({ docType: 'vendor', since: iso(START), pageSize: 10 });
    expect(page.serverTime).toBe(iso(START + 61_000));
  });
});
