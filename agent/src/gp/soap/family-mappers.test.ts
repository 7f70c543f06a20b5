import { describe, expect, it } from 'vitest';
import { glJournalKey, readGlTransaction, readGlTransactionSummary } from './gl-journal-mapper';
import { payablesKey } from './payables-invoice-mapper';
import { purchaseOrderStateOf, readPurchaseOrder } from './purchase-order-mapper';
import { readSoapResponse } from './soap-envelope';
import { readVendor, readVendorSummary, vendorStateOf } from './vendor-mapper';
import { readXml, type XmlNode } from './xml-reader';

const GP = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
const DYN = 'http://schemas.microsoft.com/dynamics/2006/01';

/** A by-key answer as another SOAP stack might write it: prefixed elements, padded chars. */
function byKey(operation: string, body: string): XmlNode {
  const xml = `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><S:Body><g:${operation}Response xmlns:g="${GP}"><g:${operation}Result>${body}</g:${operation}Result></g:${operation}Response></S:Body></S:Envelope>`;
  const response = readSoapResponse(xml);
  if (response.kind !== 'payload') throw new Error('expected a payload');
  return response.payload;
}
const money = (name: string, value: string, extra = '') =>
  `<g:${name}${extra}><g:Currency>EUR</g:Currency><g:Value>${value}</g:Value><g:DecimalDigits>2</g:DecimalDigits></g:${name}>`;
const companyKey = `<g:CompanyKey><d:Id xmlns:d="${DYN}">-1</d:Id></g:CompanyKey>`;

describe('readPurchaseOrder', () => {
  const po = (parts: Record<string, string> = {}) =>
    byKey(
      'GetPurchaseOrderByKey',
      Object.values({
        Key: `<g:Key>${companyKey}<g:Id>PO000042         </g:Id></g:Key>`,
        Type: '<g:Type>Drop Ship</g:Type>',
        VendorKey: '<g:VendorKey><g:Id>CAFEOLEI0001   </g:Id></g:VendorKey>',
        VendorName: '<g:VendorName>Café Olé &amp; Co     </g:VendorName>',
        Date: '<g:Date>2024-05-01T00:00:00</g:Date>',
        BuyerKey: '<g:BuyerKey><g:Id>               </g:Id></g:BuyerKey>',
        IsOnHold: '<g:IsOnHold>false</g:IsOnHold>',
        CurrencyKey: '<g:CurrencyKey><g:ISOCode>EUR</g:ISOCode></g:CurrencyKey>',
        Status: '<g:Status>Change Order</g:Status>',
        PromisedDate: '<g:PromisedDate>1900-01-01T00:00:00</g:PromisedDate>',
        RequestedDate: '<g:RequestedDate i:nil="true"/>',
        RemainingSubtotal: money('RemainingSubtotal', '10.5'),
        Subtotal: money('Subtotal', '100.10'),
        TradeDiscountAmount: money('TradeDiscountAmount', '0.10'),
        FreightAmount: money('FreightAmount', '12.00'),
        TaxAmount: money('TaxAmount', '8.01'),
        TransactionState: '<g:TransactionState>Work</g:TransactionState>',
        Lines:
          '<g:Lines><g:PurchaseOrderLine/><g:PurchaseOrderLine/><g:PurchaseOrderLine i:nil="true"/></g:Lines>',
        Workflows: `<g:Workflows><g:Workflow xmlns:t="${GP}" i:type="t:ApprovalWorkflow"><g:WorkflowName>Purchase Order Approval</g:WorkflowName><g:Status>Pending Approval</g:Status></g:Workflow></g:Workflows>`,
        ...parts,
      }).join(''),
    );

  it('maps status, type, trimmed ids, blank buyer as null, lines, approval, and computes a missing TotalAmount exactly', () => {
    const record = readPurchaseOrder(po(), 'Fabrikam, Inc.')!;
    expect(record).toEqual({
      poNumber: 'PO000042',
      type: 'drop-ship',
      status: 'change-order',
      vendorId: 'CAFEOLEI0001',
      vendorName: 'Café Olé & Co',
      buyerId: null,
      lineCount: 2,
      total: { value: '120.01', currency: 'EUR', decimalDigits: 2 },
      remainingSubtotal: { value: '10.50', currency: 'EUR', decimalDigits: 2 },
      documentDate: '2024-05-01',
      promisedDate: null,
      requestedDate: null,
      onHold: false,
      approval: 'Pending Approval',
      transactionState: 'work',
      companyName: 'Fabrikam, Inc.',
    });
    expect(purchaseOrderStateOf(record)).toBe('change-order');
    expect(readPurchaseOrder(po({ TotalAmount: money('TotalAmount', '999.99') }), 'F')?.total.value).toBe(
      '999.99',
    );
  });

  it('lets a hold win over the status, and names the PO and field for an unknown status', () => {
    const held = readPurchaseOrder(
      po({ IsOnHold: '<g:IsOnHold>true</g:IsOnHold>', Status: '<g:Status>Released</g:Status>' }),
      'F',
    )!;
    expect(purchaseOrderStateOf(held)).toBe('on-hold');
    expect(purchaseOrderStateOf({ ...held, onHold: false })).toBe('approved');
    expect(() => readPurchaseOrder(po({ Status: '<g:Status>Shipped</g:Status>' }), 'F')).toThrow(
      /PurchaseOrder PO000042: Status 'Shipped' is not a known purchase order status/,
    );
  });
});

describe('GL transactions', () => {
  const line = (n: number, account: string, debit: string, credit: string) =>
    `<g:GLTransactionLine><g:Key><g:SequenceNumber>${n * 16384}</g:SequenceNumber></g:Key>${money('CreditAmount', credit, ' i:type="g:MoneyAmount"')}${money('DebitAmount', debit, ' i:type="g:MoneyAmount"')}<g:Description>Line ${n}</g:Description><g:GLAccountKey><g:Id>${account}   </g:Id><g:IsEncrypted>false</g:IsEncrypted></g:GLAccountKey></g:GLTransactionLine>`;

  it('sums every line exactly and keeps the first ten', () => {
    const lines =
      Array.from({ length: 11 }, (_, i) => line(i + 1, '000-6100-00', '0.10', '0.00')).join('') +
      line(12, '000-1100-00', '0.00', '1.10');
    const record = readGlTransaction(
      byKey(
        'GetGLTransactionByKey',
        `<g:Key>${companyKey}<g:JournalId>1234</g:JournalId><g:Date>2024-04-30T00:00:00</g:Date></g:Key><g:BatchKey><g:Id>GL240430</g:Id></g:BatchKey><g:Lines>${lines}</g:Lines><g:Reference>Reclass</g:Reference><g:SourceDocumentKey><g:Id>GJ </g:Id></g:SourceDocumentKey><g:IsVoided>false</g:IsVoided><g:TransactionState>History</g:TransactionState>`,
      ),
      'F',
    )!;
    expect(record).toMatchObject({
      journalEntry: 1234,
      batchId: 'GL240430',
      sourceDocument: 'GJ',
      transactionDate: '2024-04-30',
      transactionState: 'history',
      debitTotal: { value: '1.10', currency: 'EUR', decimalDigits: 2 },
      creditTotal: { value: '1.10', currency: 'EUR', decimalDigits: 2 },
      lineCount: 12,
    });
    expect(record.lines).toHaveLength(10);
    expect(record.lines[0]).toEqual({
      account: '000-6100-00',
      description: 'Line 1',
      debit: { value: '0.10', currency: 'EUR', decimalDigits: 2 },
      credit: { value: '0.00', currency: 'EUR', decimalDigits: 2 },
    });
  });

  it('keys a journal on JRNENTRY and its date, and reads the summary key', () => {
    const summary = readGlTransactionSummary(
      readXml(
        `<g:GLTransactionSummary xmlns:g="${GP}"><g:Key><g:JournalId>77</g:JournalId><g:Date>2023-12-31T00:00:00</g:Date></g:Key><g:ModifiedDate>2024-01-15T18:00:00</g:ModifiedDate><g:TransactionState>History</g:TransactionState></g:GLTransactionSummary>`,
      ),
    );
    expect(summary).toEqual({
      journalEntry: 77,
      gpDate: '2023-12-31T00:00:00.000',
      date: '2023-12-31',
      modifiedAt: '2024-01-15T18:00:00.000Z',
      transactionState: 'history',
    });
    expect(glJournalKey(77, '2023-12-31')).toBe('77/2023-12-31');
  });
});

describe('vendors', () => {
  it('takes the phone from the summary and status from IsActive and IsOneTime; a hold wins', () => {
    const summary = readVendorSummary(
      readXml(
        `<VendorSummary xmlns="${GP}"><Key><Id>ACME0001  </Id></Key><PhoneNumbers><PhoneNumber><Value>3125550123</Value><Extension>42</Extension></PhoneNumber></PhoneNumbers><ModifiedDate>2024-05-01T13:22:05.123</ModifiedDate></VendorSummary>`,
      ),
    );
    expect(summary).toEqual({
      vendorId: 'ACME0001',
      modifiedAt: '2024-05-01T13:22:05.123Z',
      phone: '3125550123 x42',
    });
    const vendor = (flags: string) =>
      readVendor(
        byKey(
          'GetVendorByKey',
          `<g:Key><g:Id>ACME0001</g:Id></g:Key><g:Name>Acme</g:Name>${flags}<g:ClassKey><g:Id>USA-US-C</g:Id></g:ClassKey><g:CurrencyKey><g:ISOCode>USD</g:ISOCode></g:CurrencyKey><g:PaymentTermsKey><g:Id>Net 30 </g:Id></g:PaymentTermsKey><g:CreatedDate>2020-02-03T00:00:00</g:CreatedDate>`,
        ),
        summary.phone,
        'F',
      )!;
    const oneTime = vendor(
      '<g:IsOnHold>false</g:IsOnHold><g:IsActive>true</g:IsActive><g:IsOneTime>true</g:IsOneTime>',
    );
    expect(oneTime).toEqual({
      vendorId: 'ACME0001',
      name: 'Acme',
      classId: 'USA-US-C',
      status: 'temporary',
      onHold: false,
      isOneTime: true,
      phone: '3125550123 x42',
      currency: 'USD',
      paymentTerms: 'Net 30',
      createdDate: '2020-02-03',
      companyName: 'F',
    });
    expect(vendorStateOf(oneTime)).toBe('temporary');
    const heldInactive = vendor(
      '<g:IsOnHold>true</g:IsOnHold><g:IsActive>false</g:IsActive><g:IsOneTime>false</g:IsOneTime>',
    );
    expect([heldInactive.status, vendorStateOf(heldInactive)]).toEqual(['inactive', 'on-hold']);
  });
});

describe('payablesKey', () => {
  it('keeps an invoice on its voucher and keys other kinds (and odd vouchers) apart', () => {
    expect(payablesKey('00000000000001550', 'invoice')).toBe('00000000000001550');
    expect(payablesKey('00000000000001550', 'return')).toBe('00000000000001550|return');
    expect(payablesKey('00000000000001550', 'credit-memo')).toBe('00000000000001550|credit-memo');
    expect(payablesKey('A|return', 'invoice')).toBe('A|return|invoice');
    expect(payablesKey('A|return', 'invoice')).not.toBe(payablesKey('A', 'return'));
  });
});
