import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSoapMessages } from '../wsdl/validate-soap-message';
import { GP_NS } from '../wsdl/wsdl-file';
import { childElement } from '../wsdl/xml-tree';
import { type GpSimulator, startGpSimulator } from './gp-simulator';
import { PmDocType, PmTable } from './model/tables';
import {
  byKeyRequest,
  CONTEXT,
  dateRestriction,
  envelope,
  faultOf,
  gpText,
  listedVouchers,
  listRequest,
  payloadOf,
  postSoap,
} from './soap-test-helpers';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const clock = { ms: START, now: () => clock.ms };
let sim: GpSimulator;

beforeAll(async () => {
  sim = await startGpSimulator({ clock, seed: 3, vendors: 30, invoices: 200 });
});
afterAll(() => sim?.close());

const list = async (criteria: string, context?: string) => {
  const response = await postSoap(sim.soapUrl, 'GetPayablesInvoiceList', listRequest(criteria, context));
  expect(response.status, response.text).toBe(200);
  return response;
};
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23);

describe('GetPayablesInvoiceList', () => {
  it('returns every invoice (and only invoices) when no restriction is given: GP has no paging', async () => {
    const response = await list('');
    const invoices = [...sim.db.documents()].filter((d) => d.docType === PmDocType.invoice);
    expect(listedVouchers(response.text).sort()).toEqual(
      invoices.map((d) => d.voucherNumber.trimEnd()).sort(),
    );
    expect(response.contentType).toBe('text/xml; charset=utf-8');
  });

  it('treats ModifiedDate From as inclusive and GreaterThan as exclusive at the same datetime tick', async () => {
    clock.ms = START + 3_600_000 + 4; // rounds to .003
    const a = sim.addInvoice();
    const b = sim.addInvoice();
    clock.ms += 2;
    const c = sim.addInvoice();
    const stamp = iso(a.dexRowTs);
    expect(stamp.endsWith('.003')).toBe(true);
    const from = listedVouchers(
      (await list(`<ModifiedDate>${dateRestriction({ From: stamp })}</ModifiedDate>`)).text,
    );
    expect(from).toEqual([a, b, c].map((d) => d.voucherNumber.trimEnd()));
    const after = listedVouchers(
      (await list(`<ModifiedDate>${dateRestriction({ GreaterThan: stamp })}</ModifiedDate>`)).text,
    );
    expect(after).toEqual([c.voucherNumber.trimEnd()]);
    const upTo = listedVouchers(
      (
        await list(
          `<ModifiedDate>${dateRestriction({ From: iso(START), LessThan: iso(c.dexRowTs) })}</ModifiedDate>`,
        )
      ).text,
    );
    expect(upTo).toEqual([a, b].map((d) => d.voucherNumber.trimEnd()));
  });

  it('reads a criteria time with Z as UTC and one without an offset as UTC too', async () => {
    clock.ms = START + 7_200_000;
    const row = sim.addInvoice();
    const withZ = listedVouchers(
      (await list(`<ModifiedDate>${dateRestriction({ EqualValue: `${iso(row.dexRowTs)}Z` })}</ModifiedDate>`))
        .text,
    );
    const bare = listedVouchers(
      (await list(`<ModifiedDate>${dateRestriction({ Items: [iso(row.dexRowTs)] })}</ModifiedDate>`)).text,
    );
    expect(withZ).toEqual([row.voucherNumber.trimEnd()]);
    expect(bare).toEqual([row.voucherNumber.trimEnd()]);
  });

  it('filters on vendor (LIKE, case-insensitive), document date, batch, document id and transaction state', async () => {
    clock.ms = START + 10_800_000;
    const held = sim.addInvoice({ vendorId: 'BARNESNO0001', documentDate: '2024-04-02', batchId: 'SPECIAL' });
    sim.postInvoice(held.voucherNumber);
    const vendorLike = `<VendorId><Like>barnes%</Like></VendorId>`;
    const byVendor = listedVouchers((await list(vendorLike)).text);
    expect(byVendor).toContain(held.voucherNumber.trimEnd());
    expect(
      [...sim.db.documents()]
        .filter((d) => byVendor.includes(d.voucherNumber.trimEnd()))
        .every((d) => d.vendorId.startsWith('BARNESNO')),
    ).toBe(true);
    const dated = `<Date>${dateRestriction({ From: '2024-04-02T00:00:00', To: '2024-04-02T00:00:00' })}</Date>`;
    expect(listedVouchers((await list(`${dated}${vendorLike}`)).text)).toContain(
      held.voucherNumber.trimEnd(),
    );
    expect(listedVouchers((await list(`<BatchId><EqualValue>special</EqualValue></BatchId>`)).text)).toEqual([
      held.voucherNumber.trimEnd(),
    ]);
    expect(
      listedVouchers(
        (await list(`<DocumentId><EqualValue>${held.voucherNumber.trimEnd()}</EqualValue></DocumentId>`))
          .text,
      ),
    ).toEqual([held.voucherNumber.trimEnd()]);
    const workOnly = `<TransactionState><EqualValue xsi:nil="true"/><NotEqualValue xsi:nil="true"/><Items><PayablesTransactionState>Work</PayablesTransactionState></Items></TransactionState>`;
    const work = listedVouchers((await list(workOnly)).text);
    expect(work).not.toContain(held.voucherNumber.trimEnd());
    expect(work.length).toBe(
      [...sim.db.documents()].filter((d) => d.table === PmTable.work && d.docType === PmDocType.invoice)
        .length,
    );
  });

  it('writes summaries in WSDL order with GP date formats, padded char values and an empty result as an empty array', async () => {
    const response = await list(
      `<ModifiedDate>${dateRestriction({ From: '2030-01-01T00:00:00' })}</ModifiedDate>`,
    );
    expect(response.text).toContain('<GetPayablesInvoiceListResult />');
    clock.ms = START + 14_400_000 + 120;
    const row = sim.addInvoice({ vendorId: 'SMITHTOO0001' });
    const one = await list(
      `<ModifiedDate>${dateRestriction({ EqualValue: iso(row.dexRowTs) })}</ModifiedDate>`,
    );
    const summary = childElement(
      childElement(payloadOf(one.text), GP_NS, 'GetPayablesInvoiceListResult')!,
      GP_NS,
      'PayablesInvoiceSummary',
    )!;
    expect(summary.children.map((child) => child.name)).toEqual([
      'Key',
      'VendorKey',
      'VendorName',
      'Date',
      'BatchKey',
      'CurrencyKey',
      'TradeDiscountAmount',
      'FreightAmount',
      'MiscellaneousAmount',
      'TaxAmount',
      'DocumentAmount',
      'ModifiedDate',
      'TransactionState',
    ]);
    expect(gpText(summary, 'ModifiedDate')).toBe('2024-05-01T16:00:00.12');
    expect(gpText(summary, 'Date')).toBe('2024-05-01T00:00:00');
    expect(gpText(summary, 'VendorName')).toBe('Smith <Tools> & Hardware'.padEnd(65));
    expect(one.text).toContain('<VendorName>Smith &lt;Tools&gt; &amp; Hardware');
    expect(gpText(summary, 'TransactionState')).toBe('Work');
    const [validation] = await validateSoapMessages([one.text]);
    expect(validation).toEqual({ valid: true, errors: [] });
  });
});

describe('GetPayablesInvoiceByKey', () => {
  it('returns the full document with vendor document number, due date and void flag, valid per WSDL', async () => {
    const row = sim.addInvoice({
      vendorId: 'CAFEOLEI0001',
      documentNumber: 'F-2024/77',
      documentDate: '2024-04-20',
      dueDate: '2024-05-20',
    });
    const response = await postSoap(
      sim.soapUrl,
      'GetPayablesInvoiceByKey',
      byKeyRequest(row.voucherNumber.trimEnd()),
    );
    expect(response.status).toBe(200);
    const invoice = childElement(payloadOf(response.text), GP_NS, 'GetPayablesInvoiceByKeyResult')!;
    expect(gpText(invoice, 'VendorDocumentNumber')?.trimEnd()).toBe('F-2024/77');
    expect(gpText(invoice, 'Terms', 'DueDate')).toBe('2024-05-20T00:00:00');
    expect(gpText(invoice, 'Terms', 'DiscountDate')).toMatch(/^(1900-01-01|2024-04-30)T00:00:00$/);
    expect(gpText(invoice, 'IsVoided')).toBe('false');
    expect(gpText(invoice, 'PostedDate')).toBe('1900-01-01T00:00:00');
    expect(gpText(invoice, 'VendorName')?.trimEnd()).toBe('Café Olé Imports');
    const [validation] = await validateSoapMessages([response.text]);
    expect(validation).toEqual({ valid: true, errors: [] });
  });

  it('answers an unknown voucher with a GP system exception whose reason is only in the exception log', async () => {
    const response = await postSoap(sim.soapUrl, 'GetPayablesInvoiceByKey', byKeyRequest('NOPE'));
    expect(response.status).toBe(500);
    const fault = faultOf(response.text);
    expect(fault.code).toBe('soap:Server');
    expect(fault.text).toBe(
      'The application encountered an unhandled system exception. Contact your system administrator for details.',
    );
    const logId = gpTextOfDetail(fault.detail, 'LogId');
    expect(sim.exceptionLog.byId(logId)?.message).toContain("PayablesInvoice 'NOPE'");
  });

  it('converts amounts to the functional currency when CurrencyType is Local', async () => {
    const euroVendor = sim.db.vendors().find((vendor) => vendor.currencyId.trimEnd() === 'Z-EURO');
    if (euroVendor === undefined) return expect.unreachable('seed 3 has a euro vendor');
    const row = sim.addInvoice({ vendorId: euroVendor.vendorId, purchaseAmount: '1000.00' });
    const transactional = await postSoap(
      sim.soapUrl,
      'GetPayablesInvoiceByKey',
      byKeyRequest(row.voucherNumber.trimEnd()),
    );
    const local = await postSoap(
      sim.soapUrl,
      'GetPayablesInvoiceByKey',
      byKeyRequest(row.voucherNumber.trimEnd(), CONTEXT(-1, 'Local')),
    );
    const amount = (xml: string) =>
      childElement(
        childElement(payloadOf(xml), GP_NS, 'GetPayablesInvoiceByKeyResult')!,
        GP_NS,
        'DocumentAmount',
      )!;
    expect(gpText(amount(transactional.text), 'Value')).toBe('1000.00');
    expect(gpText(amount(transactional.text), 'Currency')).toBe('EUR');
    expect(gpText(amount(local.text), 'Value')).toBe('1085.00');
    expect(gpText(amount(local.text), 'Currency')).toBe('USD');
  });
});

describe('requests GP would refuse', () => {
  const listPayload = listRequest('');
  const cases: { name: string; operation?: string; body: string; code: string; text: RegExp }[] = [
    {
      name: 'no SOAPAction',
      body: listPayload,
      code: 'soap:Client',
      text: /did not recognize the value of HTTP Header SOAPAction: \./,
    },
    {
      name: 'an unknown SOAPAction',
      operation: 'GetEverything',
      body: listPayload,
      code: 'soap:Client',
      text: /SOAPAction: .*GetEverything/,
    },
    {
      name: 'a body that does not match the SOAPAction',
      operation: 'GetCompanyList',
      body: listPayload,
      code: 'soap:Client',
      text: /<GetPayablesInvoiceList xmlns='.*'> was not expected/,
    },
    {
      name: 'an unknown company',
      operation: 'GetPayablesInvoiceList',
      body: listRequest('', CONTEXT(42)),
      code: 'soap:Server',
      text: /unhandled system exception/,
    },
    {
      name: 'a Context without CurrencyType',
      operation: 'GetPayablesInvoiceList',
      body: listRequest('', CONTEXT().replace(/<CurrencyType[^>]*>Transactional<\/CurrencyType>/, '')),
      code: 'soap:Client',
      text: /CurrencyType/,
    },
    {
      name: 'a bad CurrencyType',
      operation: 'GetPayablesInvoiceList',
      body: listRequest('', CONTEXT(-1, 'Euro')),
      code: 'soap:Client',
      text: /'Euro' is not a valid value for CurrencyType/,
    },
    {
      name: 'an OrganizationKey without xsi:type',
      operation: 'GetPayablesInvoiceList',
      body: listRequest('', CONTEXT().replace(' xsi:type="q:CompanyKey"', '')),
      code: 'soap:Client',
      text: /The specified type is abstract: name='OrganizationKey'/,
    },
    {
      name: 'a malformed date',
      operation: 'GetPayablesInvoiceList',
      body: listRequest(`<ModifiedDate>${dateRestriction({ From: '2024-05-01 10:00' })}</ModifiedDate>`),
      code: 'soap:Client',
      text: /not a valid AllXsd value/,
    },
    {
      name: 'a SOAP 1.2 envelope',
      operation: 'GetPayablesInvoiceList',
      body: listPayload.replace(
        'http://schemas.xmlsoap.org/soap/envelope/',
        'http://www.w3.org/2003/05/soap-envelope',
      ),
      code: 'soap:VersionMismatch',
      text: /Possible SOAP version mismatch/,
    },
    {
      name: 'malformed XML',
      operation: 'GetPayablesInvoiceList',
      body: listPayload.slice(0, 200),
      code: 'soap:Client',
      text: /Server was unable to read request/,
    },
    {
      name: 'a DOCTYPE',
      operation: 'GetPayablesInvoiceList',
      body: `<!DOCTYPE x [<!ENTITY a "b">]>${listPayload}`,
      code: 'soap:Client',
      text: /DOCTYPE/,
    },
    {
      name: 'a WSDL operation the simulator does not implement',
      operation: 'GetCustomerList',
      body: envelope(`<GetCustomerList xmlns="${GP_NS}"/>`),
      code: 'soap:Server',
      text: /does not implement GetCustomerList/,
    },
  ];
  for (const testCase of cases) {
    it(`answers ${testCase.name} with HTTP 500 and ${testCase.code}`, async () => {
      const response = await postSoap(sim.soapUrl, testCase.operation, testCase.body);
      expect(response.status).toBe(500);
      const fault = faultOf(response.text);
      expect(fault.code).toBe(testCase.code);
      expect(fault.text).toMatch(testCase.text);
    });
  }

  it('writes faults that validate against the SOAP 1.1 envelope schema', async () => {
    const responses = await Promise.all([
      postSoap(sim.soapUrl, undefined, listPayload),
      postSoap(sim.soapUrl, 'GetPayablesInvoiceList', listRequest('', CONTEXT(42))),
    ]);
    expect(await validateSoapMessages(responses.map((r) => r.text))).toEqual([
      { valid: true, errors: [] },
      { valid: true, errors: [] },
    ]);
  });

  it('refuses a content type other than text/xml with HTTP 415, like the WCF host', async () => {
    const response = await postSoap(sim.soapUrl, 'GetPayablesInvoiceList', listPayload, {
      'content-type': 'application/soap+xml',
    });
    expect(response.status).toBe(415);
  });
});

function gpTextOfDetail(detail: ReturnType<typeof faultOf>['detail'], name: string): string {
  const element = detail?.children.find((child) => child.name === name);
  if (element === undefined) throw new Error(`detail has no ${name}`);
  return element.text;
}
