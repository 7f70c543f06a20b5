import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpSimulator, startGpSimulator } from '../gp-simulator';
import { sbaConvention } from './sba-convention';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const clock = { ms: START, now: () => clock.ms };
const BERMUDA = 'Transcontinental Capital Corp (Bermuda) LTD';
let sim: GpSimulator;

beforeAll(async () => {
  sim = await startGpSimulator({
    clock,
    seed: 9,
    vendors: 30,
    invoices: 120,
    purchaseOrders: 20,
    journals: 20,
    companies: [
      { id: -1, name: 'Fabrikam, Inc.' },
      { id: 2, name: BERMUDA, invoices: 10 },
    ],
  });
});
afterAll(() => sim?.close());

const FABRIKAM_PATH = '/GPService/Tenants(DefaultTenant)/Companies(Fabrikam%2C%20Inc.)';
const PAYABLES = `${FABRIKAM_PATH}/Purchasing/Payables/Transactions`;

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${sim.baseUrl}${path}`, init);
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json')
    ? JSON.parse(text)
    : undefined;
  return { status: response.status, headers: response.headers, text, json };
}
const since = (ms: number) =>
  `$filter=${encodeURIComponent(`ModifiedDate ge ${new Date(ms).toISOString()}`)}`;
type Item = Record<string, unknown>;
const vouchers = (items: Item[]) =>
  items.map((item) => `${String(item.VoucherNumber).trimEnd()};${item.DocumentType}`);

describe('the simulated SBA surface', () => {
  it('lists payables changed since a time, every type, with money at the column scale and kind-less UTC dates', async () => {
    clock.ms = START + 60_000;
    const invoice = sim.addInvoice({
      vendorId: 'SMITHTOO0001',
      purchaseAmount: '1234.5',
      taxAmount: '98.76',
    });
    const memo = sim.addInvoice({ vendorId: 'SMITHTOO0001', kind: 'credit-memo', voucherNumber: 'SHARED-7' });
    const sameVoucher = sim.addInvoice({ vendorId: 'SMITHTOO0001', voucherNumber: 'SHARED-7' });

    const { status, json, text, headers } = await get(`${PAYABLES}?${since(START + 60_000)}`);

    expect(status).toBe(200);
    expect(headers.get('date')).toBe(new Date(clock.ms).toUTCString());
    expect(vouchers(json.Payload)).toEqual([
      `${invoice.voucherNumber.trimEnd()};Invoice`,
      'SHARED-7;CreditMemo',
      'SHARED-7;Invoice',
    ]);
    expect(json.NextLink).toBeUndefined();
    expect(json.Payload[0]).toMatchObject({
      VendorId: 'SMITHTOO0001   ',
      VendorName: expect.stringMatching(/^Smith <Tools> & Hardware +$/),
      CurrencyISOCode: 'USD',
      CurrencyDecimalDigits: 2,
      TransactionState: 'Work',
      IsOnHold: null,
      IsVoided: false,
      ModifiedDate: '2024-05-01T12:01:00',
    });
    // Numbers exactly as .NET writes a numeric(19,5) decimal.
    expect(text).toContain('"DocumentAmount":1333.26000');
    expect(memo.dexRowTs).toBe(sameVoucher.dexRowTs);
  });

  it('pages ties on one ModifiedDate by key with a continuation link, never skipping or repeating', async () => {
    clock.ms = START + 120_000;
    const entered = Array.from({ length: 50 }, () => sim.addInvoice().voucherNumber.trimEnd());
    const seen: string[] = [];
    let next: string | undefined = `${sim.baseUrl}${PAYABLES}?${since(START + 120_000)}&$top=20`;
    let pages = 0;
    while (next !== undefined) {
      const response = await fetch(next);
      const json = (await response.json()) as { Payload: Item[]; NextLink?: string };
      pages++;
      expect(json.Payload.length).toBeLessThanOrEqual(20);
      seen.push(...json.Payload.map((item) => String(item.VoucherNumber).trimEnd()));
      if (pages === 1) {
        // A record changed between pages moves to the end; nothing behind the token shifts.
        clock.ms += 10;
        sim.editInvoice(entered[0]!, { description: 'edited' });
      }
      next = json.NextLink;
    }
    expect(pages).toBe(3);
    expect(seen.slice(0, 50)).toEqual([...entered].sort());
    // The edited one once more, at its new ModifiedDate: a new version, read once.
    expect(seen.slice(50)).toEqual([entered[0]]);
  });

  it('follows a record modified between pages to its new place', async () => {
    clock.ms = START + 180_000;
    const entered = Array.from({ length: 6 }, () => sim.addInvoice().voucherNumber.trimEnd());
    const first = await get(`${PAYABLES}?${since(START + 180_000)}&$top=3`);
    clock.ms += 1_000;
    sim.postInvoice(entered[1]!); // already read
    sim.postInvoice(entered[4]!); // not read yet
    const rest: Item[] = [];
    for (let next: string | undefined = first.json.NextLink; next !== undefined; ) {
      const page = (await fetch(next).then((r) => r.json())) as { Payload: Item[]; NextLink?: string };
      rest.push(...page.Payload);
      next = page.NextLink;
    }
    expect(vouchers(first.json.Payload).map((key) => key.split(';')[0])).toEqual(entered.slice(0, 3));
    expect(rest.map((item) => [String(item.VoucherNumber).trimEnd(), item.TransactionState])).toEqual([
      [entered[3], 'Work'],
      [entered[5], 'Work'],
      [entered[1], 'Open'],
      [entered[4], 'Open'],
    ]);
  });

  it('reads one item by composite key, the type optional, paths in any case, with a .json suffix', async () => {
    clock.ms = START + 240_000;
    const invoice = sim.addInvoice({ voucherNumber: 'KEY-1' });
    sim.addInvoice({ kind: 'return', voucherNumber: 'KEY-1' });
    const byKey = await get(`${PAYABLES}(KEY-1;Return)`);
    expect(byKey.json.Payload).toMatchObject({
      VoucherNumber: expect.stringMatching(/^KEY-1 +$/),
      DocumentType: 'Return',
    });
    const lower = await get(
      `/gpservice/tenants(defaulttenant)/companies(fabrikam%2c%20inc.)/purchasing/payables/transactions('KEY-1').json`,
    );
    expect(lower.json.Payload).toMatchObject({
      DocumentType: 'Invoice',
      DocumentNumber: invoice.documentNumber,
    });
    const vendor = await get(`${FABRIKAM_PATH}/Purchasing/Vendors(barnesno0001)`);
    expect(vendor.json.Payload).toMatchObject({
      VendorId: 'BARNESNO0001   ',
      Status: 'Active',
      IsOnHold: false,
    });
    const po = sim.db.purchaseOrders.add({
      vendorId: 'BARNESNO0001',
      lines: [{ quantity: '2', unitCost: '10.5' }],
    });
    const poJson = await get(`${FABRIKAM_PATH}/Purchasing/Transactions(${po.poNumber.trimEnd()})`);
    expect(poJson.json.Payload).toMatchObject({
      Status: 'New',
      WorkflowApprovalStatus: 'Pending Approval',
      TotalAmount: 21,
    });
    const journal = sim.db.ledger.add({ transactionDate: '2024-05-01' });
    const glJson = await get(
      `${FABRIKAM_PATH}/Financials/GeneralLedger/Transactions(${journal.journalEntry};2024-05-01)`,
    );
    expect(glJson.json.Payload).toMatchObject({
      JournalEntry: journal.journalEntry,
      TransactionState: 'Work',
    });
  });

  it('resolves company names case-insensitively, with commas and parentheses encoded or not', async () => {
    const encoded = encodeURIComponent(BERMUDA).replaceAll('(', '%28').replaceAll(')', '%29');
    for (const name of [encoded, encodeURIComponent(BERMUDA), encodeURIComponent(BERMUDA.toUpperCase())]) {
      const { status, json } = await get(
        `/GPService/Tenants(DefaultTenant)/Companies(${name})/Purchasing/Vendors?$top=1`,
      );
      expect(status, name).toBe(200);
      expect(json.Payload).toHaveLength(1);
    }
    const companies = await get('/GPService/Tenants(DefaultTenant)/Companies');
    expect(companies.json.Payload).toEqual([
      { Id: -1, Name: 'Fabrikam, Inc.' },
      { Id: 2, Name: BERMUDA },
    ]);
  });

  it('answers errors as JSON with a status and a correlation id', async () => {
    const cases: [string, number, RegExp][] = [
      ['/GPService/Tenants(DefaultTenant)/Companies(Contoso)/Purchasing/Vendors', 404, /Company 'Contoso'/],
      ['/GPService/Tenants(Other)/Companies(Fabrikam%2C%20Inc.)/Purchasing/Vendors', 404, /Tenant 'Other'/],
      [`${FABRIKAM_PATH}/Purchasing/Nothing`, 404, /no resource Purchasing\/Nothing/],
      [`${PAYABLES}(NOPE;Invoice)`, 404, /No Transactions with key/],
      [`${PAYABLES}?$filter=${encodeURIComponent("VendorId eq 'X'")}`, 400, /filter .* is not supported/],
      [`${PAYABLES}?$filter=${encodeURIComponent('ModifiedDate ge yesterday')}`, 400, /not an ISO 8601/],
      [`${PAYABLES}?$top=0`, 400, /\$top must be a positive integer/],
      [`${PAYABLES}?$skiptoken=garbage`, 400, /continuation token is not valid/],
      [`${PAYABLES}?$orderby=VendorId`, 400, /\$orderby is not supported/],
    ];
    for (const [path, status, message] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      expect(response.json.Message, path).toMatch(message);
      expect(response.json.CorrelationId, path).toMatch(/^[0-9a-f-]{36}$/);
    }
    const post = await get(`${PAYABLES}`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('injects faults on SBA requests like on SOAP ones, by resource', async () => {
    sim.faults.push({ kind: 'soap-fault', operation: 'sba:Purchasing/Vendors', message: 'SQL timeout' });
    const failed = await get(`${FABRIKAM_PATH}/Purchasing/Vendors?$top=1`);
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ Code: 'InternalServerError', Message: 'SQL timeout' });
    expect((await get(`${FABRIKAM_PATH}/Purchasing/Vendors?$top=1`)).status).toBe(200);
    expect(sim.stats.requestsByOperation['sba:Purchasing/Vendors']).toBeGreaterThanOrEqual(2);
  });

  it('serves a help page listing every resource with its key and list query', async () => {
    const { status, text } = await get('/GPService/Tenants(DefaultTenant)/help');
    expect(status).toBe(200);
    for (const expected of [
      'Purchasing/Payables/Transactions({VoucherNumber};{DocumentType})',
      'Purchasing/Transactions({PONumber})',
      'Financials/GeneralLedger/Transactions({JournalEntry};{TransactionDate})',
      'Purchasing/Vendors({VendorId})',
      '$filter=ModifiedDate ge',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('another SBA convention', () => {
  it('speaks the params dialect with OData-style names, token continuation and WCF dates', async () => {
    const other = await startGpSimulator({
      clock,
      seed: 9,
      vendors: 10,
      invoices: 10,
      sbaConvention: sbaConvention({
        resources: { vendor: 'Master/Suppliers' },
        query: 'params',
        itemsField: 'value',
        nextField: '@odata.nextLink',
        continuation: 'token',
        dateFormat: 'wcf',
      }),
    });
    try {
      clock.ms = START + 300_000;
      for (let i = 0; i < 3; i++) other.db.addVendor({ vendorId: `NEWVEND${i}`, name: `New vendor ${i}` });
      const base = `${other.baseUrl}${FABRIKAM_PATH}/Master/Suppliers`;
      const query = `modifiedSince=${new Date(START + 300_000).toISOString()}&pageSize=2`;
      type Page = { value: Item[]; '@odata.nextLink'?: string };
      const first = (await fetch(`${base}?${query}`).then((r) => r.json())) as Page;
      expect(first.value.map((v: Item) => String(v.VendorId).trim())).toEqual(['NEWVEND0', 'NEWVEND1']);
      expect(first.value[0]?.ModifiedDate).toBe(`/Date(${START + 300_000})/`);
      const token = first['@odata.nextLink'];
      expect(token).toMatch(/^[\w-]+$/);
      const second = (await fetch(`${base}?${query}&continuationToken=${token}`).then((r) =>
        r.json(),
      )) as Page;
      expect(second.value.map((v: Item) => String(v.VendorId).trim())).toEqual(['NEWVEND2']);
      expect(second['@odata.nextLink']).toBeUndefined();
      expect((await fetch(`${other.baseUrl}${FABRIKAM_PATH}/Purchasing/Vendors`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
