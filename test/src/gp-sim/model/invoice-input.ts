import type { Numeric5 } from './sql-types';
import { PmDocType } from './tables';

/** A date as 'YYYY-MM-DD' (business date, no time) or epoch ms. */
export type SimDate = string | number;

export const DocKind = { invoice: 'invoice', return: 'return', creditMemo: 'credit-memo' } as const;
export type DocKind = (typeof DocKind)[keyof typeof DocKind];

export const DOC_TYPE_OF_KIND: Record<DocKind, PmDocType> = {
  invoice: PmDocType.invoice,
  return: PmDocType.return,
  'credit-memo': PmDocType.creditMemo,
};

/** What `addInvoice` accepts; everything is optional and filled realistically from the seeded generator. */
export interface NewInvoice {
  /** VCHRNMBR; default: the next voucher number. GP keys on voucher + DOCTYPE, so a return may reuse an invoice's. */
  voucherNumber?: string;
  vendorId?: string;
  kind?: DocKind;
  /** The vendor's document number (DOCNUMBR). */
  documentNumber?: string;
  documentDate?: SimDate;
  dueDate?: SimDate;
  /** Decimal strings, at most 5 decimals (numeric(19,5)). */
  purchaseAmount?: string;
  tradeDiscountAmount?: string;
  freightAmount?: string;
  miscAmount?: string;
  taxAmount?: string;
  description?: string;
  batchId?: string;
  poNumber?: string;
  paymentTermsId?: string;
}

/** What `editInvoice` may change. Unposted (work) documents take any field; posted ones only the due date and description. */
export interface InvoiceChanges {
  documentNumber?: string;
  documentDate?: SimDate;
  dueDate?: SimDate;
  purchaseAmount?: string;
  tradeDiscountAmount?: string;
  freightAmount?: string;
  miscAmount?: string;
  taxAmount?: string;
  description?: string;
  batchId?: string;
  poNumber?: string;
}

export const OPEN_DOCUMENT_EDITABLE: ReadonlySet<keyof InvoiceChanges> = new Set(['dueDate', 'description']);

/** Parses a SimDate into a date-only epoch ms. */
export function parseSimDate(value: SimDate, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${field} is not a finite time`);
    return Math.floor(value / 86_400_000) * 86_400_000;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${field} '${value}' is not a YYYY-MM-DD date`);
  }
  return ms;
}

/** DOCAMNT as GP computes it. */
export function documentAmountOf(amounts: {
  purchaseAmount: Numeric5;
  tradeDiscountAmount: Numeric5;
  freightAmount: Numeric5;
  miscAmount: Numeric5;
  taxAmount: Numeric5;
}): Numeric5 {
  return (
    amounts.purchaseAmount -
    amounts.tradeDiscountAmount +
    amounts.freightAmount +
    amounts.miscAmount +
    amounts.taxAmount
  );
}
