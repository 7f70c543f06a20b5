import type { Delta, Money } from '@gprelay/shared';

/** What routing and the audit trail need to know of any document, whatever its family. */
export interface DocumentFacts {
  /** The vendor the document concerns; null for GL journals. */
  vendorId: string | null;
  /** The amount rules filter on: invoice amount, PO total, journal debit total; null for vendors. */
  amount: Money | null;
  /** The number finance would search for: invoice/PO number, journal entry, vendor id. */
  reference: string;
}

export function factsOf(delta: Delta): DocumentFacts {
  switch (delta.docType) {
    case 'payables-invoice':
      return {
        vendorId: delta.record.vendorId,
        amount: delta.record.amount,
        reference: delta.record.documentNumber || delta.record.voucherNumber,
      };
    case 'purchase-order':
      return {
        vendorId: delta.record.vendorId,
        amount: delta.record.total,
        reference: delta.record.poNumber,
      };
    case 'gl-journal':
      return {
        vendorId: null,
        amount: delta.record.debitTotal,
        reference: `JE ${delta.record.journalEntry}`,
      };
    case 'vendor':
      return { vendorId: delta.record.vendorId, amount: null, reference: delta.record.vendorId };
  }
}
