import { createHash } from 'node:crypto';
import type { PayablesInvoiceDelta } from '@gprelay/shared';

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
