import {
  DocType,
  type PayablesDocumentKind,
  type PayablesInvoiceRecord,
  PayablesTransactionState,
} from '@gprelay/shared';
import type { ChangedDocumentOf } from '../gp-source';
// The SOAP adapter's key and state rules, so both adapters name and classify a document alike.
import { docStateOf, payablesKey } from '../soap/payables-invoice-mapper';
import { type JsonObject, JsonRecord, type ListedItem } from './json-record';
import { GpValueError, sbaBoolean, sbaDate, sbaInstant } from './sba-values';

/** JSON member names of a payables transaction; defaults are the simulator's convention [U]. */
export const PAYABLES_FIELDS = {
  voucherNumber: 'VoucherNumber',
  /** Absent member → every item is an invoice [U] (a resource holding invoices only). */
  documentType: 'DocumentType',
  documentNumber: 'DocumentNumber',
  vendorId: 'VendorId',
  vendorName: 'VendorName',
  amount: 'DocumentAmount',
  currency: 'CurrencyISOCode',
  decimalDigits: 'CurrencyDecimalDigits',
  documentDate: 'DocumentDate',
  dueDate: 'DueDate',
  batchId: 'BatchId',
  transactionState: 'TransactionState',
  /** Absent member → hold null ("cannot tell"), as with Web Services. */
  hold: 'IsOnHold',
  voided: 'IsVoided',
  modifiedDate: 'ModifiedDate',
} as const;
export type PayablesFields = { -readonly [K in keyof typeof PAYABLES_FIELDS]: string };

/** [U] DocumentType spellings: names with or without a blank, or GP's DOCTYPE number (gp-api.md §5.4). */
const KINDS: Record<string, PayablesDocumentKind | 'skip'> = {
  invoice: 'invoice',
  '1': 'invoice',
  return: 'return',
  '4': 'return',
  creditmemo: 'credit-memo',
  '5': 'credit-memo',
  // Payables types the product does not relay.
  financecharge: 'skip',
  '2': 'skip',
  miscellaneouscharge: 'skip',
  misccharge: 'skip',
  '3': 'skip',
  payment: 'skip',
  '6': 'skip',
};

const STATES: Record<string, PayablesTransactionState> = {
  work: PayablesTransactionState.work,
  unposted: PayablesTransactionState.work,
  open: PayablesTransactionState.open,
  posted: PayablesTransactionState.open,
  history: PayablesTransactionState.history,
};

/** Key, ModifiedDate and type of a payables list item: all paging needs, even from a summary. */
export function payablesListed(item: JsonObject, fields: PayablesFields): ListedItem {
  const reader = new JsonRecord(item, 'SBA payables transaction');
  const voucherNumber = reader.required(fields.voucherNumber);
  reader.context = `SBA payables transaction ${voucherNumber}`;
  const kind = reader.convertOptional(fields.documentType, kindOf) ?? 'invoice';
  return {
    key: kind === 'skip' ? voucherNumber : payablesKey(voucherNumber, kind),
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    relayed: kind !== 'skip',
  };
}

/**
 * One payables transaction of an SBA answer as the change the poller relays,
 * or null for a payables type the product does not relay (payments, finance
 * and miscellaneous charges). The record is built exactly as the SOAP
 * adapter builds it (trimmed text, YYYY-MM-DD dates with 1900-01-01 → null,
 * money with the currency's decimals, state: voided > on-hold > posting state),
 * except that `hold` is read when the answer carries it.
 */
export function readPayablesJson(
  item: JsonObject,
  fields: PayablesFields,
  companyName: string,
): ChangedDocumentOf<typeof DocType.payablesInvoice> | null {
  const reader = new JsonRecord(item, 'SBA payables transaction');
  const voucherNumber = reader.required(fields.voucherNumber);
  reader.context = `SBA payables transaction ${voucherNumber}`;
  const kind = reader.convertOptional(fields.documentType, kindOf) ?? 'invoice';
  if (kind === 'skip') return null;
  const record: PayablesInvoiceRecord = {
    voucherNumber,
    kind,
    documentNumber: reader.text(fields.documentNumber) ?? '',
    vendorId: reader.required(fields.vendorId),
    vendorName: reader.text(fields.vendorName) ?? '',
    amount: reader.money(fields.amount, fields.currency, fields.decimalDigits),
    documentDate: reader.convertOptional(fields.documentDate, sbaDate),
    // As on SOAP: only invoices have terms, so only they have a due date.
    dueDate: kind === 'invoice' ? reader.convertOptional(fields.dueDate, sbaDate) : null,
    batchId: reader.text(fields.batchId) ?? null,
    transactionState: reader.convert(fields.transactionState, transactionStateOf),
    hold: reader.boolean(fields.hold, sbaBoolean),
    voided: reader.boolean(fields.voided, sbaBoolean) ?? false,
    companyName,
  };
  return {
    docType: DocType.payablesInvoice,
    key: payablesKey(voucherNumber, kind),
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    state: docStateOf(record.transactionState, record.voided, record.hold),
    record,
  };
}

function kindOf(text: string): PayablesDocumentKind | 'skip' {
  const kind = KINDS[text.replaceAll(' ', '').toLowerCase()];
  if (kind === undefined) throw new GpValueError(`'${text}' is not a payables document type`);
  return kind;
}

function transactionStateOf(text: string): PayablesTransactionState {
  const state = STATES[text.toLowerCase()];
  if (state === undefined) throw new GpValueError(`'${text}' is not Work, Open or History`);
  return state;
}
