import { currencyById } from '../model/currencies';
import { formatNumeric5, type Numeric5 } from '../model/sql-types';
import { type PayablesDocumentRow, PmDocType, PmTable, type VendorRow, VendorStatus } from '../model/tables';
import { formatGpDateTime } from '../soap/gp-datetime';
import { type JsonValue, RawNumber } from './json-text';

/**
 * The JSON the simulated SBA surface returns for each business object. [U]
 * Every member name, value spelling and format here is a guess (gp-api.md
 * §3.7): flat PascalCase members named after the Web Services objects, GP's
 * char(n) values as stored (padded unless the simulator trims), money as JSON
 * numbers at the column scale (numeric(19,5) → `1333.26000`) with the
 * currency's ISO code and decimal digits beside it, dates as the convention's
 * date format. The data is the SOAP endpoint's: same rows, same DEX_ROW_TS.
 */
export interface JsonRenderOptions {
  readonly charPadding: 'padded' | 'trimmed';
  readonly dateFormat: 'iso' | 'wcf';
  vendor(vendorId: string): VendorRow | undefined;
}

/** [U] DocumentType spellings, also the second key part of a payables transaction. */
export const PAYABLES_DOCUMENT_TYPE: Record<PmDocType, string> = {
  [PmDocType.invoice]: 'Invoice',
  [PmDocType.return]: 'Return',
  [PmDocType.creditMemo]: 'CreditMemo',
};

const TRANSACTION_STATE: Record<PmTable, string> = {
  [PmTable.work]: 'Work',
  [PmTable.open]: 'Open',
  [PmTable.history]: 'History',
};

const VENDOR_STATUS: Record<VendorStatus, string> = {
  [VendorStatus.active]: 'Active',
  [VendorStatus.inactive]: 'Inactive',
  [VendorStatus.temporary]: 'Temporary',
};

/** A date and time (or a date-only column at midnight) in the convention's format. */
export function dateJson(epochMs: number, format: 'iso' | 'wcf'): string {
  return format === 'wcf' ? `/Date(${epochMs})/` : formatGpDateTime(epochMs);
}

/** Money at the numeric(19,5) scale, as .NET writes a decimal read from SQL. */
export function moneyJson(value: Numeric5): RawNumber {
  return new RawNumber(formatNumeric5(value, 5));
}

function chars(value: string, options: JsonRenderOptions): string {
  return options.charPadding === 'padded' ? value : value.trimEnd();
}

/** One payables transaction (PM10000 / PM20000 / PM30200 row); key `(VoucherNumber;DocumentType)`. */
export function payablesJson(
  row: PayablesDocumentRow,
  options: JsonRenderOptions,
): Record<string, JsonValue> {
  const currency = currencyById(row.currencyId);
  const date = (epochMs: number) => dateJson(epochMs, options.dateFormat);
  // PM tables hold no vendor name: GP joins PM00200, so a rename shows on old documents.
  const vendor = options.vendor(row.vendorId);
  return {
    VoucherNumber: chars(row.voucherNumber, options),
    DocumentType: PAYABLES_DOCUMENT_TYPE[row.docType],
    VendorId: chars(row.vendorId, options),
    VendorName: vendor === undefined ? null : chars(vendor.name, options),
    DocumentNumber: chars(row.documentNumber, options),
    Description: chars(row.description, options),
    BatchSource: chars(row.batchSource, options),
    BatchId: chars(row.batchId, options),
    CurrencyId: chars(row.currencyId, options),
    CurrencyISOCode: currency.isoCode,
    CurrencyDecimalDigits: currency.decimalDigits,
    ExchangeRate: new RawNumber(row.exchangeRate),
    DocumentDate: date(row.documentDate),
    PostingDate: date(row.postingDate),
    DueDate: date(row.dueDate),
    DiscountDate: date(row.discountDate),
    PaymentTermsId: chars(row.paymentTermsId, options),
    PurchaseAmount: moneyJson(row.purchaseAmount),
    TradeDiscountAmount: moneyJson(row.tradeDiscountAmount),
    FreightAmount: moneyJson(row.freightAmount),
    MiscellaneousAmount: moneyJson(row.miscAmount),
    TaxAmount: moneyJson(row.taxAmount),
    DocumentAmount: moneyJson(row.documentAmount),
    CurrentTrxAmount: moneyJson(row.currentAmount),
    TotalPayments: moneyJson(row.totalPayments),
    PONumber: chars(row.poNumber, options),
    TransactionState: TRANSACTION_STATE[row.table],
    // [U] PM10000 has no HOLD column: null for unposted work, as the table says.
    IsOnHold: row.hold,
    IsVoided: row.voided === true,
    PostedDate: date(row.postedDate),
    PostedBy: chars(row.postedBy, options),
    ModifiedBy: chars(row.modifiedBy, options),
    ModifiedDate: date(row.dexRowTs),
  };
}

/** One vendor (PM00200 row); key `(VendorId)`. */
export function vendorJson(row: VendorRow, options: JsonRenderOptions): Record<string, JsonValue> {
  const date = (epochMs: number) => dateJson(epochMs, options.dateFormat);
  return {
    VendorId: chars(row.vendorId, options),
    VendorName: chars(row.name, options),
    ShortName: chars(row.shortName, options),
    ClassId: chars(row.classId, options),
    Status: VENDOR_STATUS[row.status],
    IsOnHold: row.hold,
    CurrencyId: chars(row.currencyId, options),
    CurrencyISOCode: currencyById(row.currencyId).isoCode,
    PaymentTermsId: chars(row.paymentTermsId, options),
    // PHNUMBR1 as stored: 10 digits and a 4-digit extension, unformatted; blank when unknown.
    Phone1: chars(row.phone, options),
    State: chars(row.state, options),
    CreatedDate: date(row.createdDate),
    ModifiedDate: date(row.dexRowTs),
  };
}
