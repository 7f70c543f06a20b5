import type { PayablesInvoiceRecord, VendorRecord } from '@gprelay/shared';
import type { ChangedDocument, ChangedDocumentOf } from '../gp/gp-source';

/** A valid payables invoice as a GP source would report it; override what the test is about. */
export function payablesDocument(
  key: string,
  overrides: { modifiedAt?: string; record?: Partial<PayablesInvoiceRecord> } = {},
): ChangedDocumentOf<'payables-invoice'> {
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

/** A valid vendor master record as a GP source would report it. */
export function vendorDocument(
  vendorId: string,
  overrides: { modifiedAt?: string; record?: Partial<VendorRecord> } = {},
): ChangedDocument {
  return {
    docType: 'vendor',
    key: vendorId,
    modifiedAt: overrides.modifiedAt ?? '2026-11-25T10:00:00.000Z',
    state: overrides.record?.onHold ? 'on-hold' : (overrides.record?.status ?? 'active'),
    record: {
      vendorId,
      name: `Vendor ${vendorId}`,
      classId: 'USA-ILMO-T1',
      status: 'active',
      onHold: false,
      isOneTime: false,
      phone: null,
      currency: 'USD',
      paymentTerms: 'Net 30',
      createdDate: '2020-01-15',
      companyName: 'Fabrikam, Inc.',
      ...overrides.record,
    },
  };
}
