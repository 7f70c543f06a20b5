import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSoapMessages } from '../wsdl/validate-soap-message';
import { GP_NS } from '../wsdl/wsdl-file';
import { childElement, childElements, type XmlElement } from '../wsdl/xml-tree';
import { type GpSimulator, startGpSimulator } from './gp-simulator';
import {
  CONTEXT,
  dateRestriction,
  envelope,
  faultOf,
  gpText,
  payloadOf,
  postSoap,
} from './soap-test-helpers';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const clock = { ms: START, now: () => clock.ms };
let sim: GpSimulator;

beforeAll(async () => {
  sim = await startGpSimulator({
    clock,
    seed: 4,
    vendors: 30,
    invoices: 200,
    purchaseOrders: 60,
    journals: 80,
  });
});
afterAll(() => sim?.close());

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const nil = (name: string) => `<${name} xsi:nil="true"/>`;
const since = (ms: number) => `<ModifiedDate>${dateRestriction({ From: iso(ms) })}</ModifiedDate>`;
const states = (type: string, ...items: string[]) =>
  `<TransactionState>${nil('EqualValue')}${nil('NotEqualValue')}<Items>${items.map((item) => `<${type}>${item}</${type}>`).join('')}</Items></TransactionState>`;

/** Calls an operation with criteria or a key; returns the raw exchange and the result element. */
async function call(operation: string, inner: string) {
  const request = envelope(`<${operation} xmlns="${GP_NS}">${inner}${CONTEXT()}</${operation}>`);
  const response = await postSoap(sim.soapUrl, operation, request);
  const result =
    response.status === 200 ? childElement(payloadOf(response.text), GP_NS, `${operation}Result`) : undefined;
  return { request, response, result };
}
const items = (result: XmlElement | undefined, name: string) =>
  result === undefined ? [] : childElements(result, GP_NS, name);
const ids = (result: XmlElement | undefined, name: string, ...path: string[]) =>
  items(result, name).map((item) => gpText(item, ...(path.length > 0 ? path : ['Key', 'Id']))?.trimEnd());

describe('payables credit memos and returns', () => {
  it('lists each DOCTYPE through its own operation and keys them on voucher + type', async () => {
    clock.ms = START + 60_000;
    const invoice = sim.addInvoice({ vendorId: 'BARNESNO0001', voucherNumber: 'SHARED-1' });
    const creditMemo = sim.addInvoice({
      vendorId: 'BARNESNO0001',
      kind: 'credit-memo',
      voucherNumber: 'SHARED-1',
    });
    const ret = sim.addInvoice({ vendorId: 'BARNESNO0001', kind: 'return' });
    const criteria = `<criteria>${since(START + 60_000)}</criteria>`;
    const memos = await call('GetPayablesCreditMemoList', criteria);
    const returns = await call('GetPayablesReturnList', criteria);
    const invoices = await call('GetPayablesInvoiceList', criteria);
    expect(ids(memos.result, 'PayablesCreditMemoSummary')).toEqual(['SHARED-1']);
    expect(ids(returns.result, 'PayablesReturnSummary')).toEqual([ret.voucherNumber.trimEnd()]);
    expect(ids(invoices.result, 'PayablesInvoiceSummary')).toEqual(['SHARED-1']);

    const memo = await call('GetPayablesCreditMemoByKey', '<key><Id>SHARED-1</Id></key>');
    expect(gpText(memo.result!, 'Type')).toBe('Credit Memo');
    expect(gpText(memo.result!, 'DocumentAmount', 'Value')).toBe(
      (Number(creditMemo.documentAmount) / 100_000).toFixed(2),
    );
    expect(gpText(memo.result!, 'Terms')).toBeUndefined();
    const returned = await call(
      'GetPayablesReturnByKey',
      `<key><Id>${ret.voucherNumber.trimEnd()}</Id></key>`,
    );
    expect(gpText(returned.result!, 'Type')).toBe('Return');
    const invoiceByKey = await call('GetPayablesInvoiceByKey', '<key><Id>SHARED-1</Id></key>');
    expect(gpText(invoiceByKey.result!, 'DocumentAmount', 'Value')).toBe(
      (Number(invoice.documentAmount) / 100_000).toFixed(2),
    );
    const wrongType = await call('GetPayablesReturnByKey', '<key><Id>SHARED-1</Id></key>');
    expect(wrongType.response.status).toBe(500);

    const documents = await call(
      'GetPayablesDocumentList',
      `<criteria>${since(START + 60_000)}<Type>${nil('EqualValue')}${nil('NotEqualValue')}<Items><PayablesDocumentType>Invoice</PayablesDocumentType><PayablesDocumentType>Return</PayablesDocumentType><PayablesDocumentType>Credit Memo</PayablesDocumentType></Items></Type></criteria>`,
    );
    expect(
      items(documents.result, 'PayablesDocumentSummary').map((item) => [
        gpText(item, 'Key', 'Id')?.trimEnd(),
        gpText(item, 'Type'),
      ]),
    ).toEqual([
      [ret.voucherNumber.trimEnd(), 'Return'],
      ['SHARED-1', 'Invoice'],
      ['SHARED-1', 'Credit Memo'],
    ]);
    const results = await validateSoapMessages(
      [memos, returns, memo, returned, documents].flatMap((exchange) => [
        exchange.request,
        exchange.response.text,
      ]),
    );
    expect(results.filter((result) => !result.valid)).toEqual([]);
  });
});

describe('purchase orders', () => {
  const scope = '<Scope>Return All</Scope>';

  it('refuses PurchaseOrderCriteria without the required Scope', async () => {
    const { response } = await call('GetPurchaseOrderList', `<criteria>${since(START)}</criteria>`);
    expect(response.status).toBe(500);
    expect(faultOf(response.text)).toMatchObject({ code: 'soap:Client' });
    expect(faultOf(response.text).text).toContain('Scope of PurchaseOrderCriteria is missing');
  });

  it('follows a PO from new to released, changed, received, closed and removed to history as one document', async () => {
    clock.ms = START + 120_000;
    const po = sim.db.purchaseOrders.add({
      vendorId: 'CAFEOLEI0001',
      buyerId: 'MARK',
      lines: [
        { itemNumber: 'PAPER-A4', quantity: '10', unitCost: '4.25' },
        { itemNumber: 'HDWR-SRG-0001', quantity: '2', unitCost: '19.99' },
      ],
    });
    const id = po.poNumber.trimEnd();
    const statusOf = async () => {
      const listed = await call(
        'GetPurchaseOrderList',
        `<criteria>${since(START + 120_000)}${scope}</criteria>`,
      );
      const summary = items(listed.result, 'PurchaseOrderSummary').find(
        (item) => gpText(item, 'Key', 'Id')?.trimEnd() === id,
      );
      return [gpText(summary!, 'Status'), gpText(summary!, 'TransactionState')];
    };
    expect(await statusOf()).toEqual(['New', 'Work']);
    const detail = await call('GetPurchaseOrderByKey', `<key><Id>${id}</Id></key>`);
    expect(gpText(detail.result!, 'Subtotal', 'Value')).toBe('82.48');
    expect(gpText(detail.result!, 'TotalAmount', 'Value')).toBe('82.48');
    expect(items(childElement(detail.result!, GP_NS, 'Lines'), 'PurchaseOrderLine')).toHaveLength(2);
    expect(gpText(detail.result!, 'Workflows', 'Workflow', 'Status')).toBe('Pending Approval');

    clock.ms += 1_000;
    sim.db.purchaseOrders.approve(id);
    expect(await statusOf()).toEqual(['Released', 'Work']);
    clock.ms += 1_000;
    sim.db.purchaseOrders.changeOrder(id, { lines: [{ index: 0, quantity: '20' }] });
    expect(await statusOf()).toEqual(['Change Order', 'Work']);
    sim.db.purchaseOrders.approve(id);
    sim.db.purchaseOrders.receive(id);
    expect(await statusOf()).toEqual(['Received', 'Work']);
    sim.db.purchaseOrders.close(id);
    clock.ms += 1_000;
    expect(sim.db.purchaseOrders.removeCompleted()).toContain(id);
    expect(await statusOf()).toEqual(['Closed', 'History']);
    const all = await call('GetPurchaseOrderList', `<criteria>${since(START + 120_000)}${scope}</criteria>`);
    expect(ids(all.result, 'PurchaseOrderSummary').filter((listed) => listed === id)).toHaveLength(1);
    const history = await call('GetPurchaseOrderByKey', `<key><Id>${id}</Id></key>`);
    expect(gpText(history.result!, 'Subtotal', 'Value')).toBe('124.98');
    expect(gpText(history.result!, 'RevisionNumber')).toBe('1');
    expect(gpText(history.result!, 'StatusGroup')).toBe('Closed');

    const results = await validateSoapMessages([
      all.request,
      all.response.text,
      history.request,
      history.response.text,
    ]);
    expect(results.filter((result) => !result.valid)).toEqual([]);
  });

  it('filters on status, vendor scope and transaction state', async () => {
    const released = await call(
      'GetPurchaseOrderList',
      `<criteria><Status>${nil('EqualValue')}${nil('NotEqualValue')}<Items><PurchaseOrderStatus>Released</PurchaseOrderStatus></Items></Status>${scope}</criteria>`,
    );
    const expected = [...sim.db.purchaseOrders.all()]
      .filter((row) => row.status === 2)
      .map((row) => row.poNumber.trimEnd());
    expect(ids(released.result, 'PurchaseOrderSummary').sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
    const vendorId = [...sim.db.purchaseOrders.all()][0]!.vendorId.trimEnd();
    const scoped = await call(
      'GetPurchaseOrderList',
      `<criteria><VendorId><EqualValue>${vendorId}</EqualValue></VendorId><Scope>Return Based on Vendor Id</Scope></criteria>`,
    );
    expect(
      new Set(
        items(scoped.result, 'PurchaseOrderSummary').map((item) =>
          gpText(item, 'VendorKey', 'Id')?.trimEnd(),
        ),
      ),
    ).toEqual(new Set([vendorId]));
    const unscoped = await call(
      'GetPurchaseOrderList',
      '<criteria><Scope>Return Based on Vendor Id</Scope></criteria>',
    );
    expect(items(unscoped.result, 'PurchaseOrderSummary')).toHaveLength(0);
    const history = await call(
      'GetPurchaseOrderList',
      `<criteria>${states('PurchaseTransactionState', 'History')}${scope}</criteria>`,
    );
    expect(
      items(history.result, 'PurchaseOrderSummary').every(
        (item) => gpText(item, 'TransactionState') === 'History',
      ),
    ).toBe(true);
  });
});

describe('GL transactions', () => {
  it('moves a journal work → open → history as one document keyed by JournalId and Date', async () => {
    clock.ms = START + 300_000;
    const entry = sim.db.ledger.add({
      transactionDate: '2024-04-30',
      reference: 'Accrue April rent & <utilities>',
      lines: [
        { account: '100-6200-00', description: 'Rent', debit: '2500.00' },
        { account: '200-6300-00', description: 'Utilities', debit: '310.55' },
        { account: '000-2200-00', description: 'Accrued', credit: '2810.55' },
      ],
    });
    const listed = async (...wanted: string[]) =>
      ids(
        (
          await call(
            'GetGLTransactionList',
            `<criteria>${since(START + 300_000)}${states('GLTransactionState', ...wanted)}</criteria>`,
          )
        ).result,
        'GLTransactionSummary',
        'Key',
        'JournalId',
      );
    const journal = String(entry.journalEntry);
    expect(await listed('Work')).toEqual([journal]);
    expect(await listed('Open', 'History')).toEqual([]);
    clock.ms += 1_000;
    sim.db.ledger.post(entry.journalEntry);
    expect(await listed('Work')).toEqual([]);
    expect(await listed('Open')).toEqual([journal]);
    clock.ms += 1_000;
    // Year-End Close moves every posted 2024 journal, so all of them show as changed; ours once.
    const moved = sim.db.ledger.closeYear(2024);
    const afterClose = await listed('Work', 'Open', 'History');
    expect(afterClose.filter((listedJournal) => listedJournal === journal)).toHaveLength(1);
    expect(afterClose).toHaveLength(moved);
    expect(await listed('Open')).toEqual([]);
    const detail = await call(
      'GetGLTransactionByKey',
      `<key><JournalId>${journal}</JournalId><Date>2024-04-30T00:00:00</Date></key>`,
    );
    expect(gpText(detail.result!, 'TransactionState')).toBe('History');
    const lines = items(childElement(detail.result!, GP_NS, 'Lines'), 'GLTransactionLine');
    expect(lines.map((line) => gpText(line, 'GLAccountKey', 'Id')?.trimEnd())).toEqual([
      '100-6200-00',
      '200-6300-00',
      '000-2200-00',
    ]);
    expect(gpText(lines[2]!, 'CreditAmount', 'Value')).toBe('2810.55');
    const wrongDate = await call(
      'GetGLTransactionByKey',
      `<key><JournalId>${journal}</JournalId><Date>2023-04-30T00:00:00</Date></key>`,
    );
    expect(wrongDate.response.status).toBe(500);
    const list = await call('GetGLTransactionList', `<criteria>${since(START + 300_000)}</criteria>`);
    const results = await validateSoapMessages([
      list.request,
      list.response.text,
      detail.request,
      detail.response.text,
    ]);
    expect(results.filter((result) => !result.valid)).toEqual([]);
  });

  it('keeps the same JRNENTRY apart in a history year and the open year', () => {
    const byNumber = new Map<number, number[]>();
    for (const row of sim.db.ledger.all())
      byNumber.set(row.journalEntry, [...(byNumber.get(row.journalEntry) ?? []), row.year]);
    const repeated = [...byNumber.values()].filter((years) => new Set(years).size > 1);
    expect(repeated.length).toBeGreaterThan(0);
  });
});

describe('vendors', () => {
  const scope = '<Scope>Return All</Scope>';

  it('lists vendors changed since a time, with hold and status flags, and answers the full vendor', async () => {
    clock.ms = START + 500_000;
    sim.db.addVendor({
      vendorId: 'NEWCO0001',
      name: 'New & Co',
      classId: 'USA-US-C',
      phone: '31255501230042',
      state: 'IL',
    });
    clock.ms += 1_000;
    sim.db.holdVendor('SMITHTOO0001');
    sim.db.inactivateVendor('PENADIST0001');
    const listed = await call('GetVendorList', `<criteria>${since(START + 500_000)}${scope}</criteria>`);
    const summaries = items(listed.result, 'VendorSummary');
    expect(summaries.map((summary) => gpText(summary, 'Key', 'Id')?.trimEnd())).toEqual([
      'NEWCO0001',
      'PENADIST0001',
      'SMITHTOO0001',
    ]);
    expect(summaries.map((summary) => [gpText(summary, 'IsOnHold'), gpText(summary, 'IsActive')])).toEqual([
      ['false', 'true'],
      ['false', 'false'],
      ['true', 'true'],
    ]);
    expect(gpText(summaries[0]!, 'PhoneNumbers', 'PhoneNumber', 'Value')).toBe('3125550123');
    expect(gpText(summaries[0]!, 'PhoneNumbers', 'PhoneNumber', 'Extension')).toBe('0042');
    const onHold = await call(
      'GetVendorList',
      `<criteria><IsOnHold><EqualValue>true</EqualValue>${nil('NotEqualValue')}</IsOnHold>${scope}</criteria>`,
    );
    expect(ids(onHold.result, 'VendorSummary')).toContain('SMITHTOO0001');
    expect(
      items(onHold.result, 'VendorSummary').every((summary) => gpText(summary, 'IsOnHold') === 'true'),
    ).toBe(true);
    const missingScope = await call('GetVendorList', '<criteria />');
    expect(faultOf(missingScope.response.text).text).toContain('Scope of VendorCriteria is missing');
    const detail = await call('GetVendorByKey', '<key><Id>newco0001</Id></key>');
    expect(gpText(detail.result!, 'Name')?.trimEnd()).toBe('New & Co');
    expect(gpText(detail.result!, 'PaymentTermsKey', 'Id')?.trimEnd()).toBe('Net 30');
    const results = await validateSoapMessages([
      listed.request,
      listed.response.text,
      detail.request,
      detail.response.text,
    ]);
    expect(results.filter((result) => !result.valid)).toEqual([]);
  });
});
