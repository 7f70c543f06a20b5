import { currencyById } from './currencies';
import { type InvoiceChanges, type NewInvoice, parseSimDate } from './invoice-input';
import { paymentTermsById } from './payment-terms';
import type { Rng } from './rng';
import { addDays, padChar, parseNumeric5, SQL_EMPTY_DATE } from './sql-types';
import { CharWidth, type PayablesDocumentRow, type PmDocType, PmTable, type VendorRow } from './tables';

const SIM_USER = 'sa';

/** Batch ids like GP users name them: AP + entry date (`AP240501`). */
export function defaultBatchId(dateOnlyMs: number): string {
  return `AP${new Date(dateOnlyMs).toISOString().slice(2, 10).replaceAll('-', '')}`;
}

/**
 * A new PM10000 row as Payables Transaction Entry fills it: the input's
 * values, the rest from the vendor (currency, terms) and the seeded
 * generator; amounts still to be totalled (DOCAMNT) and stamped by the caller.
 */
export function newPayablesRow(
  input: NewInvoice,
  entry: {
    vendor: VendorRow;
    voucherNumber: string;
    docType: PmDocType;
    /** The user's GP date (date-only epoch ms). */
    today: number;
    rng: Rng;
    dexRowId: number;
  },
): PayablesDocumentRow {
  const { vendor, voucherNumber, docType, today, rng, dexRowId } = entry;
  const documentDate =
    input.documentDate === undefined ? today : parseSimDate(input.documentDate, 'documentDate');
  const terms = paymentTermsById(input.paymentTermsId ?? vendor.paymentTermsId);
  const amount = (value: string | undefined, fallback: bigint) =>
    value === undefined ? fallback : parseNumeric5(value);
  const purchaseAmount = amount(input.purchaseAmount, BigInt(rng.int(5_000, 2_500_000)) * 1000n);
  return {
    table: PmTable.work,
    voucherNumber,
    docType,
    vendorId: vendor.vendorId,
    documentNumber: padChar(
      input.documentNumber ?? `INV${rng.int(10_000, 999_999)}`,
      CharWidth.DOCNUMBR,
      'DOCNUMBR',
    ),
    description: padChar(input.description ?? '', CharWidth.TRXDSCRN, 'TRXDSCRN'),
    poNumber: padChar(input.poNumber ?? '', CharWidth.PORDNMBR, 'PORDNMBR'),
    batchId: padChar(input.batchId ?? defaultBatchId(today), CharWidth.BACHNUMB, 'BACHNUMB'),
    batchSource: padChar('PM_Trxent', CharWidth.BCHSOURC, 'BCHSOURC'),
    currencyId: vendor.currencyId,
    paymentTermsId: padChar(terms.id, CharWidth.PYMTRMID, 'PYMTRMID'),
    documentDate,
    postingDate: documentDate,
    dueDate:
      input.dueDate === undefined
        ? addDays(documentDate, terms.dueDays)
        : parseSimDate(input.dueDate, 'dueDate'),
    discountDate: terms.discountDays > 0 ? addDays(documentDate, terms.discountDays) : SQL_EMPTY_DATE,
    purchaseAmount,
    tradeDiscountAmount: amount(input.tradeDiscountAmount, 0n),
    freightAmount: amount(input.freightAmount, 0n),
    miscAmount: amount(input.miscAmount, 0n),
    taxAmount: amount(input.taxAmount, 0n),
    documentAmount: 0n,
    currentAmount: 0n,
    totalPayments: 0n,
    exchangeRate: currencyById(vendor.currencyId).exchangeRate,
    hold: null,
    voided: null,
    postedDate: SQL_EMPTY_DATE,
    postedBy: '',
    paidOffDate: SQL_EMPTY_DATE,
    voidDate: SQL_EMPTY_DATE,
    modifiedDate: today,
    modifiedBy: SIM_USER,
    dexRowTs: 0,
    dexRowId,
  };
}

/** Applies what editInvoice may change to a copy of the row (amounts re-totalled by the caller). */
export function applyInvoiceChanges(next: PayablesDocumentRow, changes: InvoiceChanges): PayablesDocumentRow {
  if (changes.documentNumber !== undefined)
    next.documentNumber = padChar(changes.documentNumber, CharWidth.DOCNUMBR, 'DOCNUMBR');
  if (changes.documentDate !== undefined)
    next.documentDate = parseSimDate(changes.documentDate, 'documentDate');
  if (changes.dueDate !== undefined) next.dueDate = parseSimDate(changes.dueDate, 'dueDate');
  if (changes.description !== undefined)
    next.description = padChar(changes.description, CharWidth.TRXDSCRN, 'TRXDSCRN');
  if (changes.batchId !== undefined) next.batchId = padChar(changes.batchId, CharWidth.BACHNUMB, 'BACHNUMB');
  if (changes.poNumber !== undefined)
    next.poNumber = padChar(changes.poNumber, CharWidth.PORDNMBR, 'PORDNMBR');
  if (changes.purchaseAmount !== undefined) next.purchaseAmount = parseNumeric5(changes.purchaseAmount);
  if (changes.tradeDiscountAmount !== undefined)
    next.tradeDiscountAmount = parseNumeric5(changes.tradeDiscountAmount);
  if (changes.freightAmount !== undefined) next.freightAmount = parseNumeric5(changes.freightAmount);
  if (changes.miscAmount !== undefined) next.miscAmount = parseNumeric5(changes.miscAmount);
  if (changes.taxAmount !== undefined) next.taxAmount = parseNumeric5(changes.taxAmount);
  return next;
}
