import { describe, expect, it } from 'vitest';
import { AgentErrorCode } from '../../errors';
import { docStateOf, readInvoiceSummaries, readPayablesInvoice } from './payables-invoice-mapper';
import { readSoapResponse } from './soap-envelope';
import type { XmlNode } from './xml-reader';

const GP = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
const DYN = 'http://schemas.microsoft.com/dynamics/2006/01';

/** A response as another SOAP stack might write it: odd prefixes, padded char fields, nils. */
const byKeyResponse = (invoiceBody: string) =>
  `<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><S:Body><g:GetPayablesInvoiceByKeyResponse xmlns:g="${GP}"><g:GetPayablesInvoiceByKeyResult>${invoiceBody}</g:GetPayablesInvoiceByKeyResult></g:GetPayablesInvoiceByKeyResponse></S:Body></S:Envelope>`;

const invoice = (overrides: Record<string, string> = {}) => {
  const parts: Record<string, string> = {
    Key: `<g:Key><g:CompanyKey><d:Id xmlns:d="${DYN}">-1</d:Id></g:CompanyKey><g:Id>00000000000001550    </g:Id></g:Key>`,
    VendorDocumentNumber: '<g:VendorDocumentNumber>INV-77&amp;A          </g:VendorDocumentNumber>',
    DocumentAmount:
      '<g:DocumentAmount><g:Currency>USD</g:Currency><g:Value>1250.5</g:Value><g:DecimalDigits>2</g:DecimalDigits></g:DocumentAmount>',
    Date: '<g:Date>2024-05-01T00:00:00</g:Date>',
    TransactionState: '<g:TransactionState>Open</g:TransactionState>',
    VendorName: '<g:VendorName>Smith &lt;Tools&gt; &amp; Hardware   </g:VendorName>',
    ModifiedDate: '<g:ModifiedDate>2024-05-01T13:22:05.123</g:ModifiedDate>',
    IsVoided: '<g:IsVoided>false</g:IsVoided>',
    BatchKey: `<g:BatchKey><g:CompanyKey><d:Id xmlns:d="${DYN}">-1</d:Id></g:CompanyKey><g:Source>PM_Trxent</g:Source><g:Id>AP240501       </g:Id><g:CreatedDateTime>0001-01-01T00:00:00</g:CreatedDateTime></g:BatchKey>`,
    VendorKey: '<g:VendorKey><g:Id>SMITHTOO0001   </g:Id></g:VendorKey>',
    CurrencyKey: '<g:CurrencyKey><g:ISOCode>USD</g:ISOCode></g:CurrencyKey>',
    Terms:
      '<g:Terms><g:DueDate>2024-05-31T00:00:00</g:DueDate><g:DiscountDate>1900-01-01T00:00:00</g:DiscountDate></g:Terms>',
    ...overrides,
  };
  return byKeyResponse(Object.values(parts).join(''));
};

function payloadOf(xml: string): XmlNode {
  const response = readSoapResponse(xml);
  if (response.kind !== 'payload') throw new Error('expected a payload');
  return response.payload;
}

describe('readPayablesInvoice', () => {
  it('maps a full invoice: trimmed padding, decoded entities, money, dates, state', () => {
    expect(readPayablesInvoice(payloadOf(invoice()), 'Fabrikam, Inc.')).toEqual({
      voucherNumber: '00000000000001550',
      kind: 'invoice',
      documentNumber: 'INV-77&A',
      vendorId: 'SMITHTOO0001',
      vendorName: 'Smith <Tools> & Hardware',
      amount: { value: '1250.50', currency: 'USD', decimalDigits: 2 },
      documentDate: '2024-05-01',
      dueDate: '2024-05-31',
      batchId: 'AP240501',
      transactionState: 'open',
      hold: null,
      voided: false,
      companyName: 'Fabrikam, Inc.',
    });
  });

  it('does not confuse the CompanyKey Id (dynamics namespace) with the key Id', () => {
    const reordered = invoice({
      Key: `<g:Key><g:Id>00000000000001550</g:Id><g:CompanyKey><d:Id xmlns:d="${DYN}">-1</d:Id></g:CompanyKey></g:Key>`,
    });
    expect(readPayablesInvoice(payloadOf(reordered), 'X')?.voucherNumber).toBe('00000000000001550');
  });

  it("turns GP's empty dates and nil members into null", () => {
    const record = readPayablesInvoice(
      payloadOf(
        invoice({
          Date: '<g:Date i:nil="true"/>',
          Terms: '<g:Terms><g:DueDate>1900-01-01T00:00:00</g:DueDate></g:Terms>',
          BatchKey: '<g:BatchKey><g:Id>               </g:Id></g:BatchKey>',
        }),
      ),
      'X',
    );
    expect(record).toMatchObject({ documentDate: null, dueDate: null, batchId: null });
  });

  it('takes the currency from CurrencyKey when the amount has none', () => {
    const record = readPayablesInvoice(
      payloadOf(
        invoice({
          DocumentAmount:
            '<g:DocumentAmount><g:Value>10</g:Value><g:DecimalDigits>0</g:DecimalDigits></g:DocumentAmount>',
        }),
      ),
      'X',
    );
    expect(record?.amount).toEqual({ value: '10', currency: 'USD', decimalDigits: 0 });
  });

  it('reads a voided document as voided whatever its table', () => {
    const record = readPayablesInvoice(
      payloadOf(
        invoice({
          IsVoided: '<g:IsVoided>true</g:IsVoided>',
          TransactionState: '<g:TransactionState>History</g:TransactionState>',
        }),
      ),
      'X',
    )!;
    expect(record.voided).toBe(true);
    expect(docStateOf(record.transactionState, record.voided)).toBe('voided');
  });

  it('returns null for an empty result', () => {
    expect(
      readPayablesInvoice(
        payloadOf(
          byKeyResponse('').replace(
            '<g:GetPayablesInvoiceByKeyResult></g:GetPayablesInvoiceByKeyResult>',
            '',
          ),
        ),
        'X',
      ),
    ).toBeNull();
  });

  it('names the invoice and the field when GP sends something unusable', () => {
    const bad = [
      invoice({ TransactionState: '<g:TransactionState>Posted</g:TransactionState>' }),
      invoice({ VendorKey: '' }),
      invoice({
        DocumentAmount:
          '<g:DocumentAmount><g:Value>abc</g:Value><g:DecimalDigits>2</g:DecimalDigits></g:DocumentAmount>',
      }),
    ];
    const messages = bad.map((xml) => {
      try {
        readPayablesInvoice(payloadOf(xml), 'X');
        return 'no error';
      } catch (error) {
        expect((error as { code: string }).code).toBe(AgentErrorCode.gpProtocol);
        return (error as Error).message;
      }
    });
    expect(messages[0]).toContain('PayablesInvoice 00000000000001550: TransactionState');
    expect(messages[1]).toContain('VendorKey.Id is missing');
    expect(messages[2]).toContain('DocumentAmount');
  });
});

describe('docStateOf', () => {
  it('maps work, open and history to unposted, posted and paid', () => {
    expect(docStateOf('work', false)).toBe('unposted');
    expect(docStateOf('open', false)).toBe('posted');
    expect(docStateOf('history', false)).toBe('paid');
  });
});

describe('readInvoiceSummaries', () => {
  it('reads key, modified time and state of each summary and skips nil items', () => {
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body><GetPayablesInvoiceListResponse xmlns="${GP}"><GetPayablesInvoiceListResult><PayablesInvoiceSummary><Key><Id>00000000000000002  </Id></Key><ModifiedDate>2024-05-01T13:22:05.007</ModifiedDate><TransactionState>Work</TransactionState></PayablesInvoiceSummary><PayablesInvoiceSummary xsi:nil="true"/></GetPayablesInvoiceListResult></GetPayablesInvoiceListResponse></soap:Body></soap:Envelope>`;
    expect(readInvoiceSummaries(payloadOf(xml))).toEqual([
      {
        voucherNumber: '00000000000000002',
        modifiedAt: '2024-05-01T13:22:05.007Z',
        transactionState: 'work',
      },
    ]);
  });

  it('reads an empty result as no summaries', () => {
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetPayablesInvoiceListResponse xmlns="${GP}"><GetPayablesInvoiceListResult /></GetPayablesInvoiceListResponse></soap:Body></soap:Envelope>`;
    expect(readInvoiceSummaries(payloadOf(xml))).toEqual([]);
  });
});

describe('readSoapResponse faults', () => {
  it('reads code, text and the GP log id of a system exception', () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>The application encountered an unhandled system exception. Contact your system administrator for details.</faultstring><detail><LogId>0f8fad5b-d9cb-469f-a165-70867728950e</LogId></detail></s:Fault></s:Body></s:Envelope>`;
    expect(readSoapResponse(xml)).toEqual({
      kind: 'fault',
      fault: {
        code: 'Server',
        faultString:
          'The application encountered an unhandled system exception. Contact your system administrator for details.',
        logId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        validation: false,
      },
    });
  });

  it('recognises a validation exception by the <Message> log id in its detail', () => {
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>invalid</faultstring><detail><Message>0f8fad5b-d9cb-469f-a165-70867728950e</Message></detail></soap:Fault></soap:Body></soap:Envelope>`;
    const response = readSoapResponse(xml);
    expect(response.kind === 'fault' && response.fault).toMatchObject({
      validation: true,
      logId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
  });

  it('refuses a DOCTYPE instead of expanding entities', () => {
    expect(() => readSoapResponse('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toThrow('DOCTYPE');
  });
});
