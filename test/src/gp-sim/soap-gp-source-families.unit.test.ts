import { afterEach, describe, expect, it } from 'vitest';
import { validateSoapMessages } from '../wsdl/validate-soap-message';
import { only, simulatorWithSource, sweep } from './soap-source-helpers';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
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

describe('payables: invoices, returns and credit memos as one family', () => {
  it('keys each kind apart even when GP reuses a voucher number across document types', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    sim.addInvoice({ vendorId: 'BARNESNO0001', voucherNumber: 'V-77', purchaseAmount: '100' });
    sim.addInvoice({ vendorId: 'BARNESNO0001', voucherNumber: 'V-77', kind: 'return', purchaseAmount: '20' });
    sim.addInvoice({
      vendorId: 'BARNESNO0001',
      voucherNumber: 'V-77',
      kind: 'credit-memo',
      purchaseAmount: '5',
      documentNumber: 'CM-1',
    });
    const { documents } = await sweep(source, 'payables-invoice', START + 60_000);
    expect(documents.map((document) => [document.key, document.record])).toEqual([
      [
        'V-77',
        expect.objectContaining({
          kind: 'invoice',
          amount: { value: '100.00', currency: 'USD', decimalDigits: 2 },
        }),
      ],
      [
        'V-77|credit-memo',
        expect.objectContaining({ kind: 'credit-memo', documentNumber: 'CM-1', dueDate: null }),
      ],
      ['V-77|return', expect.objectContaining({ kind: 'return', dueDate: null })],
    ]);
    expect(documents.every((document) => document.state === 'unposted')).toBe(true);
    sim.postInvoice('V-77', 'return');
    clock.ms += 1_000;
    sim.voidInvoice('V-77', 'return');
    const later = await sweep(source, 'payables-invoice', START + 61_000);
    expect(later.documents.map((document) => [document.key, document.state])).toEqual([
      ['V-77|return', 'voided'],
    ]);
  });
});

describe('payables per-type lists', () => {
  it("reads the same documents with the three per-type lists when GP's security allows only those", async () => {
    const { sim, clock, source } = await setup();
    const perType = await setup({}, { payablesLists: 'per-type' });
    for (const { sim: s, clock: c } of [{ sim, clock }, perType]) {
      c.ms = START + 60_000;
      s.addInvoice({ vendorId: 'BARNESNO0001', voucherNumber: 'P-1' });
      s.addInvoice({ vendorId: 'BARNESNO0001', voucherNumber: 'P-1', kind: 'return' });
      s.addInvoice({ vendorId: 'BARNESNO0001', kind: 'credit-memo' });
    }
    perType.sim.resetStats();
    const combined = await sweep(source, 'payables-invoice', START + 60_000);
    const split = await sweep(perType.source, 'payables-invoice', START + 60_000);
    expect(split.documents).toEqual(combined.documents);
    expect(perType.sim.stats.requestsByOperation).toMatchObject({
      GetPayablesInvoiceList: 1,
      GetPayablesReturnList: 1,
      GetPayablesCreditMemoList: 1,
    });
  });
});

describe('purchase orders', () => {
  it('maps every field and follows new → approved → on hold → change order → received → closed → history as one key', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const po = sim.db.purchaseOrders.add({
      vendorId: 'CAFEOLEI0001',
      buyerId: 'MARK',
      documentDate: '2024-05-01',
      requestedDate: '2024-05-20',
      promisedDate: '2024-05-22',
      freightAmount: '12.5',
      lines: [
        { itemNumber: 'PAPER-A4', quantity: '10', unitCost: '4.25' },
        { itemNumber: 'HDWR-SRG-0001', quantity: '2', unitCost: '19.99' },
      ],
    });
    const key = po.poNumber.trimEnd();
    const read = async () => {
      const { documents } = await sweep(source, 'purchase-order', clock.ms - 5_000);
      return only(documents, key);
    };
    expect(await read()).toEqual({
      docType: 'purchase-order',
      key,
      modifiedAt: '2024-05-01T12:01:00.000Z',
      state: 'new',
      record: {
        poNumber: key,
        type: 'standard',
        status: 'new',
        vendorId: 'CAFEOLEI0001',
        vendorName: 'Café Olé Imports',
        buyerId: 'MARK',
        lineCount: 2,
        total: { value: '94.98', currency: 'USD', decimalDigits: 2 },
        remainingSubtotal: { value: '82.48', currency: 'USD', decimalDigits: 2 },
        documentDate: '2024-05-01',
        promisedDate: '2024-05-22',
        requestedDate: '2024-05-20',
        onHold: false,
        approval: 'Pending Approval',
        transactionState: 'work',
        companyName: 'Fabrikam, Inc.',
      },
    });
    const step = async (change: () => void) => {
      clock.ms += 10_000;
      change();
      return read();
    };
    expect(await step(() => sim.db.purchaseOrders.approve(key))).toMatchObject({
      state: 'approved',
      record: { status: 'released', approval: 'Approved' },
    });
    expect(await step(() => sim.db.purchaseOrders.hold(key))).toMatchObject({
      state: 'on-hold',
      record: { status: 'released', onHold: true },
    });
    expect(
      await step(() => {
        sim.db.purchaseOrders.hold(key, false);
        sim.db.purchaseOrders.changeOrder(key, {
          addLines: [{ itemNumber: 'SVC-INSTALL', quantity: '1', unitCost: '150' }],
        });
      }),
    ).toMatchObject({
      state: 'change-order',
      record: { lineCount: 3, total: { value: '244.98' }, approval: 'Pending Approval' },
    });
    expect(
      await step(() => {
        sim.db.purchaseOrders.approve(key);
        sim.db.purchaseOrders.receive(key);
      }),
    ).toMatchObject({
      state: 'received',
      record: { status: 'received', remainingSubtotal: { value: '0.00' } },
    });
    expect(await step(() => sim.db.purchaseOrders.close(key))).toMatchObject({
      state: 'closed',
      record: { transactionState: 'work' },
    });
    expect(await step(() => sim.db.purchaseOrders.removeCompleted())).toMatchObject({
      key,
      state: 'closed',
      record: { transactionState: 'history', status: 'closed' },
    });
  });

  it('reports a canceled PO as canceled', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const key = sim.db.purchaseOrders.add({ vendorId: 'BARNESNO0001' }).poNumber.trimEnd();
    clock.ms += 1_000;
    sim.db.purchaseOrders.cancel(key);
    const { documents } = await sweep(source, 'purchase-order', START + 61_000);
    expect(only(documents, key)).toMatchObject({ state: 'canceled', record: { status: 'canceled' } });
  });
});

describe('GL journals', () => {
  const lines = [
    { account: '100-6200-00', description: 'Rent May', debit: '2500.00' },
    { account: '200-6300-00', description: 'Utilities May', debit: '310.55' },
    { account: '000-2200-00', description: 'Accrued expenses', credit: '2810.55' },
  ];

  it('relays posted journals only by default, work too when enabled, and work → open → history stays one key', async () => {
    const { sim, clock, source } = await setup();
    const withWork = await setup({}, { includeUnpostedJournals: true });
    clock.ms = START + 60_000;
    withWork.clock.ms = START + 60_000;
    const add = (ledger: typeof sim.db.ledger) =>
      ledger.add({
        transactionDate: '2024-04-30',
        reference: 'Accrue April & <May>',
        batchId: 'ACCRUALS',
        lines,
      });
    const entry = add(sim.db.ledger);
    add(withWork.sim.db.ledger);
    const key = `${entry.journalEntry}/2024-04-30`;
    expect((await sweep(source, 'gl-journal', START + 60_000)).documents).toEqual([]);
    const unposted = only((await sweep(withWork.source, 'gl-journal', START + 60_000)).documents, key);
    expect(unposted).toEqual({
      docType: 'gl-journal',
      key,
      modifiedAt: '2024-05-01T12:01:00.000Z',
      state: 'unposted',
      record: {
        journalEntry: entry.journalEntry,
        batchId: 'ACCRUALS',
        sourceDocument: 'GJ',
        reference: 'Accrue April & <May>',
        transactionDate: '2024-04-30',
        transactionState: 'work',
        debitTotal: { value: '2810.55', currency: 'USD', decimalDigits: 2 },
        creditTotal: { value: '2810.55', currency: 'USD', decimalDigits: 2 },
        lineCount: 3,
        lines: [
          {
            account: '100-6200-00',
            description: 'Rent May',
            debit: { value: '2500.00', currency: 'USD', decimalDigits: 2 },
            credit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
          },
          {
            account: '200-6300-00',
            description: 'Utilities May',
            debit: { value: '310.55', currency: 'USD', decimalDigits: 2 },
            credit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
          },
          {
            account: '000-2200-00',
            description: 'Accrued expenses',
            debit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
            credit: { value: '2810.55', currency: 'USD', decimalDigits: 2 },
          },
        ],
        voided: false,
        companyName: 'Fabrikam, Inc.',
      },
    });
    for (const { sim: s, clock: c } of [{ sim, clock }, withWork]) {
      c.ms += 10_000;
      s.db.ledger.post(entry.journalEntry);
    }
    for (const reader of [source, withWork.source]) {
      const posted = only((await sweep(reader, 'gl-journal', START + 60_000)).documents, key);
      expect(posted).toMatchObject({ state: 'posted', record: { transactionState: 'open' } });
    }
    clock.ms += 10_000;
    sim.db.ledger.closeYear(2024);
    const closed = await sweep(source, 'gl-journal', START + 75_000);
    expect(only(closed.documents, key)).toMatchObject({
      state: 'posted',
      record: { transactionState: 'history' },
    });
  });

  it('sends the first ten lines and the totals and count of all of them', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    const many = Array.from({ length: 12 }, (_, at) => ({ account: '300-6500-00', debit: `${at + 1}.00` }));
    const entry = sim.db.ledger.add({ lines: [...many, { account: '000-1100-00', credit: '78.00' }] });
    sim.db.ledger.post(entry.journalEntry);
    const [journal] = (await sweep(source, 'gl-journal', START + 60_000)).documents;
    expect(journal?.record).toMatchObject({
      lineCount: 13,
      debitTotal: { value: '78.00' },
      creditTotal: { value: '78.00' },
    });
    expect((journal?.record as { lines: unknown[] } | undefined)?.lines).toHaveLength(10);
  });

  it('keeps journals of different years with the same JRNENTRY apart (history year and open year)', async () => {
    const { sim, source } = await setup({ journals: 400 });
    const posted = [...sim.db.ledger.all()].filter((row) => row.table !== 'GL10000');
    const { documents } = await sweep(source, 'gl-journal', Date.UTC(2023, 0, 1), 100);
    expect(documents).toHaveLength(posted.length);
    expect(new Set(documents.map((document) => document.key)).size).toBe(posted.length);
    const numbers = documents.map((document) => (document.record as { journalEntry: number }).journalEntry);
    expect(new Set(numbers).size).toBeLessThan(numbers.length);
  });
});

describe('vendors', () => {
  it('maps a new vendor, then changes, a hold and an inactivation, each as a new version of one key', async () => {
    const { sim, clock, source } = await setup();
    clock.ms = START + 60_000;
    sim.db.addVendor({
      vendorId: 'NORTHWIN0042',
      name: 'Northwind & Sons',
      classId: 'USA-US-C',
      paymentTermsId: '2% 10/Net 30',
      phone: '31255501230042',
      state: 'IL',
    });
    const read = async () =>
      only((await sweep(source, 'vendor', clock.ms - 5_000)).documents, 'NORTHWIN0042');
    expect(await read()).toEqual({
      docType: 'vendor',
      key: 'NORTHWIN0042',
      modifiedAt: '2024-05-01T12:01:00.000Z',
      state: 'active',
      record: {
        vendorId: 'NORTHWIN0042',
        name: 'Northwind & Sons',
        classId: 'USA-US-C',
        status: 'active',
        onHold: false,
        isOneTime: false,
        phone: '3125550123 x0042',
        currency: 'USD',
        paymentTerms: '2% 10/Net 30',
        createdDate: '2024-05-01',
        companyName: 'Fabrikam, Inc.',
      },
    });
    clock.ms += 10_000;
    sim.db.updateVendor('NORTHWIN0042', { name: 'Northwind and Sons', paymentTermsId: 'Net 60' });
    expect(await read()).toMatchObject({
      state: 'active',
      record: { name: 'Northwind and Sons', paymentTerms: 'Net 60' },
    });
    clock.ms += 10_000;
    sim.db.holdVendor('NORTHWIN0042');
    expect(await read()).toMatchObject({ state: 'on-hold', record: { onHold: true } });
    clock.ms += 10_000;
    sim.db.holdVendor('NORTHWIN0042', false);
    sim.db.inactivateVendor('NORTHWIN0042');
    expect(await read()).toMatchObject({ state: 'inactive', record: { status: 'inactive', onHold: false } });
    clock.ms += 10_000;
    sim.db.updateVendor('NORTHWIN0042', { status: 3 });
    expect(await read()).toMatchObject({
      state: 'temporary',
      record: { status: 'temporary', isOneTime: true },
    });
  });
});

describe('wire format', () => {
  it('sends list and by-key requests of every family that validate against the WSDL, and reads answers that do', async () => {
    const { sim, clock, source } = await setup({}, { includeUnpostedJournals: true });
    clock.ms = START + 60_000;
    sim.addInvoice({ kind: 'return' });
    sim.db.purchaseOrders.add();
    sim.db.ledger.add();
    sim.db.addVendor({ vendorId: 'WIRE0001', name: 'Wire Co' });
    for (const docType of source.docTypes) await sweep(source, docType, START + 60_000);
    const operations = [
      'GetPayablesDocumentList',
      'GetPayablesReturnByKey',
      'GetPurchaseOrderList',
      'GetPurchaseOrderByKey',
      'GetGLTransactionList',
      'GetGLTransactionByKey',
      'GetVendorList',
      'GetVendorByKey',
    ];
    const exchanges = operations.map((operation) => {
      const exchange = sim.exchanges.find(
        (candidate) => candidate.operation === operation && candidate.status === 200,
      );
      if (exchange === undefined) throw new Error(`no ${operation} exchange`);
      return exchange;
    });
    const results = await validateSoapMessages(
      exchanges.flatMap((exchange) => [exchange.requestXml, exchange.responseXml]),
    );
    expect(results.map((result, at) => [operations[at >> 1], result.errors])).toEqual(
      results.map((_, at) => [operations[at >> 1], []]),
    );
  });
});
