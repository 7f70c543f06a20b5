import { createHash } from 'node:crypto';
import type { GlJournalDelta, PayablesInvoiceDelta, PurchaseOrderDelta, VendorDelta } from '../domain/delta';

/** A payables invoice delta with a real-looking eventId; override any field. */
export function invoiceDelta(
  n: number,
  overrides: Partial<PayablesInvoiceDelta['record']> = {},
  version = 'v1',
): PayablesInvoiceDelta {
  const key = `000000000000${String(n).padStart(5, '0')}`;
  return {
    eventId: createHash('sha256')
      .update(JSON.stringify(['Fabrikam, Inc.', 'payables-invoice', key, version]))
      .digest('hex'),
    company: 'Fabrikam, Inc.',
    docType: 'payables-invoice',
    key,
    version,
    op: 'upsert',
    modifiedAt: '2026-11-25T09:59:00.000Z',
    state: 'unposted',
    record: {
      voucherNumber: key,
      kind: 'invoice',
      documentNumber: `INV-${n}`,
      vendorId: 'ACME0001',
      vendorName: 'Acme Supplies',
      amount: { value: `${n}00.00`, currency: 'USD', decimalDigits: 2 },
      documentDate: '2026-11-25',
      dueDate: '2026-12-25',
      batchId: 'APINV1125',
      transactionState: 'work',
      hold: null,
      voided: false,
      companyName: 'Fabrikam, Inc.',
      ...overrides,
    },
  };
}

const eventIdOf = (docType: string, key: string, version: string) =>
  createHash('sha256')
    .update(JSON.stringify(['Fabrikam, Inc.', docType, key, version]))
    .digest('hex');

export function purchaseOrderDelta(
  poNumber: string,
  overrides: Partial<PurchaseOrderDelta['record']> = {},
  state: PurchaseOrderDelta['state'] = 'approved',
): PurchaseOrderDelta {
  return {
    eventId: eventIdOf('purchase-order', poNumber, 'v1'),
    company: 'Fabrikam, Inc.',
    docType: 'purchase-order',
    key: poNumber,
    version: 'v1',
    op: 'upsert',
    modifiedAt: '2026-11-25T09:59:00.000Z',
    state,
    record: {
      poNumber,
      type: 'standard',
      status: 'released',
      vendorId: 'ACME0001',
      vendorName: 'Acme Supplies',
      buyerId: 'SARAH',
      lineCount: 3,
      total: { value: '12450.00', currency: 'USD', decimalDigits: 2 },
      remainingSubtotal: null,
      documentDate: '2026-11-20',
      promisedDate: '2026-12-05',
      requestedDate: null,
      onHold: false,
      approval: 'Approved',
      transactionState: 'work',
      companyName: 'Fabrikam, Inc.',
      ...overrides,
    },
  };
}

export function glJournalDelta(
  journalEntry: number,
  overrides: Partial<GlJournalDelta['record']> = {},
): GlJournalDelta {
  const money = (value: string) => ({ value, currency: 'USD', decimalDigits: 2 });
  return {
    eventId: eventIdOf('gl-journal', String(journalEntry), 'v1'),
    company: 'Fabrikam, Inc.',
    docType: 'gl-journal',
    key: `${journalEntry}`,
    version: 'v1',
    op: 'upsert',
    modifiedAt: '2026-11-25T09:59:00.000Z',
    state: 'posted',
    record: {
      journalEntry,
      batchId: 'GLTRX1125',
      sourceDocument: 'GJ',
      reference: 'Month-end accruals',
      transactionDate: '2026-11-30',
      transactionState: 'open',
      debitTotal: money('5000.00'),
      creditTotal: money('5000.00'),
      lineCount: 7,
      lines: [
        {
          account: '000-6100-00',
          description: 'Accrued rent',
          debit: money('5000.00'),
          credit: money('0.00'),
        },
        {
          account: '000-2100-00',
          description: 'Accrued liabilities',
          debit: money('0.00'),
          credit: money('5000.00'),
        },
      ],
      voided: false,
      companyName: 'Fabrikam, Inc.',
      ...overrides,
    },
  };
}

export function vendorDelta(vendorId: string, overrides: Partial<VendorDelta['record']> = {}): VendorDelta {
  return {
    eventId: eventIdOf('vendor', vendorId, 'v1'),
    company: 'Fabrikam, Inc.',
    docType: 'vendor',
    key: vendorId,
    version: 'v1',
    op: 'upsert',
    modifiedAt: '2026-11-25T09:59:00.000Z',
    state: overrides.onHold ? 'on-hold' : 'active',
    record: {
      vendorId,
      name: 'Acme Supplies',
      classId: 'USA-ILMO-T1',
      status: 'active',
      onHold: false,
      isOneTime: false,
      phone: null,
      currency: 'Z-US$',
      paymentTerms: 'Net 30',
      createdDate: '2020-01-15',
      companyName: 'Fabrikam, Inc.',
      ...overrides,
    },
  };
}
