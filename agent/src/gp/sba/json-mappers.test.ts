import { describe, expect, it } from 'vitest';
import { GL_JOURNAL_FIELDS, readGlJournalJson } from './gl-journal-json-mapper';
import { parseLosslessJson } from './lossless-json';
import { PAYABLES_FIELDS, payablesListed, readPayablesJson } from './payables-json-mapper';
import { PURCHASE_ORDER_FIELDS, readPurchaseOrderJson } from './purchase-order-json-mapper';
import { readVendorJson, VENDOR_FIELDS } from './vendor-json-mapper';

const json = (text: string) => parseLosslessJson(text) as Record<string, never>;

describe('SBA JSON mappers', () => {
  it('reads camelCase members, a Web Services style money object and exponent numbers', () => {
    const item = json(`{
      "voucherNumber": "00000000000000042   ", "documentType": 5, "vendorId": "ACME0001",
      "documentAmount": { "Value": 1.25E+3, "Currency": "JPY", "DecimalDigits": 0 },
      "transactionState": "History", "isOnHold": 0, "isVoided": "true",
      "modifiedDate": "/Date(1714569725123)/", "documentDate": "1900-01-01T00:00:00"
    }`);
    expect(readPayablesJson(item, PAYABLES_FIELDS, 'Fabrikam, Inc.')).toEqual({
      docType: 'payables-invoice',
      key: '00000000000000042|credit-memo',
      modifiedAt: '2024-05-01T13:22:05.123Z',
      state: 'voided',
      record: {
        voucherNumber: '00000000000000042',
        kind: 'credit-memo',
        documentNumber: '',
        vendorId: 'ACME0001',
        vendorName: '',
        amount: { value: '1250', currency: 'JPY', decimalDigits: 0 },
        documentDate: null,
        dueDate: null,
        batchId: null,
        transactionState: 'history',
        hold: false,
        voided: true,
        companyName: 'Fabrikam, Inc.',
      },
    });
  });

  it('skips payables types the product does not relay, and names the member of an unknown one', () => {
    const payment = json(
      '{"VoucherNumber":"P1","DocumentType":"Payment","ModifiedDate":"2024-05-01T00:00:00"}',
    );
    expect(payablesListed(payment, PAYABLES_FIELDS).relayed).toBe(false);
    expect(readPayablesJson(payment, PAYABLES_FIELDS, 'C')).toBeNull();
    const odd = json('{"VoucherNumber":"P2","DocumentType":"Voucher","ModifiedDate":"2024-05-01T00:00:00"}');
    expect(() => payablesListed(odd, PAYABLES_FIELDS)).toThrow(
      "SBA payables transaction P2: DocumentType 'Voucher' is not a payables document type",
    );
  });

  it('reads a PO’s approval by name or code as GP names it, and its line count from the lines', () => {
    const po = (approval: string) =>
      json(`{"PONumber":"PO1","Type":"Drop Ship","Status":"Change Order","VendorId":"V","Lines":[{},{},{}],
        "TotalAmount":10.5,"CurrencyISOCode":"EUR","TransactionState":"Work","IsOnHold":true,
        "WorkflowApprovalStatus":${approval},"ModifiedDate":"2024-05-01T00:00:00"}`);
    const pending = readPurchaseOrderJson(po('"PendingApproval"'), PURCHASE_ORDER_FIELDS, 'C');
    expect(pending.state).toBe('on-hold');
    expect(pending.record).toMatchObject({
      type: 'drop-ship',
      status: 'change-order',
      lineCount: 3,
      total: { value: '10.50', currency: 'EUR', decimalDigits: 2 },
      remainingSubtotal: null,
      approval: 'Pending Approval',
    });
    // "Not Enabled" (9): the PO is not under approval workflow, so the message shows none.
    expect(readPurchaseOrderJson(po('9'), PURCHASE_ORDER_FIELDS, 'C').record.approval).toBeNull();
    expect(readPurchaseOrderJson(po('6'), PURCHASE_ORDER_FIELDS, 'C').record.approval).toBe('Approved');
  });

  it('keeps the first ten journal lines and counts them all; the key is JRNENTRY and its date, as on SOAP', () => {
    const lines = Array.from(
      { length: 12 },
      (_, i) =>
        `{"AccountNumber":"000-1100-00","Description":"L${i}","DebitAmount":${i % 2 ? 0 : 1},"CreditAmount":${i % 2}}`,
    );
    const journal = readGlJournalJson(
      json(`{"JournalEntry":77,"TransactionDate":"2023-12-31T00:00:00","TransactionState":"History",
        "DebitTotal":6,"CreditTotal":6,"CurrencyISOCode":"USD","Lines":[${lines.join(',')}],
        "ModifiedDate":"2024-01-02T00:00:00"}`),
      GL_JOURNAL_FIELDS,
      'C',
    );
    expect(journal.key).toBe('77/2023-12-31');
    expect(journal.state).toBe('posted');
    expect(journal.record.lineCount).toBe(12);
    expect(journal.record.lines).toHaveLength(10);
    expect(journal.record.lines[1]).toEqual({
      account: '000-1100-00',
      description: 'L1',
      debit: { value: '0.00', currency: 'USD', decimalDigits: 2 },
      credit: { value: '1.00', currency: 'USD', decimalDigits: 2 },
    });
  });

  it('reads a temporary vendor as one-time, and a hold over its status', () => {
    const vendor = readVendorJson(
      json(
        '{"VendorId":"T1","VendorName":"Temp","Status":3,"IsOnHold":false,"ModifiedDate":"2024-05-01T00:00:00"}',
      ),
      VENDOR_FIELDS,
      'C',
    );
    expect(vendor.state).toBe('temporary');
    expect(vendor.record).toMatchObject({ status: 'temporary', isOneTime: true, phone: null, classId: null });
    const phones = ['31255501230000', '31255501231234', '+44 20 7946 0958'].map(
      (phone) =>
        readVendorJson(
          json(
            `{"VendorId":"T1","Status":"Active","Phone1":"${phone}","ModifiedDate":"2024-05-01T00:00:00"}`,
          ),
          VENDOR_FIELDS,
          'C',
        ).record.phone,
    );
    expect(phones).toEqual(['3125550123', '3125550123 x1234', '+44 20 7946 0958']);
  });
});
