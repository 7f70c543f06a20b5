import { currencyById } from './currencies';
import {
  PoCharWidth,
  PoStatus,
  PoStatusGroup,
  PoTable,
  PoType,
  type PurchaseOrderLineRow,
  type PurchaseOrderRow,
  recomputePurchaseOrderTotals,
  WorkflowStatus,
} from './po-tables';
import { BUYERS, ITEMS } from './purchase-orders';
import { between, type Rng } from './rng';
import { addDays, padChar, roundNumeric5, roundToSqlDatetime, SQL_EMPTY_DATE, toDateOnly } from './sql-types';
import type { VendorRow } from './tables';

const DAY_MS = 86_400_000;
const PADDED_BUYERS = BUYERS.map((buyer) => padChar(buyer, PoCharWidth.BUYERID, 'BUYERID'));
const PADDED_ITEMS = ITEMS.map(([item, description]) => ({
  item: padChar(item, PoCharWidth.ITEMNMBR, 'ITEMNMBR'),
  description: padChar(description, PoCharWidth.ITEMDESC, 'ITEMDESC'),
}));
const LOCATION = padChar('WAREHOUSE', PoCharWidth.LOCNCODE, 'LOCNCODE');
const UOFM = padChar('Each', PoCharWidth.UOFM, 'UOFM');
const CREATED_BY = padChar('sa', PoCharWidth.USER2ENT, 'USER2ENT');

/**
 * Seeded purchase orders over `spanDays` before `untilMs`, numbered in entry
 * order: recent ones new or released, older ones received or closed, some
 * canceled, a few on hold or in a change order; completed ones older than
 * 60 days mostly removed to history. Linear in the count.
 */
export function generatePurchaseOrders(
  rng: Rng,
  options: { count: number; vendors: readonly VendorRow[]; untilMs: number; spanDays: number },
): PurchaseOrderRow[] {
  if (options.count > 0 && options.vendors.length === 0)
    throw new RangeError('purchase orders need at least one active vendor');
  const spanMs = options.spanDays * DAY_MS;
  const entered = Array.from(
    { length: options.count },
    () => options.untilMs - Math.floor(rng.next() * spanMs),
  );
  entered.sort((a, b) => a - b);
  return entered.map((enteredAt, index) => generatePurchaseOrder(rng, index + 1, enteredAt, options));
}

function generatePurchaseOrder(
  rng: Rng,
  number: number,
  enteredAt: number,
  options: { vendors: readonly VendorRow[]; untilMs: number },
): PurchaseOrderRow {
  const { untilMs } = options;
  const vendor = rng.pick(options.vendors);
  const ageDays = (untilMs - enteredAt) / DAY_MS;
  const roll = rng.next();
  const status: PoStatus =
    ageDays < 2
      ? roll < 0.6
        ? PoStatus.new
        : PoStatus.released
      : ageDays < 20
        ? roll < 0.05
          ? PoStatus.new
          : roll < 0.55
            ? PoStatus.released
            : roll < 0.6
              ? PoStatus.changeOrder
              : roll < 0.95
                ? PoStatus.received
                : PoStatus.canceled
        : roll < 0.05
          ? PoStatus.released
          : roll < 0.35
            ? PoStatus.received
            : roll < 0.9
              ? PoStatus.closed
              : PoStatus.canceled;
  const completed = status === PoStatus.closed || status === PoStatus.canceled;
  const removed = completed && ageDays > 60 && rng.chance(0.7);
  const active = status === PoStatus.new || status === PoStatus.released || status === PoStatus.changeOrder;
  const hold = active && rng.chance(0.03);
  const lastChange = status === PoStatus.new ? enteredAt : between(rng, enteredAt, 15 * DAY_MS, untilMs);
  const removedAt = between(rng, lastChange, 30 * DAY_MS, untilMs);
  const dexRowTs = roundToSqlDatetime(removed ? removedAt : lastChange);
  const documentDate = toDateOnly(enteredAt);
  const requestedDate = addDays(documentDate, rng.int(7, 30));
  const currency = currencyById(vendor.currencyId);
  const lineStatus = status === PoStatus.changeOrder ? PoStatus.released : status;
  const lines: PurchaseOrderLineRow[] = [];
  const lineCount = rng.int(1, 5);
  for (let at = 0; at < lineCount; at++) {
    const item = rng.pick(PADDED_ITEMS);
    const quantity = BigInt(rng.int(1, 40)) * 100_000n;
    const unitCost = roundNumeric5(
      BigInt(Math.round(5 * 500 ** rng.next() * 100_000)),
      currency.decimalDigits,
    );
    lines.push({
      ord: (at + 1) * 16_384,
      status: at === lineCount - 1 && status === PoStatus.changeOrder ? PoStatus.changeOrder : lineStatus,
      itemNumber: item.item,
      itemDescription: item.description,
      locationCode: LOCATION,
      uofm: UOFM,
      quantityOrdered: quantity,
      quantityCanceled: status === PoStatus.canceled ? quantity : 0n,
      quantityReceived: status === PoStatus.received || status === PoStatus.closed ? quantity : 0n,
      unitCost,
      extendedCost: 0n,
      requestedDate,
      promisedDate: requestedDate,
      dexRowTs,
    });
  }
  const row: PurchaseOrderRow = {
    table: removed ? PoTable.history : PoTable.work,
    poNumber: padChar(`PO${String(number).padStart(6, '0')}`, PoCharWidth.PONUMBER, 'PONUMBER'),
    status,
    statusGroup: completed ? PoStatusGroup.closed : PoStatusGroup.active,
    type:
      roll < 0.01
        ? PoType.dropShipBlanket
        : rng.chance(0.05)
          ? PoType.dropShip
          : rng.chance(0.04)
            ? PoType.blanket
            : PoType.standard,
    vendorId: vendor.vendorId,
    vendorName: vendor.name,
    buyerId: rng.pick(PADDED_BUYERS),
    currencyId: vendor.currencyId,
    paymentTermsId: vendor.paymentTermsId,
    exchangeRate: currency.exchangeRate,
    documentDate,
    promisedDate: requestedDate,
    requestedDate,
    lastEditDate: toDateOnly(lastChange),
    createdDate: documentDate,
    onHoldDate: hold ? toDateOnly(lastChange) : SQL_EMPTY_DATE,
    holdRemoveDate: SQL_EMPTY_DATE,
    createdBy: CREATED_BY,
    subtotal: 0n,
    remainingSubtotal: 0n,
    canceledSubtotal: 0n,
    tradeDiscountAmount: 0n,
    freightAmount: rng.chance(0.2)
      ? roundNumeric5(BigInt(rng.int(10, 300)) * 100_000n, currency.decimalDigits)
      : 0n,
    miscAmount: 0n,
    taxAmount: 0n,
    hold,
    revisionNumber: status === PoStatus.changeOrder ? 1 : 0,
    changeOrderFlag: status === PoStatus.changeOrder,
    workflowApprovalStatus:
      status === PoStatus.new || status === PoStatus.changeOrder
        ? WorkflowStatus.pendingApproval
        : WorkflowStatus.approved,
    lines,
    modifiedDate: toDateOnly(dexRowTs),
    dexRowTs,
    dexRowId: number,
  };
  recomputePurchaseOrderTotals(row);
  return row;
}
