import {
  DocState,
  type PayablesDocumentKind,
  type PayablesInvoiceDelta,
  type PayablesInvoiceRecord,
  PayablesTransactionState,
} from '@gprelay/shared';
import { enumOf, FieldReader } from './field-reader';
import { GP_NS } from './gp-namespaces';
import { gpDateOnly, gpDateTimeToIso } from './gp-values';
import { child, children, isNil, type XmlNode } from './xml-reader';

/** What a list call tells about one changed payables document. */
export interface InvoiceSummary {
  /** Voucher number, trimmed. */
  readonly voucherNumber: string;
  /** GP's ModifiedDate as ISO UTC with Z. */
  readonly modifiedAt: string;
  readonly transactionState: PayablesTransactionState;
}

/** A listed payables document of any kind. */
export interface PayablesSummary extends InvoiceSummary {
  readonly kind: PayablesDocumentKind;
}

export const transactionStateOf = enumOf<PayablesTransactionState>(
  {
    Work: PayablesTransactionState.work,
    Open: PayablesTransactionState.open,
    History: PayablesTransactionState.history,
  },
  'transaction state (Work, Open, History)',
);

/** PayablesDocumentType spellings of the kinds the product relays; other types are not ours. */
export const KIND_OF_TYPE: Readonly<Record<string, PayablesDocumentKind>> = {
  Invoice: 'invoice',
  Return: 'return',
  'Credit Memo': 'credit-memo',
};

/** The Get<Type>ByKey operation and result element of each kind. */
export const BY_KEY_OPERATION: Readonly<Record<PayablesDocumentKind, string>> = {
  invoice: 'GetPayablesInvoiceByKey',
  return: 'GetPayablesReturnByKey',
  'credit-memo': 'GetPayablesCreditMemoByKey',
};

/**
 * The document key of a payables document. GP keys payables on voucher +
 * DOCTYPE, so a return may carry an invoice's voucher number. Invoices keep
 * the bare voucher (the key they always had); other kinds, and an invoice
 * whose voucher itself holds a '|', get `|kind`: no two documents share a key.
 */
export function payablesKey(voucherNumber: string, kind: PayablesDocumentKind): string {
  return kind === 'invoice' && !voucherNumber.includes('|') ? voucherNumber : `${voucherNumber}|${kind}`;
}

/** Work = unposted, Open = posted, History = fully applied (paid); a hold wins over those, a void over all. */
export function docStateOf(
  transactionState: PayablesTransactionState,
  voided: boolean,
  hold: boolean | null = null,
): PayablesInvoiceDelta['state'] {
  if (voided) return DocState.voided;
  if (hold === true) return DocState.onHold;
  if (transactionState === PayablesTransactionState.work) return DocState.unposted;
  return transactionState === PayablesTransactionState.open ? DocState.posted : DocState.paid;
}

/**
 * Reads one summary of a payables list (PayablesDocumentSummaryBase; the
 * document list adds `Type`). `kind` is the list's own kind for per-type
 * lists; for GetPayablesDocumentList it comes from Type, and a type the
 * product does not relay (payments, finance charges) gives null.
 */
export function readPayablesSummary(summary: XmlNode, kind?: PayablesDocumentKind): PayablesSummary | null {
  const reader = new FieldReader(summary, 'PayablesDocumentSummary');
  const voucherNumber = reader.required(['Key', 'Id']);
  reader.context = `PayablesDocumentSummary ${voucherNumber}`;
  const listedKind = kind ?? KIND_OF_TYPE[reader.required(['Type'])];
  if (listedKind === undefined) return null;
  return {
    voucherNumber,
    kind: listedKind,
    modifiedAt: reader.convert(['ModifiedDate'], gpDateTimeToIso),
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
  };
}

/** Reads GetPayablesInvoiceListResponse into summaries (whole-document path). */
export function readInvoiceSummaries(response: XmlNode): InvoiceSummary[] {
  const result = child(response, GP_NS, 'GetPayablesInvoiceListResult');
  if (result === undefined || isNil(result)) return [];
  return children(result, GP_NS, 'PayablesInvoiceSummary')
    .filter((summary) => !isNil(summary))
    .map((summary) => {
      const { kind: _kind, ...rest } = readPayablesSummary(summary, 'invoice')!;
      return rest;
    });
}

const OBJECT_NAME: Readonly<Record<PayablesDocumentKind, string>> = {
  invoice: 'PayablesInvoice',
  return: 'PayablesReturn',
  'credit-memo': 'PayablesCreditMemo',
};

/** The limits of PayablesInvoiceRecordSchema; GP's char(n) columns never exceed them. */
const MAX_LENGTH = {
  voucherNumber: 21,
  documentNumber: 21,
  vendorId: 15,
  vendorName: 65,
  batchId: 15,
  companyName: 65,
};

/**
 * Reads a Get<Invoice|Return|CreditMemo>ByKey response into the record the
 * cloud relays: char padding trimmed, money as decimal strings, dates as
 * YYYY-MM-DD (GP's 1900-01-01 "no date" → null). Only invoices have terms,
 * so only they have a due date. `hold` is null: Web Services do not expose
 * the payables hold flag (research §4.7). Returns null for an empty result.
 */
export function readPayablesDocument(
  response: XmlNode,
  kind: PayablesDocumentKind,
  companyName: string,
): PayablesInvoiceRecord | null {
  const document = child(response, GP_NS, `${BY_KEY_OPERATION[kind]}Result`);
  if (document === undefined || isNil(document)) return null;
  const reader = new FieldReader(document, 'PayablesDocument');
  const voucherNumber = reader.required(['Key', 'Id']);
  reader.context = `${OBJECT_NAME[kind]} ${voucherNumber}`;
  const isoCode = reader.optional(['CurrencyKey', 'ISOCode']) ?? '';
  const record: PayablesInvoiceRecord = {
    voucherNumber,
    kind,
    documentNumber: reader.optional(['VendorDocumentNumber']) ?? '',
    vendorId: reader.required(['VendorKey', 'Id']),
    vendorName: reader.optional(['VendorName']) ?? '',
    amount: reader.money(['DocumentAmount'], isoCode),
    documentDate: reader.convertOptional(['Date'], gpDateOnly),
    dueDate: kind === 'invoice' ? reader.convertOptional(['Terms', 'DueDate'], gpDateOnly) : null,
    batchId: reader.text(['BatchKey', 'Id']),
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
    hold: null,
    voided: reader.boolean(['IsVoided']) ?? false,
    companyName,
  };
  reader.checkLengths(record, MAX_LENGTH);
  return record;
}

/** Reads GetPayablesInvoiceByKeyResponse (see readPayablesDocument). */
export function readPayablesInvoice(response: XmlNode, companyName: string): PayablesInvoiceRecord | null {
  return readPayablesDocument(response, 'invoice', companyName);
}
