import type { Clock } from '@gprelay/shared';
import { currencyById } from './currencies';
import { GpSimError } from './gp-sim-error';
import { parseSimDate, type SimDate } from './invoice-input';
import { ModifiedIndex } from './modified-index';
import {
  copyPurchaseOrder,
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
import type { Rng } from './rng';
import {
  addDays,
  padChar,
  parseNumeric5,
  roundToSqlDatetime,
  SQL_EMPTY_DATE,
  sqlKey,
  toDateOnly,
} from './sql-types';
import { type VendorRow, VendorStatus } from './tables';

/** One line of a new PO or a change order; decimal strings like '12' or '3.5'. */
export interface PurchaseOrderLineInput {
  itemNumber?: string;
  itemDescription?: string;
  quantity?: string;
  unitCost?: string;
}

export interface NewPurchaseOrder {
  vendorId?: string;
  poNumber?: string;
  type?: PoType;
  buyerId?: string;
  documentDate?: SimDate;
  requestedDate?: SimDate;
  promisedDate?: SimDate;
  freightAmount?: string;
  lines?: PurchaseOrderLineInput[];
}

/** A change order: new quantities or costs for existing lines (by position), lines added. */
export interface PurchaseOrderChanges {
  lines?: { index: number; quantity?: string; unitCost?: string }[];
  addLines?: PurchaseOrderLineInput[];
  promisedDate?: SimDate;
}

const ORD_STEP = 16_384;
const SIM_USER = 'sa';
export const ITEMS = [
  ['100XLG', 'Green Phone'],
  ['128 SDRAM', '128 meg SDRAM'],
  ['ACCS-CRD-12WH', 'Phone Cord - 12 White'],
  ['FAXX-SLK-2100', 'SlimLine Fax'],
  ['HDWR-SRG-0001', 'Surge protector'],
  ['PAPER-A4', 'Paper, A4, 500 sheets'],
  ['SVC-INSTALL', 'Installation service'],
] as const;
export const BUYERS = ['JENNIFER', 'MARK', 'SAM', ''] as const;

/**
 * Purchase Order Processing: POP10100/POP10110 for active POs, POP30100/
 * POP30110 for removed (completed) ones, with the approval workflow and the
 * status rules GP enforces. Every change stamps the header's DEX_ROW_TS.
 */
export class PurchaseOrderBook {
  private readonly rows = new Map<string, PurchaseOrderRow>();
  private readonly index = new ModifiedIndex();
  private nextNumber = 1;
  private nextRowId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly vendors: {
      peek(vendorId: string): VendorRow | undefined;
      randomActive(notOnHold?: boolean): VendorRow;
    },
  ) {}

  load(rows: readonly PurchaseOrderRow[]): void {
    for (const row of rows) this.rows.set(sqlKey(row.poNumber), row);
    this.index.load(rows.map((row) => ({ key: sqlKey(row.poNumber), ts: row.dexRowTs })));
    for (const row of rows) {
      const number = Number(/(\d+)\s*$/.exec(row.poNumber)?.[1] ?? 0);
      this.nextNumber = Math.max(this.nextNumber, number + 1);
      this.nextRowId = Math.max(this.nextRowId, row.dexRowId + 1);
    }
  }

  get count(): number {
    return this.rows.size;
  }

  get(poNumber: string): PurchaseOrderRow | undefined {
    const row = this.rows.get(sqlKey(poNumber));
    return row && copyPurchaseOrder(row);
  }

  /** Every PO, live rows: do not mutate. */
  all(): IterableIterator<PurchaseOrderRow> {
    return this.rows.values();
  }

  /** POs with fromMs ≤ DEX_ROW_TS ≤ toMs through the index; live rows. */
  *modifiedBetween(fromMs: number, toMs: number): Generator<PurchaseOrderRow> {
    for (const key of this.index.range(fromMs, toMs)) yield this.rows.get(key)!;
  }

  /** Purchase Order Entry, Save: a New PO submitted to the approval workflow. */
  add(input: NewPurchaseOrder = {}): PurchaseOrderRow {
    const vendor =
      input.vendorId === undefined ? this.vendors.randomActive(true) : this.vendors.peek(input.vendorId);
    if (vendor === undefined) throw new GpSimError(`vendor '${input.vendorId}' does not exist`);
    if (vendor.status === VendorStatus.inactive)
      throw new GpSimError(`vendor '${vendor.vendorId.trimEnd()}' is inactive`);
    if (vendor.hold) throw new GpSimError(`vendor '${vendor.vendorId.trimEnd()}' is on hold`);
    const poNumber = input.poNumber ?? `PO${String(this.nextNumber++).padStart(6, '0')}`;
    if (this.rows.has(sqlKey(poNumber))) throw new GpSimError(`PO ${poNumber} already exists`);
    const today = toDateOnly(this.clock.now());
    const documentDate =
      input.documentDate === undefined ? today : parseSimDate(input.documentDate, 'documentDate');
    const requestedDate =
      input.requestedDate === undefined
        ? addDays(documentDate, 14)
        : parseSimDate(input.requestedDate, 'requestedDate');
    const promisedDate =
      input.promisedDate === undefined ? requestedDate : parseSimDate(input.promisedDate, 'promisedDate');
    const lineInputs = input.lines ?? Array.from({ length: this.rng.int(1, 4) }, () => ({}));
    if (lineInputs.length === 0) throw new GpSimError('a purchase order needs at least one line');
    const row: PurchaseOrderRow = {
      table: PoTable.work,
      poNumber: padChar(poNumber, PoCharWidth.PONUMBER, 'PONUMBER'),
      status: PoStatus.new,
      statusGroup: PoStatusGroup.active,
      type: input.type ?? PoType.standard,
      vendorId: vendor.vendorId,
      vendorName: vendor.name,
      buyerId: padChar(input.buyerId ?? this.rng.pick(BUYERS), PoCharWidth.BUYERID, 'BUYERID'),
      currencyId: vendor.currencyId,
      paymentTermsId: vendor.paymentTermsId,
      exchangeRate: currencyById(vendor.currencyId).exchangeRate,
      documentDate,
      promisedDate,
      requestedDate,
      lastEditDate: today,
      createdDate: today,
      onHoldDate: SQL_EMPTY_DATE,
      holdRemoveDate: SQL_EMPTY_DATE,
      createdBy: padChar(SIM_USER, PoCharWidth.USER2ENT, 'USER2ENT'),
      subtotal: 0n,
      remainingSubtotal: 0n,
      canceledSubtotal: 0n,
      tradeDiscountAmount: 0n,
      freightAmount: input.freightAmount === undefined ? 0n : parseNumeric5(input.freightAmount),
      miscAmount: 0n,
      taxAmount: 0n,
      hold: false,
      revisionNumber: 0,
      changeOrderFlag: false,
      workflowApprovalStatus: WorkflowStatus.pendingApproval,
      lines: [],
      modifiedDate: today,
      dexRowTs: 0,
      dexRowId: this.nextRowId++,
    };
    for (const line of lineInputs) row.lines.push(this.newLine(row, line));
    recomputePurchaseOrderTotals(row);
    this.rows.set(sqlKey(row.poNumber), row);
    return this.stamp(row);
  }

  /** The approver approves: workflow Approved, and GP releases the PO (status Released). */
  approve(poNumber: string): PurchaseOrderRow {
    const row = this.active(poNumber);
    if (row.status !== PoStatus.new && row.status !== PoStatus.changeOrder)
      throw new GpSimError(
        `PO ${row.poNumber.trimEnd()} is ${statusName(row.status)}; only new or changed POs are approved`,
      );
    if (row.hold) throw new GpSimError(`PO ${row.poNumber.trimEnd()} is on hold`);
    row.workflowApprovalStatus = WorkflowStatus.approved;
    row.status = PoStatus.released;
    for (const line of row.lines)
      if (line.status === PoStatus.new || line.status === PoStatus.changeOrder)
        line.status = PoStatus.released;
    return this.touch(row, row.lines);
  }

  /**
   * Edits a PO. A released PO becomes a Change Order (revision + 1) and goes
   * back to the approver; a new one stays New.
   */
  changeOrder(poNumber: string, changes: PurchaseOrderChanges): PurchaseOrderRow {
    const row = this.active(poNumber);
    const editable: readonly PoStatus[] = [PoStatus.new, PoStatus.released, PoStatus.changeOrder];
    if (!editable.includes(row.status))
      throw new GpSimError(`PO ${row.poNumber.trimEnd()} is ${statusName(row.status)} and cannot be changed`);
    const touched: PurchaseOrderLineRow[] = [];
    for (const change of changes.lines ?? []) {
      const line = row.lines[change.index];
      if (line === undefined)
        throw new GpSimError(`PO ${row.poNumber.trimEnd()} has no line ${change.index}`);
      if (change.quantity !== undefined) line.quantityOrdered = positive(change.quantity, 'quantity');
      if (change.unitCost !== undefined) line.unitCost = parseNumeric5(change.unitCost);
      touched.push(line);
    }
    for (const input of changes.addLines ?? []) {
      const line = this.newLine(row, input);
      row.lines.push(line);
      touched.push(line);
    }
    if (changes.promisedDate !== undefined)
      row.promisedDate = parseSimDate(changes.promisedDate, 'promisedDate');
    if (row.status !== PoStatus.new) {
      row.status = PoStatus.changeOrder;
      row.revisionNumber += 1;
      row.changeOrderFlag = true;
      row.workflowApprovalStatus = WorkflowStatus.pendingApproval;
      for (const line of touched) line.status = PoStatus.changeOrder;
    }
    recomputePurchaseOrderTotals(row);
    return this.touch(row, touched);
  }

  /** Receivings Transaction Entry for everything still open: status Received. */
  receive(poNumber: string): PurchaseOrderRow {
    const row = this.active(poNumber);
    if (row.status !== PoStatus.released)
      throw new GpSimError(
        `PO ${row.poNumber.trimEnd()} is ${statusName(row.status)}; only released POs are received`,
      );
    if (row.hold) throw new GpSimError(`PO ${row.poNumber.trimEnd()} is on hold and cannot be received`);
    for (const line of row.lines) {
      line.quantityReceived = line.quantityOrdered - line.quantityCanceled;
      line.status = PoStatus.received;
    }
    row.status = PoStatus.received;
    recomputePurchaseOrderTotals(row);
    return this.touch(row, row.lines);
  }

  /** Edit Purchase Order Status, Closed. */
  close(poNumber: string): PurchaseOrderRow {
    const row = this.active(poNumber);
    const closable: readonly PoStatus[] = [PoStatus.released, PoStatus.changeOrder, PoStatus.received];
    if (!closable.includes(row.status))
      throw new GpSimError(`PO ${row.poNumber.trimEnd()} is ${statusName(row.status)} and cannot be closed`);
    row.status = PoStatus.closed;
    row.statusGroup = PoStatusGroup.closed;
    for (const line of row.lines) line.status = PoStatus.closed;
    return this.touch(row, row.lines);
  }

  /** Edit Purchase Order Status, Canceled: only when nothing was received. */
  cancel(poNumber: string): PurchaseOrderRow {
    const row = this.active(poNumber);
    const cancelable: readonly PoStatus[] = [PoStatus.new, PoStatus.released, PoStatus.changeOrder];
    if (!cancelable.includes(row.status) || row.lines.some((line) => line.quantityReceived > 0n))
      throw new GpSimError(
        `PO ${row.poNumber.trimEnd()} is ${statusName(row.status)} and cannot be canceled`,
      );
    for (const line of row.lines) {
      line.quantityCanceled = line.quantityOrdered;
      line.status = PoStatus.canceled;
    }
    row.status = PoStatus.canceled;
    row.statusGroup = PoStatusGroup.closed;
    recomputePurchaseOrderTotals(row);
    return this.touch(row, row.lines);
  }

  /** Puts a PO on hold (or takes it off): HOLD, ONHOLDDATE / HOLDREMOVEDATE. */
  hold(poNumber: string, hold = true): PurchaseOrderRow {
    const row = this.active(poNumber);
    if (row.status === PoStatus.closed || row.status === PoStatus.canceled)
      throw new GpSimError(`PO ${row.poNumber.trimEnd()} is ${statusName(row.status)}`);
    row.hold = hold;
    const today = toDateOnly(this.clock.now());
    if (hold) row.onHoldDate = today;
    else row.holdRemoveDate = today;
    return this.touch(row, []);
  }

  /**
   * Remove Completed Purchase Orders: closed and canceled POs move from
   * POP10100/10110 to POP30100/30110 (one document, new DEX_ROW_TS). Returns
   * the PO numbers moved.
   */
  removeCompleted(): string[] {
    const moved: string[] = [];
    for (const row of this.rows.values()) {
      if (row.table !== PoTable.work) continue;
      if (row.status !== PoStatus.closed && row.status !== PoStatus.canceled) continue;
      row.table = PoTable.history;
      row.dexRowId = this.nextRowId++;
      this.touch(row, row.lines);
      moved.push(row.poNumber.trimEnd());
    }
    return moved;
  }

  private newLine(row: PurchaseOrderRow, input: PurchaseOrderLineInput): PurchaseOrderLineRow {
    const [item, description] = this.rng.pick(ITEMS);
    const decimals = currencyById(row.currencyId).decimalDigits;
    const cost = input.unitCost ?? (this.rng.int(500, 250_000) / 100).toFixed(decimals);
    const last = row.lines.at(-1);
    return {
      ord: (last?.ord ?? 0) + ORD_STEP,
      status: row.status === PoStatus.new ? PoStatus.new : PoStatus.changeOrder,
      itemNumber: padChar(input.itemNumber ?? item, PoCharWidth.ITEMNMBR, 'ITEMNMBR'),
      itemDescription: padChar(input.itemDescription ?? description, PoCharWidth.ITEMDESC, 'ITEMDESC'),
      locationCode: padChar('WAREHOUSE', PoCharWidth.LOCNCODE, 'LOCNCODE'),
      uofm: padChar('Each', PoCharWidth.UOFM, 'UOFM'),
      quantityOrdered: positive(input.quantity ?? String(this.rng.int(1, 40)), 'quantity'),
      quantityCanceled: 0n,
      quantityReceived: 0n,
      unitCost: parseNumeric5(cost),
      extendedCost: 0n,
      requestedDate: row.requestedDate,
      promisedDate: row.promisedDate,
      dexRowTs: 0,
    };
  }

  private active(poNumber: string): PurchaseOrderRow {
    const row = this.rows.get(sqlKey(poNumber));
    if (row === undefined) throw new GpSimError(`PO '${poNumber}' does not exist`);
    if (row.table !== PoTable.work) throw new GpSimError(`PO ${row.poNumber.trimEnd()} is in history`);
    return row;
  }

  /** A change through the PO windows: LSTEDTDT, MODIFDT, and DEX_ROW_TS on the header and the lines written. */
  private touch(row: PurchaseOrderRow, lines: readonly PurchaseOrderLineRow[]): PurchaseOrderRow {
    row.lastEditDate = toDateOnly(this.clock.now());
    const stamped = this.stamp(row);
    for (const line of lines) line.dexRowTs = row.dexRowTs;
    return { ...stamped, lines: row.lines.map((line) => ({ ...line })) };
  }

  private stamp(row: PurchaseOrderRow): PurchaseOrderRow {
    const now = this.clock.now();
    row.dexRowTs = roundToSqlDatetime(now);
    row.modifiedDate = toDateOnly(now);
    for (const line of row.lines) if (line.dexRowTs === 0) line.dexRowTs = row.dexRowTs;
    this.index.upsert(sqlKey(row.poNumber), row.dexRowTs);
    return copyPurchaseOrder(row);
  }
}

function positive(text: string, field: string): bigint {
  const value = parseNumeric5(text);
  if (value <= 0n) throw new GpSimError(`${field} must be greater than zero`);
  return value;
}

const STATUS_NAMES: Record<PoStatus, string> = {
  1: 'new',
  2: 'released',
  3: 'a change order',
  4: 'received',
  5: 'closed',
  6: 'canceled',
};

function statusName(status: PoStatus): string {
  return STATUS_NAMES[status];
}
