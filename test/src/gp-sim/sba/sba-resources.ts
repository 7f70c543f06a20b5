import { DocType } from '@gprelay/shared';
import type { CompanyDatabase } from '../model/company-database';
import type { GlJournalRow } from '../model/gl-tables';
import type { PurchaseOrderRow } from '../model/po-tables';
import type { PayablesDocumentRow, PmDocType, VendorRow } from '../model/tables';
import type { JsonValue } from './json-text';
import { type JsonRenderOptions, PAYABLES_DOCUMENT_TYPE, payablesJson, vendorJson } from './sba-json';
import { glJournalJson, purchaseOrderJson } from './sba-json-pop-gl';
import type { ListPosition } from './sba-list-query';

/**
 * One business object collection of the SBA surface, over one company's
 * tables: how to read rows in ModifiedDate order, a row's list position
 * (ModifiedDate, key parts), a row by key, and its JSON.
 */
export interface SbaResource<R = unknown> {
  readonly docType: DocType;
  /** Key part names, in URL order, for the help page: `(VoucherNumber;DocumentType)`. */
  readonly keyNames: readonly string[];
  /** Rows with ModifiedDate ≥ fromMs, in ModifiedDate order (ties in any order). Live rows: read only. */
  rowsSince(company: CompanyDatabase, fromMs: number): Iterable<R>;
  positionOf(row: R): ListPosition;
  byKey(company: CompanyDatabase, key: readonly string[]): R | undefined;
  json(row: R, options: JsonRenderOptions): Record<string, JsonValue>;
}

const ALL_LATER = Number.POSITIVE_INFINITY;
const TYPE_BY_NAME = new Map(
  Object.entries(PAYABLES_DOCUMENT_TYPE).map(([code, name]) => [
    name.toLowerCase(),
    Number(code) as PmDocType,
  ]),
);

const payables: SbaResource<PayablesDocumentRow> = {
  docType: DocType.payablesInvoice,
  keyNames: ['VoucherNumber', 'DocumentType'],
  rowsSince: (company, fromMs) => company.documentsModifiedBetween(fromMs, ALL_LATER),
  // PM20000's key order (VCHRNMBR, DOCTYPE).
  positionOf: (row) => ({
    ts: row.dexRowTs,
    key: [row.voucherNumber.trimEnd(), PAYABLES_DOCUMENT_TYPE[row.docType]],
  }),
  byKey(company, [voucher, type, ...rest]) {
    if (voucher === undefined || rest.length > 0) return undefined;
    // [U] The type part may be left out: `Transactions(00000000000000042)` is the invoice, else the one document.
    if (type === undefined) return company.document(voucher);
    const docType = TYPE_BY_NAME.get(type.replaceAll(' ', '').toLowerCase());
    return docType === undefined ? undefined : company.documentOfType(voucher, docType);
  },
  json: payablesJson,
};

const vendors: SbaResource<VendorRow> = {
  docType: DocType.vendor,
  keyNames: ['VendorId'],
  rowsSince: (company, fromMs) => company.vendorsModifiedBetween(fromMs, ALL_LATER),
  positionOf: (row) => ({ ts: row.dexRowTs, key: [row.vendorId.trimEnd()] }),
  byKey: (company, key) => (key.length === 1 ? company.vendor(key[0]!) : undefined),
  json: vendorJson,
};

const purchaseOrders: SbaResource<PurchaseOrderRow> = {
  docType: DocType.purchaseOrder,
  keyNames: ['PONumber'],
  rowsSince: (company, fromMs) => company.purchaseOrders.modifiedBetween(fromMs, ALL_LATER),
  positionOf: (row) => ({ ts: row.dexRowTs, key: [row.poNumber.trimEnd()] }),
  byKey: (company, key) => (key.length === 1 ? company.purchaseOrders.get(key[0]!) : undefined),
  json: purchaseOrderJson,
};

const journals: SbaResource<GlJournalRow> = {
  docType: DocType.glJournal,
  keyNames: ['JournalEntry', 'TransactionDate'],
  rowsSince: (company, fromMs) => company.ledger.modifiedBetween(fromMs, ALL_LATER),
  // Numbers order as numbers: pad them for the token's string comparison.
  positionOf: (row) => ({
    ts: row.dexRowTs,
    key: [String(row.year).padStart(4, '0'), String(row.journalEntry).padStart(10, '0')],
  }),
  byKey(company, [entry, date, ...rest]) {
    if (entry === undefined || !/^\d{1,10}$/.test(entry) || rest.length > 0) return undefined;
    // [U] Without the date: the unposted or open-year entry with that number.
    if (date === undefined) return company.ledger.current(Number(entry));
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    return day ? company.ledger.find(Number(entry), Date.UTC(+day[1]!, +day[2]! - 1, +day[3]!)) : undefined;
  },
  json: glJournalJson,
};

/** The collections the simulator serves, by document family. */
export const SBA_RESOURCES: Partial<Record<DocType, SbaResource>> = {
  [DocType.payablesInvoice]: payables as SbaResource,
  [DocType.purchaseOrder]: purchaseOrders as SbaResource,
  [DocType.glJournal]: journals as SbaResource,
  [DocType.vendor]: vendors as SbaResource,
};
