import { DocType, type PurchaseOrderRecord, type PurchaseOrderStatus } from '@gprelay/shared';
import type { ChangedDocumentOf } from '../gp-source';
import { purchaseOrderStateOf, shownApproval } from '../soap/purchase-order-mapper';
import { type JsonObject, JsonRecord, type ListedItem } from './json-record';
import { GpValueError, sbaBoolean, sbaDate, sbaInstant } from './sba-values';

/** JSON member names of a purchase order; defaults are the simulator's convention [U]. */
export const PURCHASE_ORDER_FIELDS = {
  poNumber: 'PONumber',
  type: 'Type',
  status: 'Status',
  vendorId: 'VendorId',
  vendorName: 'VendorName',
  buyerId: 'BuyerId',
  /** The lines (counted); absent → `lineCount` must be there. */
  lines: 'Lines',
  lineCount: 'LineCount',
  total: 'TotalAmount',
  /** Absent → null. */
  remainingSubtotal: 'RemainingSubtotal',
  currency: 'CurrencyISOCode',
  decimalDigits: 'CurrencyDecimalDigits',
  documentDate: 'DocumentDate',
  promisedDate: 'PromisedDate',
  requestedDate: 'RequestedDate',
  /** Absent → null ("cannot tell"). */
  onHold: 'IsOnHold',
  /** Approval workflow status, GP's name or code (1-10); absent → null. */
  approval: 'WorkflowApprovalStatus',
  transactionState: 'TransactionState',
  modifiedDate: 'ModifiedDate',
} as const;
export type PurchaseOrderFields = { -readonly [K in keyof typeof PURCHASE_ORDER_FIELDS]: string };

/** Spellings are compared without blanks, dashes or case; numbers are GP's codes (gp-api.md §5.4). */
const normal = (text: string) => text.replace(/[\s_-]/g, '').toLowerCase();

const STATUSES: Record<string, PurchaseOrderStatus> = {
  new: 'new',
  '1': 'new',
  released: 'released',
  '2': 'released',
  changeorder: 'change-order',
  '3': 'change-order',
  received: 'received',
  '4': 'received',
  closed: 'closed',
  '5': 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
  '6': 'canceled',
};

const TYPES: Record<string, PurchaseOrderRecord['type']> = {
  standard: 'standard',
  '1': 'standard',
  dropship: 'drop-ship',
  '2': 'drop-ship',
  blanket: 'blanket',
  '3': 'blanket',
  dropshipblanket: 'drop-ship-blanket',
  '4': 'drop-ship-blanket',
};

/** ApprovalWorkflowStatus as GP names it, by normalised name and by code (as the SOAP adapter reports it). */
const WORKFLOW_NAMES = [
  'Not Submitted',
  'Submitted',
  'No Approval Needed',
  'Pending Approval',
  'Pending Changes',
  'Approved',
  'Rejected',
  'Workflow Ended',
  'Not Enabled',
  'Disabled',
];
const APPROVAL = new Map<string, string>(
  WORKFLOW_NAMES.flatMap((name, index): [string, string][] => [
    [normal(name), name],
    [String(index + 1), name],
  ]),
);

export function purchaseOrderListed(item: JsonObject, fields: PurchaseOrderFields): ListedItem {
  const reader = new JsonRecord(item, 'SBA purchase order');
  const key = reader.required(fields.poNumber);
  reader.context = `SBA purchase order ${key}`;
  return { key, modifiedAt: reader.convert(fields.modifiedDate, sbaInstant), relayed: true };
}

/** One purchase order of an SBA answer as the change the poller relays; a hold wins over the status. */
export function readPurchaseOrderJson(
  item: JsonObject,
  fields: PurchaseOrderFields,
  companyName: string,
): ChangedDocumentOf<typeof DocType.purchaseOrder> {
  const reader = new JsonRecord(item, 'SBA purchase order');
  const poNumber = reader.required(fields.poNumber);
  reader.context = `SBA purchase order ${poNumber}`;
  const status = reader.convert(fields.status, (text) => lookup(STATUSES, text, 'a PO status'));
  const money = (path: string) => reader.money(path, fields.currency, fields.decimalDigits);
  const record: PurchaseOrderRecord = {
    poNumber,
    type: reader.convert(fields.type, (text) => lookup(TYPES, text, 'a PO type')),
    status,
    vendorId: reader.required(fields.vendorId),
    vendorName: reader.text(fields.vendorName) ?? '',
    buyerId: reader.text(fields.buyerId) ?? null,
    lineCount: lineCountOf(reader, fields),
    total: money(fields.total),
    remainingSubtotal:
      reader.value(fields.remainingSubtotal) === undefined ? null : money(fields.remainingSubtotal),
    documentDate: reader.convertOptional(fields.documentDate, sbaDate),
    promisedDate: reader.convertOptional(fields.promisedDate, sbaDate),
    requestedDate: reader.convertOptional(fields.requestedDate, sbaDate),
    onHold: reader.boolean(fields.onHold, sbaBoolean),
    approval: shownApproval(reader.convertOptional(fields.approval, approvalOf)),
    transactionState: reader.convert(fields.transactionState, (text) =>
      lookup({ work: 'work', history: 'history' } as const, text, 'Work or History'),
    ),
    companyName,
  };
  return {
    docType: DocType.purchaseOrder,
    key: poNumber,
    modifiedAt: reader.convert(fields.modifiedDate, sbaInstant),
    state: purchaseOrderStateOf(record),
    record,
  };
}

function lineCountOf(reader: JsonRecord, fields: PurchaseOrderFields): number {
  const count = reader.text(fields.lineCount);
  if (count !== undefined) {
    if (!/^\d{1,6}$/.test(count)) throw reader.error(fields.lineCount, `'${count}' is not a line count`);
    return Number(count);
  }
  const lines = reader.value(fields.lines);
  if (lines === undefined) return 0;
  if (!Array.isArray(lines)) throw reader.error(fields.lines, 'is not a list');
  return lines.length;
}

function approvalOf(text: string): string {
  const value = APPROVAL.get(normal(text));
  if (value === undefined) throw new GpValueError(`'${text}' is not an approval workflow status`);
  return value;
}

function lookup<T>(table: Readonly<Record<string, T>>, text: string, what: string): T {
  const value = table[normal(text)];
  if (value === undefined) throw new GpValueError(`'${text}' is not ${what}`);
  return value;
}
