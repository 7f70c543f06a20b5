import {
  DocState,
  type PurchaseOrderDelta,
  type PurchaseOrderRecord,
  PurchaseOrderStatus,
  PurchaseOrderType,
} from '@gprelay/shared';
import { enumOf, FieldReader } from './field-reader';
import { GP_NS } from './gp-namespaces';
import { gpDateOnly, gpDateTimeToIso } from './gp-values';
import { fromUnits, toUnits } from './money-units';
import { child, isNil, type XmlNode } from './xml-reader';

/** What the list tells about one changed PO. */
export interface PurchaseOrderSummary {
  readonly poNumber: string;
  readonly modifiedAt: string;
}

const statusOf = enumOf<PurchaseOrderRecord['status']>(
  {
    New: PurchaseOrderStatus.new,
    Released: PurchaseOrderStatus.released,
    'Change Order': PurchaseOrderStatus.changeOrder,
    Received: PurchaseOrderStatus.received,
    Closed: PurchaseOrderStatus.closed,
    Canceled: PurchaseOrderStatus.canceled,
  },
  'purchase order status',
);
const typeOf = enumOf<PurchaseOrderRecord['type']>(
  {
    Standard: PurchaseOrderType.standard,
    'Drop Ship': PurchaseOrderType.dropShip,
    Blanket: PurchaseOrderType.blanket,
    'Drop Ship Blanket': PurchaseOrderType.dropShipBlanket,
  },
  'purchase order type',
);
const transactionStateOf = enumOf<PurchaseOrderRecord['transactionState']>(
  { Work: 'work', History: 'history' },
  'purchase transaction state (Work, History)',
);

/** GP "Released" is what finance calls approved; a hold wins over the status. */
const STATE_OF_STATUS: Record<PurchaseOrderRecord['status'], PurchaseOrderDelta['state']> = {
  new: DocState.new,
  released: DocState.approved,
  'change-order': DocState.changeOrder,
  received: DocState.received,
  closed: DocState.closed,
  canceled: DocState.canceled,
};

export function purchaseOrderStateOf(record: PurchaseOrderRecord): PurchaseOrderDelta['state'] {
  return record.onHold === true ? DocState.onHold : STATE_OF_STATUS[record.status];
}

/** Workflow statuses that mean the PO has no approval workflow: the message shows none. */
const NO_WORKFLOW = new Set(['Not Enabled', 'Disabled']);

/** The approval status a message shows: GP's text, or null when the PO is not under approval workflow. */
export function shownApproval(status: string | null | undefined): string | null {
  return status && !NO_WORKFLOW.has(status) ? status : null;
}

export function readPurchaseOrderSummary(summary: XmlNode): PurchaseOrderSummary {
  const reader = new FieldReader(summary, 'PurchaseOrderSummary');
  const poNumber = reader.required(['Key', 'Id']);
  reader.context = `PurchaseOrderSummary ${poNumber}`;
  return { poNumber, modifiedAt: reader.convert(['ModifiedDate'], gpDateTimeToIso) };
}

const MAX_LENGTH = { poNumber: 17, vendorId: 15, vendorName: 65, buyerId: 15, approval: 40, companyName: 65 };

/**
 * Reads GetPurchaseOrderByKeyResponse into the record: header, status, hold,
 * the approval workflow's status ("Approved", "Pending Approval"; null when
 * the PO carries no approval workflow), the line count and TotalAmount (what
 * the vendor will bill: subtotal less trade discount plus freight,
 * miscellaneous and tax; computed from those when GP leaves it out).
 */
export function readPurchaseOrder(response: XmlNode, companyName: string): PurchaseOrderRecord | null {
  const order = child(response, GP_NS, 'GetPurchaseOrderByKeyResult');
  if (order === undefined || isNil(order)) return null;
  const reader = new FieldReader(order, 'PurchaseOrder');
  const poNumber = reader.required(['Key', 'Id']);
  reader.context = `PurchaseOrder ${poNumber}`;
  const isoCode = reader.optional(['CurrencyKey', 'ISOCode']) ?? '';
  const approval = reader
    .items(['Workflows'], 'Workflow')
    .map((workflow) => new FieldReader(workflow, reader.context).optional(['Status']))
    .find((status) => status !== undefined && status !== '');
  const record: PurchaseOrderRecord = {
    poNumber,
    type: reader.convert(['Type'], typeOf),
    status: reader.convert(['Status'], statusOf),
    vendorId: reader.required(['VendorKey', 'Id']),
    vendorName: reader.optional(['VendorName']) ?? '',
    buyerId: reader.text(['BuyerKey', 'Id']),
    lineCount: reader.items(['Lines'], 'PurchaseOrderLine').length,
    total: reader.moneyOptional(['TotalAmount'], isoCode) ?? totalOf(reader, isoCode),
    remainingSubtotal: reader.moneyOptional(['RemainingSubtotal'], isoCode),
    documentDate: reader.convertOptional(['Date'], gpDateOnly),
    promisedDate: reader.convertOptional(['PromisedDate'], gpDateOnly),
    requestedDate: reader.convertOptional(['RequestedDate'], gpDateOnly),
    onHold: reader.boolean(['IsOnHold']),
    approval: shownApproval(approval),
    transactionState: reader.convert(['TransactionState'], transactionStateOf),
    companyName,
  };
  reader.checkLengths(record, MAX_LENGTH);
  return record;
}

/** Subtotal − trade discount + freight + miscellaneous + tax, in exact decimal arithmetic. */
function totalOf(reader: FieldReader, isoCode: string): PurchaseOrderRecord['total'] {
  const subtotal = reader.money(['Subtotal'], isoCode);
  let total = toUnits(subtotal.value);
  const add = (name: string, sign: bigint) => {
    const amount = reader.moneyOptional([name], isoCode);
    if (amount) total += sign * toUnits(amount.value);
  };
  add('TradeDiscountAmount', -1n);
  add('FreightAmount', 1n);
  add('MiscellaneousAmount', 1n);
  add('TaxAmount', 1n);
  return { ...subtotal, value: fromUnits(total, subtotal.decimalDigits) };
}
