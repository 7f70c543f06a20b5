import { DYNAMICS_NS } from '../../wsdl/wsdl-file';
import { currencyById, FUNCTIONAL_CURRENCY_ID } from '../model/currencies';
import { formatNumeric5, type Numeric5, roundNumeric5 } from '../model/sql-types';
import { type PayablesDocumentRow, PmDocType, PmTable, type VendorRow } from '../model/tables';
import { formatGpDateTime } from './gp-datetime';
import { CurrencyType } from './request-context';
import { element, nilElement, textElement } from './xml-writer';

/** How the simulator renders documents; the [U] choices of gp-api.md are options so tests can try both. */
export interface RenderOptions {
  readonly companyId: number;
  readonly currencyType: CurrencyType;
  /**
   * [U] Whether char(n) values come back blank-padded as stored, or trimmed.
   * Default 'padded', so clients prove they trim.
   */
  readonly charPadding: 'padded' | 'trimmed';
  /**
   * [U] Which column backs `ModifiedDate`: DEX_ROW_TS (UTC date and time, the
   * default, matching the criteria docs) or MODIFDT (date only, as Scribe maps it).
   */
  readonly modifiedDateSource: 'dex-row-ts' | 'modifdt';
  vendor(vendorId: string): VendorRow | undefined;
}

export const TRANSACTION_STATE: Record<PmTable, string> = {
  [PmTable.work]: 'Work',
  [PmTable.open]: 'Open',
  [PmTable.history]: 'History',
};

const DOCUMENT_TYPE: Record<PmDocType, string> = {
  [PmDocType.invoice]: 'Invoice',
  [PmDocType.return]: 'Return',
  [PmDocType.creditMemo]: 'Credit Memo',
};

/** The value GP's ModifiedDate reports for a row. */
export function modifiedDateOf(row: PayablesDocumentRow, options: RenderOptions): number {
  return options.modifiedDateSource === 'modifdt' ? row.modifiedDate : row.dexRowTs;
}

/**
 * A renderer of PayablesInvoiceSummary members in WSDL order
 * (PayablesDocumentSummaryBase). Fragments that repeat across rows (vendor,
 * batch, currency, dates) are built once per renderer: a list of 100,000
 * invoices is mostly repetition, and GC pressure, not XML, is what costs.
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
        key('VendorKey', options, textElement('Id', chars(row.vendorId, options))) +
        textElement('VendorName', vendorName(row, options));
      vendors.set(row.vendorId, vendor);
    }
    const batchKey = row.batchSource + row.batchId;
    let batch = batches.get(batchKey);
    if (batch === undefined) {
      batch = batchKeyXml(row, options);
      batches.set(batchKey, batch);
    }
    let date = dates.get(row.documentDate);
    if (date === undefined) {
      date = element('Date', formatGpDateTime(row.documentDate));
      dates.set(row.documentDate, date);
    }
    let currency = currencies.get(row.currencyId + row.exchangeRate);
    if (currency === undefined) {
      currency = { currencyKey: currencyKey(row, options), money: moneyRenderer(row, options) };
      currencies.set(row.currencyId + row.exchangeRate, currency);
    }
    const { money } = currency;
    return (
      key('Key', options, textElement('Id', chars(row.voucherNumber, options))) +
      vendor +
      date +
      batch +
      currency.currencyKey +
      money('TradeDiscountAmount', row.tradeDiscountAmount) +
      money('FreightAmount', row.freightAmount) +
      money('MiscellaneousAmount', row.miscAmount) +
      money('TaxAmount', row.taxAmount) +
      money('DocumentAmount', row.documentAmount) +
      element('ModifiedDate', formatGpDateTime(modifiedDateOf(row, options))) +
      element('TransactionState', TRANSACTION_STATE[row.table])
    );
  };
}

/**
 * PayablesInvoice members in WSDL order: BusinessObject, PayablesDocument,
 * PayablesDebitDocument, PayablesInvoice. Optional members GP would leave
 * empty (distributions, taxes, tax schedules, payment) are left out;
 * nillable required ones are written, with 1900-01-01 for unset dates.
 */
export function payablesInvoiceXml(row: PayablesDocumentRow, options: RenderOptions): string {
  const money = moneyRenderer(row, options);
  const isPosted = row.table !== PmTable.work;
  const date = (epochMs: number) => formatGpDateTime(epochMs);
  const rate = row.currencyId.trimEnd() === FUNCTIONAL_CURRENCY_ID ? undefined : row.exchangeRate;
  return (
    key('Key', options, textElement('Id', chars(row.voucherNumber, options))) +
    textElement('VendorDocumentNumber', chars(row.documentNumber, options)) +
    money('DocumentAmount', row.documentAmount) +
    element('Date', date(row.documentDate)) +
    element('GeneralLedgerPostingDate', date(row.postingDate)) +
    money('PurchasesAmount', row.purchaseAmount) +
    textElement('Description', chars(row.description, options)) +
    money('TradeDiscountAmount', row.tradeDiscountAmount) +
    money('TaxAmount', row.taxAmount) +
    money('FreightAmount', row.freightAmount) +
    money('Amount1099', 0n) +
    money('MiscellaneousAmount', row.miscAmount) +
    textElement('PONumber', chars(row.poNumber, options)) +
    (rate === undefined ? nilElement('ExchangeRate') : element('ExchangeRate', rate)) +
    (rate === undefined ? nilElement('ExchangeDate') : element('ExchangeDate', date(row.documentDate))) +
    element('Type', DOCUMENT_TYPE[row.docType]) +
    element('TransactionState', TRANSACTION_STATE[row.table]) +
    textElement('VendorName', vendorName(row, options)) +
    textElement('ModifiedBy', chars(row.modifiedBy, options)) +
    element('ModifiedDate', date(modifiedDateOf(row, options))) +
    textElement('PostedBy', isPosted ? chars(row.postedBy, options) : undefined) +
    element('PostedDate', date(row.postedDate)) +
    element('TaxDate', date(row.documentDate)) +
    textElement('AuditTrailCode', isPosted ? `PMTRX${String(row.dexRowId).padStart(8, '0')}` : undefined) +
    element('IsVoided', row.voided === true ? 'true' : 'false') +
    element('IsIntercompanyTransaction', 'false') +
    element('HasIntercompanyDistributions', 'false') +
    batchKeyXml(row, options) +
    key('VendorKey', options, textElement('Id', chars(row.vendorId, options))) +
    key('AddressKey', options, textElement('Id', 'PRIMARY')) +
    key('RemitToAddressKey', options, textElement('Id', 'PRIMARY')) +
    currencyKey(row, options) +
    element(
      'Terms',
      money('DiscountAvailableAmount', 0n) +
        element('DueDate', date(row.dueDate)) +
        element('DiscountDate', date(row.discountDate)) +
        money('DiscountTakenAmount', 0n) +
        money('DiscountAmountAppliedTaken', 0n),
    ) +
    money('WriteoffAmount', 0n) +
    money('TotalPayments', row.totalPayments) +
    key('PaymentTermsKey', options, textElement('Id', chars(row.paymentTermsId, options)))
  );
}

function chars(value: string, options: RenderOptions): string {
  return options.charPadding === 'padded' ? value : value.trimEnd();
}

function vendorName(row: PayablesDocumentRow, options: RenderOptions): string | undefined {
  // PM tables hold no vendor name: GP joins PM00200, so a rename shows on old documents.
  const vendor = options.vendor(row.vendorId);
  return vendor && chars(vendor.name, options);
}

/** A GreatPlainsKey subtype: CompanyKey (its Id in the dynamics namespace), then the key's own members. */
function key(name: string, options: RenderOptions, members: string): string {
  return element(
    name,
    `<CompanyKey><Id xmlns="${DYNAMICS_NS}">${options.companyId}</Id></CompanyKey>${members}`,
  );
}

function batchKeyXml(row: PayablesDocumentRow, options: RenderOptions): string {
  // [U] CreatedDateTime: GP does not seem to fill it on documents; DateTime.MinValue is what XmlSerializer prints then.
  return key(
    'BatchKey',
    options,
    textElement('Source', chars(row.batchSource, options)) +
      textElement('Id', chars(row.batchId, options)) +
      element('CreatedDateTime', '0001-01-01T00:00:00'),
  );
}

function currencyKey(row: PayablesDocumentRow, options: RenderOptions): string {
  const currency = options.currencyType === CurrencyType.local ? FUNCTIONAL_CURRENCY_ID : row.currencyId;
  return key('CurrencyKey', options, textElement('ISOCode', currencyById(currency).isoCode));
}

/**
 * MoneyAmount: ISO currency, the value printed with the currency's decimal
 * digits [U: GP could print the numeric(19,5) scale], and DecimalDigits.
 * With CurrencyType Local amounts are converted at the document's rate.
 */
function moneyRenderer(
  row: PayablesDocumentRow,
  options: RenderOptions,
): (name: string, value: Numeric5) => string {
  const local = options.currencyType === CurrencyType.local;
  const currency = currencyById(local ? FUNCTIONAL_CURRENCY_ID : row.currencyId);
  const rate = local ? BigInt(row.exchangeRate.replace('.', '')) : 1n;
  const prefix = `<Currency>${currency.isoCode}</Currency><Value>`;
  const suffix = `</Value><DecimalDigits>${currency.decimalDigits}</DecimalDigits>`;
  const zero = formatNumeric5(0n, currency.decimalDigits);
  return (name, value) => {
    const converted = local ? roundNumeric5((value * rate) / 10_000_000n, currency.decimalDigits) : value;
    const text = converted === 0n ? zero : formatNumeric5(converted, currency.decimalDigits);
    return `<${name}>${prefix}${text}${suffix}</${name}>`;
  };
}
