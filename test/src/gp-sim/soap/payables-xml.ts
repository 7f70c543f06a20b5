import { FUNCTIONAL_CURRENCY_ID } from '../model/currencies';
import type { Numeric5 } from '../model/sql-types';
import { type PayablesDocumentRow, PmDocType, PmTable } from '../model/tables';
import {
  batchKeyXml,
  chars,
  currencyKeyXml,
  dateElement,
  idKey,
  key,
  modifiedMs,
  moneyRenderer,
  type RenderOptions,
} from './render-common';
import { element, nilElement, textElement } from './xml-writer';

export type { RenderOptions } from './render-common';

export const TRANSACTION_STATE: Record<PmTable, string> = {
  [PmTable.work]: 'Work',
  [PmTable.open]: 'Open',
  [PmTable.history]: 'History',
};

/** PayablesDocumentType spelling of the DOCTYPEs the simulator keeps. */
export const DOCUMENT_TYPE: Record<PmDocType, string> = {
  [PmDocType.invoice]: 'Invoice',
  [PmDocType.return]: 'Return',
  [PmDocType.creditMemo]: 'Credit Memo',
};

/** The value GP's ModifiedDate reports for a row. */
export function modifiedDateOf(row: PayablesDocumentRow, options: RenderOptions): number {
  return options.modifiedDateSource === 'modifdt' ? row.modifiedDate : modifiedMs(row.dexRowTs, options);
}

/**
 * A renderer of PayablesDocumentSummaryBase members in WSDL order (the
 * invoice, credit memo and return summaries add nothing to it). Fragments
 * that repeat across rows (vendor, batch, currency, dates) are built once per
 * renderer: a list of 100,000 invoices is mostly repetition, and GC
 * pressure, not XML, is what costs.
 */
export function summaryRenderer(options: RenderOptions): (row: PayablesDocumentRow) => string {
  const vendors = new Map<string, string>();
  const batches = new Map<string, string>();
  const dates = new Map<number, string>();
  const currencies = new Map<
    string,
    { currencyKey: string; money: (name: string, value: Numeric5) => string }
  >();
  return (row) => {
    let vendor = vendors.get(row.vendorId);
    if (vendor === undefined) {
      vendor =
        idKey('VendorKey', options, row.vendorId) + textElement('VendorName', vendorName(row, options));
      vendors.set(row.vendorId, vendor);
    }
    const batchKey = row.batchSource + row.batchId;
    let batch = batches.get(batchKey);
    if (batch === undefined) {
      batch = batchKeyXml(row.batchSource, row.batchId, options);
      batches.set(batchKey, batch);
    }
    let date = dates.get(row.documentDate);
    if (date === undefined) {
      date = dateElement('Date', row.documentDate);
      dates.set(row.documentDate, date);
    }
    let currency = currencies.get(row.currencyId + row.exchangeRate);
    if (currency === undefined) {
      currency = {
        currencyKey: currencyKeyXml(row.currencyId, options),
        money: moneyRenderer(row.currencyId, row.exchangeRate, options),
      };
      currencies.set(row.currencyId + row.exchangeRate, currency);
    }
    const { money } = currency;
    return (
      idKey('Key', options, row.voucherNumber) +
      vendor +
      date +
      batch +
      currency.currencyKey +
      money('TradeDiscountAmount', row.tradeDiscountAmount) +
      money('FreightAmount', row.freightAmount) +
      money('MiscellaneousAmount', row.miscAmount) +
      money('TaxAmount', row.taxAmount) +
      money('DocumentAmount', row.documentAmount) +
      dateElement('ModifiedDate', modifiedDateOf(row, options)) +
      element('TransactionState', TRANSACTION_STATE[row.table])
    );
  };
}

/**
 * A full payables document in WSDL order: BusinessObject, PayablesDocument,
 * then what its type adds. PayablesInvoice (via PayablesDebitDocument):
 * Terms, WriteoffAmount, TotalPayments, PaymentTermsKey. PayablesReturn:
 * DiscountReturnedAmount, WriteoffAmount, TotalPayments. PayablesCreditMemo:
 * nothing (no terms, so no due date). Optional members GP would leave empty
 * (distributions, taxes, tax schedules, payment) are left out; nillable
 * required ones are written, with 1900-01-01 for unset dates.
 */
export function payablesDocumentXml(row: PayablesDocumentRow, options: RenderOptions): string {
  const money = moneyRenderer(row.currencyId, row.exchangeRate, options);
  const isPosted = row.table !== PmTable.work;
  const rate = row.currencyId.trimEnd() === FUNCTIONAL_CURRENCY_ID ? undefined : row.exchangeRate;
  const base =
    idKey('Key', options, row.voucherNumber) +
    textElement('VendorDocumentNumber', chars(row.documentNumber, options)) +
    money('DocumentAmount', row.documentAmount) +
    dateElement('Date', row.documentDate) +
    dateElement('GeneralLedgerPostingDate', row.postingDate) +
    money('PurchasesAmount', row.purchaseAmount) +
    textElement('Description', chars(row.description, options)) +
    money('TradeDiscountAmount', row.tradeDiscountAmount) +
    money('TaxAmount', row.taxAmount) +
    money('FreightAmount', row.freightAmount) +
    money('Amount1099', 0n) +
    money('MiscellaneousAmount', row.miscAmount) +
    textElement('PONumber', chars(row.poNumber, options)) +
    (rate === undefined ? nilElement('ExchangeRate') : element('ExchangeRate', rate)) +
    (rate === undefined ? nilElement('ExchangeDate') : dateElement('ExchangeDate', row.documentDate)) +
    element('Type', DOCUMENT_TYPE[row.docType]) +
    element('TransactionState', TRANSACTION_STATE[row.table]) +
    textElement('VendorName', vendorName(row, options)) +
    textElement('ModifiedBy', chars(row.modifiedBy, options)) +
    dateElement('ModifiedDate', modifiedDateOf(row, options)) +
    textElement('PostedBy', isPosted ? chars(row.postedBy, options) : undefined) +
    dateElement('PostedDate', row.postedDate) +
    dateElement('TaxDate', row.documentDate) +
    textElement('AuditTrailCode', isPosted ? `PMTRX${String(row.dexRowId).padStart(8, '0')}` : undefined) +
    element('IsVoided', row.voided === true ? 'true' : 'false') +
    element('IsIntercompanyTransaction', 'false') +
    element('HasIntercompanyDistributions', 'false') +
    batchKeyXml(row.batchSource, row.batchId, options) +
    idKey('VendorKey', options, row.vendorId) +
    key('AddressKey', options, textElement('Id', 'PRIMARY')) +
    key('RemitToAddressKey', options, textElement('Id', 'PRIMARY')) +
    currencyKeyXml(row.currencyId, options);
  switch (row.docType) {
    case PmDocType.invoice:
      return (
        base +
        element(
          'Terms',
          money('DiscountAvailableAmount', 0n) +
            dateElement('DueDate', row.dueDate) +
            dateElement('DiscountDate', row.discountDate) +
            money('DiscountTakenAmount', 0n) +
            money('DiscountAmountAppliedTaken', 0n),
        ) +
        money('WriteoffAmount', 0n) +
        money('TotalPayments', row.totalPayments) +
        idKey('PaymentTermsKey', options, row.paymentTermsId)
      );
    case PmDocType.return:
      return (
        base +
        money('DiscountReturnedAmount', 0n) +
        money('WriteoffAmount', 0n) +
        money('TotalPayments', row.totalPayments)
      );
    case PmDocType.creditMemo:
      return base;
  }
}

function vendorName(row: PayablesDocumentRow, options: RenderOptions): string | undefined {
  // PM tables hold no vendor name: GP joins PM00200, so a rename shows on old documents.
  const vendor = options.vendor(row.vendorId);
  return vendor && chars(vendor.name, options);
}
