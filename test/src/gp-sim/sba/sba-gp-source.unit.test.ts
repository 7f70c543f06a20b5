import { type ChangedDocument, SoapGpSource } from '@gprelay/agent';
import { afterEach, describe, expect, it } from 'vitest';
import { type GpSimulatorOptions, startGpSimulator } from '../gp-simulator';
import { sbaConvention } from './sba-convention';
import { listAll, sbaSourceFor } from './sba-test-rig';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const EPOCH = '2000-01-01T00:00:00.000Z';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: GpSimulatorOptions = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const sim = await startGpSimulator({ clock, seed: 5, vendors: 30, invoices: 150, ...options });
  cleanups.push(() => sim.close());
  return { sim, clock };
}
function track<T extends { close(): Promise<void> }>(source: T): T {
  cleanups.push(() => source.close());
  return source;
}
const iso = (ms: number) => new Date(ms).toISOString();
const byKey = (documents: ChangedDocument[]) =>
  new Map(documents.map((document) => [document.key, document]));

describe('SbaGpSource against the simulator', () => {
  it('reads the same documents as the SOAP adapter, field for field, in every family', async () => {
    const { sim, clock } = await simulator({ purchaseOrders: 60, journals: 80 });
    clock.ms = START + 60_000;
    sim.addInvoice({ vendorId: 'PENADIST0001', purchaseAmount: '1234.5', taxAmount: '98.76' });
    sim.addInvoice({ vendorId: 'PENADIST0001', kind: 'return', voucherNumber: 'SAME-1' });
    sim.addInvoice({ vendorId: 'PENADIST0001', voucherNumber: 'SAME-1' });
    sim.db.updateVendor('PENADIST0001', { phone: '31255501231234' });
    const soap = track(new SoapGpSource({ url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }));
    const sba = track(sbaSourceFor(sim));
    expect([...sba.docTypes].sort()).toEqual([...soap.docTypes].sort());

    for (const docType of soap.docTypes) {
      const fromSoap = (await listAll(soap, docType, EPOCH)).documents;
      const fromSba = (await listAll(sba, docType, EPOCH, 37)).documents;
      expect(fromSoap.length, docType).toBeGreaterThan(20);
      expect(fromSba.map((d) => d.key).sort(), docType).toEqual(fromSoap.map((d) => d.key).sort());
      const sbaByKey = byKey(fromSba);
      for (const expected of fromSoap) {
        const actual = sbaByKey.get(expected.key);
        if (actual?.docType === 'payables-invoice') {
          // The one documented difference: Web Services cannot tell a payables hold (null);
          // this SBA convention carries the HOLD column, so a held document is on-hold.
          const hold = actual.record.hold;
          expect(hold === null || typeof hold === 'boolean').toBe(true);
          expect(actual.state).toBe(hold === true && !actual.record.voided ? 'on-hold' : expected.state);
          expect({ ...actual, state: expected.state, record: { ...actual.record, hold: null } }).toEqual(
            expected,
          );
        } else {
          expect(actual, `${docType} ${expected.key}`).toEqual(expected);
        }
      }
    }
    const kinds = (await listAll(sba, 'payables-invoice', EPOCH)).documents.map((d) =>
      d.docType === 'payables-invoice' ? d.record.kind : d.docType,
    );
    expect(new Set(kinds)).toEqual(new Set(['invoice', 'return', 'credit-memo']));
  });

  it('maps every family exactly: invoices, credit memos, POs, posted journals, vendors', async () => {
    const { sim, clock } = await simulator();
    clock.ms = START + 60_000;
    const since = iso(clock.ms);
    sim.addInvoice({
      vendorId: 'SMITHTOO0001',
      kind: 'credit-memo',
      voucherNumber: 'CM-1',
      documentNumber: 'CR 7',
      purchaseAmount: '10',
    });
    const po = sim.db.purchaseOrders.add({
      vendorId: 'BARNESNO0001',
      buyerId: 'MARK',
      documentDate: '2024-05-01',
      requestedDate: '2024-05-10',
      lines: [
        { quantity: '2', unitCost: '10.5' },
        { quantity: '1', unitCost: '0.25' },
      ],
    });
    sim.db.purchaseOrders.approve(po.poNumber);
    const posted = sim.db.ledger.add({
      transactionDate: '2024-05-01',
      reference: 'Accrual & <fix>',
      lines: [
        { account: '100-6200-00', description: 'Rent', debit: '1500' },
        { account: '000-2200-00', description: 'Accrued', credit: '1500' },
      ],
    });
    sim.db.ledger.post(posted.journalEntry);
    sim.db.ledger.add(); // unposted: not relayed by default
    sim.db.addVendor({
      vendorId: 'NEWCO0001',
      name: 'New & Co',
      classId: 'USA-US-C',
      phone: '3125550123',
    });
    sim.db.holdVendor('NEWCO0001');
    const source = track(sbaSourceFor(sim));

    const [payables, orders, journals, vendors] = await Promise.all(
      (['payables-invoice', 'purchase-order', 'gl-journal', 'vendor'] as const).map(
        async (docType) => (await listAll(source, docType, since)).documents,
      ),
    );
    expect(payables).toEqual([
      {
        docType: 'payables-invoice',
        key: 'CM-1|credit-memo',
        modifiedAt: '2024-05-01T12:01:00.000Z',
        state: 'unposted',
        record: {
          voucherNumber: 'CM-1',
          kind: 'credit-memo',
          documentNumber: 'CR 7',
          vendorId: 'SMITHTOO0001',
          vendorName: 'Smith <Tools> & Hardware',
          amount: { value: '10.00', currency: 'USD', decimalDigits: 2 },
          documentDate: '2024-05-01',
          dueDate: null,
          batchId: 'AP240501',
          transactionState: 'work',
          hold: null,
          voided: false,
          companyName: 'Fabrikam, Inc.',
        },
      },
    ]);
    expect(orders).toEqual([
      {
        docType: 'purchase-order',
        key: po.poNumber.trimEnd(),
        modifiedAt: '2024-05-01T12:01:00.000Z',
        state: 'approved',
        record: {
          poNumber: po.poNumber.trimEnd(),
          type: 'standard',
          status: 'released',
          vendorId: 'BARNESNO0001',
          vendorName: 'Barnes & Noble Office Supply',
          buyerId: 'MARK',
          lineCount: 2,
          total: { value: '21.25', currency: 'USD', decimalDigits: 2 },
          remainingSubtotal: { value: '21.25', currency: 'USD', decimalDigits: 2 },
          documentDate: '2024-05-01',
          promisedDate: '2024-05-10',
          requestedDate: '2024-05-10',
          onHold: false,
          approval: 'Approved',
          transactionState: 'work',
          companyName: 'Fabrikam, Inc.',
        },
      },
    ]);
    expect(journals).toEqual([
      {
        docType: 'gl-journal',
        key: `${posted.journalEntry}/2024-05-01`,
        modifiedAt: '2024-05-01T12:01:00.000Z',
        state: 'posted',
        record: {
          journalEntry: posted.journalEntry,
          batchId: expect.any(String),
          sourceDocument: 'GJ',
          reference: 'Accrual & <fix>',
          transactionDate: '2024-05-01',
          transactionState: 'open',
          debitTotal: { value: '1500.00', currency: 'USD', decimalDigits: 2 },
          creditTotal: { value: '1500.00', currency: 'USD', decimalDigits: 2 },
          lineCount: 2,
          lines: [
            {
              account: '100-6200-00',
              description: 'Rent',
              debit: { value: '1500.00', currency: 'USD', decimalDigits: 2 },
              credit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
            },
            {
              account: '000-2200-00',
              description: 'Accrued',
              debit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
              credit: { value: '1500.00', currency: 'USD', decimalDigits: 2 },
            },
          ],
          voided: false,
          companyName: 'Fabrikam, Inc.',
        },
      },
    ]);
    expect(vendors).toEqual([
      {
        docType: 'vendor',
        key: 'NEWCO0001',
        modifiedAt: '2024-05-01T12:01:00.000Z',
        state: 'on-hold',
        record: {
          vendorId: 'NEWCO0001',
          name: 'New & Co',
          classId: 'USA-US-C',
          status: 'active',
          onHold: true,
          isOneTime: false,
          phone: '3125550123',
          currency: 'USD',
          paymentTerms: 'Net 30',
          createdDate: '2024-05-01',
          companyName: 'Fabrikam, Inc.',
        },
      },
    ]);
    const withWork = track(sbaSourceFor(sim, { includeUnpostedJournals: true }));
    expect((await listAll(withWork, 'gl-journal', since)).documents.map((d) => d.state)).toEqual([
      'posted',
      'unposted',
    ]);
  });

  it('follows a purchase order through its states, a hold winning over the status', async () => {
    const { sim, clock } = await simulator();
    const source = track(sbaSourceFor(sim));
    let po = '';
    const states: string[] = [];
    const step = async (change: () => void) => {
      clock.ms += 1_000;
      change();
      const { documents } = await listAll(source, 'purchase-order', iso(clock.ms));
      states.push(
        `${documents[0]?.state}/${documents[0]?.docType === 'purchase-order' && documents[0].record.approval}`,
      );
    };
    await step(() => {
      po = sim.db.purchaseOrders.add({ vendorId: 'BARNESNO0001' }).poNumber;
    });
    await step(() => sim.db.purchaseOrders.hold(po));
    await step(() => sim.db.purchaseOrders.hold(po, false));
    await step(() => sim.db.purchaseOrders.approve(po));
    await step(() => sim.db.purchaseOrders.changeOrder(po, { lines: [{ index: 0, quantity: '9' }] }));
    await step(() => sim.db.purchaseOrders.approve(po));
    await step(() => sim.db.purchaseOrders.receive(po));
    await step(() => sim.db.purchaseOrders.close(po));
    expect(states).toEqual([
      'new/Pending Approval',
      'on-hold/Pending Approval',
      'new/Pending Approval',
      'approved/Approved',
      'change-order/Pending Approval',
      'approved/Approved',
      'received/Approved',
      'closed/Approved',
    ]);
  });

  it('reads the same records through a differently configured server (paths, query, envelope, tokens, WCF dates)', async () => {
    const { sim } = await simulator();
    const other = await startGpSimulator({
      clock: { now: () => START },
      seed: 5,
      vendors: 30,
      invoices: 150,
      sbaConvention: sbaConvention({
        resources: { 'payables-invoice': 'AP/Documents', vendor: 'Master/Suppliers' },
        query: 'params',
        itemsField: 'value',
        nextField: '@odata.nextLink',
        continuation: 'token',
        dateFormat: 'wcf',
      }),
    });
    cleanups.push(() => other.close());
    const standard = track(sbaSourceFor(sim));
    const configured = track(
      sbaSourceFor(other, {
        resources: { 'payables-invoice': 'AP/Documents', vendor: 'Master/Suppliers' },
        query: {
          list: 'modifiedSince={since}&pageSize={pageSize}',
          continuation: 'token',
          tokenQuery: 'continuationToken={token}',
        },
        envelope: { items: 'value', next: '@odata.nextLink' },
      }),
    );
    for (const docType of ['payables-invoice', 'vendor', 'purchase-order', 'gl-journal'] as const) {
      const expected = await listAll(standard, docType, EPOCH, 25);
      const actual = await listAll(configured, docType, EPOCH, 25);
      expect(actual.documents.length, docType).toBeGreaterThan(0);
      expect(actual.documents, docType).toEqual(expected.documents);
      expect(actual.pages, docType).toBe(expected.pages);
    }
    // The default paths do not exist on that server.
    const unconfigured = track(sbaSourceFor(other));
    await expect(
      unconfigured.listChanged({ docType: 'vendor', since: EPOCH, pageSize: 5 }),
    ).rejects.toMatchObject({
      code: 'AGENT_GP_NOT_FOUND',
    });
  });

  it('reads summaries then each item by key when told the list is not the full record', async () => {
    const { sim, clock } = await simulator();
    clock.ms = START + 60_000;
    for (let i = 0; i < 7; i++) sim.addInvoice();
    sim.db.purchaseOrders.add();
    const since = iso(clock.ms);
    const list = track(sbaSourceFor(sim));
    const detail = track(sbaSourceFor(sim, { detail: 'by-key' }));
    for (const docType of ['payables-invoice', 'purchase-order'] as const) {
      const expected = (await listAll(list, docType, since)).documents;
      sim.resetStats();
      expect((await listAll(detail, docType, since, 5)).documents).toEqual(expected);
      const requests = sim.stats.requestsByOperation;
      const resource =
        docType === 'payables-invoice' ? 'Purchasing/Payables/Transactions' : 'Purchasing/Transactions';
      expect(requests[`sba:${resource}`]).toBe(Math.ceil(expected.length / 5));
      expect(requests[`sba:${resource}(key)`]).toBe(expected.length);
    }
  });

  it('reports GP’s clock from the Date header', async () => {
    const { sim, clock } = await simulator();
    clock.ms = START + 3 * 60_000 + 456;
    const page = await track(sbaSourceFor(sim)).listChanged({
      docType: 'vendor',
      since: iso(START),
      pageSize: 5,
    });
    expect(page).toEqual({ documents: [], hasMore: false, serverTime: '2024-05-01T12:03:00.000Z' });
  });
});
