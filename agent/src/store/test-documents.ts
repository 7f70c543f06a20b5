import type { PayablesInvoiceRecord } from '@gprelay/shared';
import type { ChangedDocument } from '../gp/gp-source';

/** A valid payables invoice as a GP source would report it; override what the test is about. */
export function payablesDocument(
  key: string,
  overrides: { modifiedAt?: string; record?: Partial<PayablesInvoiceRecord> } = {},
): ChangedDocument {
  return {
    docType: 'payables-invoice',
    key,
    modifiedAt: overrides.modifiedAt ?? '2026-11-25T10:00:00.000Z',
    state: 'unposted',
    record: {
      voucherNumber: key,
      kind: 'invoice',
      documentNumber: `INV-${key}`,
      vendorId: 'ACETRAVE0001',
      vendorName: 'A Travel Company',
      amount: { value: '1250.00', currency: 'USD', decimalDigits: 2 },
      documentDate: '2026-11-25',
      dueDate: '2026-12-25',
      batchId: 'APINV1125',
      transactionState: 'work',
      hold: null,
      voided: false,
      companyName: 'Fabrikam, Inc.',
      ...overrides.record,
    },
  };
}
