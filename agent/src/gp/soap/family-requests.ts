import { GP_NS } from './gp-namespaces';
import { contextXml, type GpCallContext } from './payables-requests';
import { escapeXml } from './xml-escape';

/**
 * A ModifiedDate range as GP criteria take it (GP datetime text, UTC, no
 * offset). `from` is inclusive; `greaterThan` is exclusive and is given the
 * very text the previous window used as its inclusive `to`, so whatever
 * rounding GP applies (SQL datetime ticks), consecutive windows neither
 * overlap nor leave a gap. No `to`: open-ended, up to GP's now.
 */
export interface ModifiedWindow {
  readonly from?: string;
  readonly greaterThan?: string;
  readonly to?: string;
}

const nil = (name: string) => `<${name} xsi:nil="true" />`;
const value = (name: string, text: string | undefined) =>
  text === undefined ? nil(name) : `<${name}>${escapeXml(text)}</${name}>`;

/** BetweenRestrictionOfNullableOfDateTime members in WSDL order; the nillable minOccurs="1" ones as nil. */
export function modifiedDateXml(window: ModifiedWindow): string {
  return (
    `<ModifiedDate>${nil('EqualValue')}${nil('NotEqualValue')}` +
    `${value('From', window.from)}${value('To', window.to)}${value('GreaterThan', window.greaterThan)}${nil('LessThan')}` +
    '</ModifiedDate>'
  );
}

/** A ListRestrictionOfNullableOf<Enum> naming the wanted values explicitly (no reliance on server defaults). */
function enumItems(member: string, itemType: string, items: readonly string[]): string {
  return (
    `<${member}>${nil('EqualValue')}${nil('NotEqualValue')}<Items>` +
    items.map((item) => `<${itemType}>${escapeXml(item)}</${itemType}>`).join('') +
    `</Items></${member}>`
  );
}

const PAYABLES_STATES = enumItems('TransactionState', 'PayablesTransactionState', [
  'Work',
  'Open',
  'History',
]);

/**
 * GetPayablesDocumentList for invoices, returns and credit memos at once
 * (PayablesDocumentCriteria: the base members, then Type): one request per
 * window for the whole payables family.
 */
export function payablesDocumentListXml(window: ModifiedWindow, context: GpCallContext): string {
  return (
    `<GetPayablesDocumentList xmlns="${GP_NS}"><criteria>` +
    modifiedDateXml(window) +
    PAYABLES_STATES +
    enumItems('Type', 'PayablesDocumentType', ['Invoice', 'Return', 'Credit Memo']) +
    `</criteria>${contextXml(context)}</GetPayablesDocumentList>`
  );
}

/** Get<Invoice|Return|CreditMemo>List for one payables type (PayablesDocumentCriteriaBase). */
export function payablesTypeListXml(
  operation: 'GetPayablesInvoiceList' | 'GetPayablesReturnList' | 'GetPayablesCreditMemoList',
  window: ModifiedWindow,
  context: GpCallContext,
): string {
  return `<${operation} xmlns="${GP_NS}"><criteria>${modifiedDateXml(window)}${PAYABLES_STATES}</criteria>${contextXml(context)}</${operation}>`;
}

/** Get<Type>ByKey for a payables document: PayablesDocumentKey { Id = voucher }. */
export function payablesByKeyXml(operation: string, voucherNumber: string, context: GpCallContext): string {
  return `<${operation} xmlns="${GP_NS}"><key><Id>${escapeXml(voucherNumber)}</Id></key>${contextXml(context)}</${operation}>`;
}

/**
 * GetPurchaseOrderList: TransactionState (Work, History), ModifiedDate and
 * the required Scope, in PurchaseOrderCriteria order. "Return All": the
 * agent reads every vendor's POs.
 */
export function purchaseOrderListXml(window: ModifiedWindow, context: GpCallContext): string {
  return (
    `<GetPurchaseOrderList xmlns="${GP_NS}"><criteria>` +
    enumItems('TransactionState', 'PurchaseTransactionState', ['Work', 'History']) +
    modifiedDateXml(window) +
    '<Scope>Return All</Scope>' +
    `</criteria>${contextXml(context)}</GetPurchaseOrderList>`
  );
}

export function purchaseOrderByKeyXml(poNumber: string, context: GpCallContext): string {
  return `<GetPurchaseOrderByKey xmlns="${GP_NS}"><key><Id>${escapeXml(poNumber)}</Id></key>${contextXml(context)}</GetPurchaseOrderByKey>`;
}

/** GetGLTransactionList: ModifiedDate and the wanted TransactionStates, in GLTransactionCriteria order. */
export function glTransactionListXml(
  window: ModifiedWindow,
  states: readonly ('Work' | 'Open' | 'History')[],
  context: GpCallContext,
): string {
  return (
    `<GetGLTransactionList xmlns="${GP_NS}"><criteria>` +
    modifiedDateXml(window) +
    enumItems('TransactionState', 'GLTransactionState', states) +
    `</criteria>${contextXml(context)}</GetGLTransactionList>`
  );
}

/** GetGLTransactionByKey: GLTransactionKey { JournalId, Date } (the transaction date, GP datetime text). */
export function glTransactionByKeyXml(journalId: number, gpDate: string, context: GpCallContext): string {
  return `<GetGLTransactionByKey xmlns="${GP_NS}"><key><JournalId>${journalId}</JournalId><Date>${escapeXml(gpDate)}</Date></key>${contextXml(context)}</GetGLTransactionByKey>`;
}

/** GetVendorList: ModifiedDate and the required Scope, in VendorCriteria order. */
export function vendorListXml(window: ModifiedWindow, context: GpCallContext): string {
  return `<GetVendorList xmlns="${GP_NS}"><criteria>${modifiedDateXml(window)}<Scope>Return All</Scope></criteria>${contextXml(context)}</GetVendorList>`;
}

export function vendorByKeyXml(vendorId: string, context: GpCallContext): string {
  return `<GetVendorByKey xmlns="${GP_NS}"><key><Id>${escapeXml(vendorId)}</Id></key>${contextXml(context)}</GetVendorByKey>`;
}
