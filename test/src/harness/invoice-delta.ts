import { createHash } from 'node:crypto';
import type { PayablesInvoiceDelta } from '@gprelay/shared';

/** A payables invoice delta as an agent would send it, with a real eventId. */
export function invoiceDelta(
  n: number,
  overrides: Partial<PayablesInvoiceDelta['record']> = {},
): PayablesInvoiceDelta {
  const key = String(n).padStart(17, '0');
  const version = createHash('sha256')
    .update(JSON.stringify([n, overrides]))
    .digest('hex')
    .slice(0, 32);
  return {
    eventId: createHash('sha256')
      .update(JSON.stringify(['Fabrikam, Inc.', 'payables-invoice', key, version]))
      .digest('hex'),
    company: 'Fabrikam, Inc.',
    docType: 'payables-invoice',
    key,
    version,
    op: 'upsert',
    modifiedAt: new Date(Date.UTC(2026, 10, 25, 9, 0, 0, n)).toISOString(),
    state: 'unposted',
    record: {
      voucherNumber: key,
      kind: 'invoice',
      documentNumber: `INV-${n}`,
      vendorId: 'ACME0001',
      vendorName: 'Acme Supplies',
      amount: { value: `${100 + n}.00`, currency: 'USD', decimalDigits: 2 },
      documentDate: '2026-11-25',
      dueDate: '2026-12-25',
      batchId: 'AP261125',
      transactionState: 'work',
      hold: null,
      voided: false,
      companyName: 'Fabrikam, Inc.',
      ...overrides,
    },
  };
}
