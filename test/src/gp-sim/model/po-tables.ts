import type { Numeric5 } from './sql-types';

/** POP10100.POSTATUS and POP10110.POLNESTA (gp-api.md §5.4). */
export const PoStatus = { new: 1, released: 2, changeOrder: 3, received: 4, closed: 5, canceled: 6 } as const;
export type PoStatus = (typeof PoStatus)[keyof typeof PoStatus];

/** POP10100.POTYPE. */
export const PoType = { standard: 1, dropShip: 2, blanket: 3, dropShipBlanket: 4 } as const;
export type PoType = (typeof PoType)[keyof typeof PoType];

/** POP10100.STATGRP. */
export const PoStatusGroup = { voided: 0, active: 1, closed: 2 } as const;
export type PoStatusGroup = (typeof PoStatusGroup)[keyof typeof PoStatusGroup];

/** Active POs live in POP10100/POP10110; "Remove Completed Purchase Orders" moves them to POP30100/POP30110. */
export const PoTable = { work: 'POP10100', history: 'POP30100' } as const;
export type PoTable = (typeof PoTable)[keyof typeof PoTable];

/**
 * Workflow_Status / Workflow_Approval_Status codes, in the order of the WS
 * `ApprovalWorkflowStatus` enum (gp-api.md §5.4 [I]).
 */
export const WorkflowStatus = {
  notSubmitted: 1,
  submitted: 2,
  noApprovalNeeded: 3,
  pendingApproval: 4,
  pendingChanges: 5,
  approved: 6,
  rejected: 7,
  workflowEnded: 8,
  notEnabled: 9,
  disabled: 10,
} as const;
export type WorkflowStatus = (typeof WorkflowStatus)[keyof typeof WorkflowStatus];

/** Column widths of the POP char(n) columns the simulator fills. */
export const PoCharWidth = {
  PONUMBER: 17,
  BUYERID: 15,
  ITEMNMBR: 31,
  ITEMDESC: 101,
  LOCNCODE: 11,
  UOFM: 9,
  USER2ENT: 15,
} as const;

/** One POP10110 (or POP30110) line. Quantities and costs are numeric(19,5). */
export interface PurchaseOrderLineRow {
  /** ORD: line sequence, in steps of 16384 as GP numbers them. */
  ord: number;
  /** POLNESTA. */
  status: PoStatus;
  itemNumber: string;
  itemDescription: string;
  locationCode: string;
  uofm: string;
  quantityOrdered: Numeric5;
  quantityCanceled: Numeric5;
  /** What receipts (POP10500) have taken in; kept on the line to derive the remaining subtotal. */
  quantityReceived: Numeric5;
  unitCost: Numeric5;
  /** EXTDCOST = QTYORDER × UNITCOST. */
  extendedCost: Numeric5;
  requestedDate: number;
  promisedDate: number;
  dexRowTs: number;
}

/**
 * One purchase order, header and lines, in whichever table pair holds it. A
 * PO is never in work and history at once: removal moves it (same PONUMBER,
 * a new DEX_ROW_ID and DEX_ROW_TS).
 */
export interface PurchaseOrderRow {
  table: PoTable;
  /** PONUMBER, char(17). */
  poNumber: string;
  status: PoStatus;
  statusGroup: PoStatusGroup;
  type: PoType;
  vendorId: string;
  /** VENDNAME is stored on the PO header (unlike payables, which join PM00200). */
  vendorName: string;
  buyerId: string;
  currencyId: string;
  paymentTermsId: string;
  exchangeRate: string;
  /** Date-only columns: DOCDATE, PRMDATE, REQDATE, LSTEDTDT, CREATDDT, ONHOLDDATE, HOLDREMOVEDATE. */
  documentDate: number;
  promisedDate: number;
  requestedDate: number;
  lastEditDate: number;
  createdDate: number;
  onHoldDate: number;
  holdRemoveDate: number;
  /** USER2ENT: who entered it. */
  createdBy: string;
  /** SUBTOTAL = Σ line EXTDCOST. */
  subtotal: Numeric5;
  /** REMSUBTO: cost of what is neither received nor canceled. */
  remainingSubtotal: Numeric5;
  canceledSubtotal: Numeric5;
  tradeDiscountAmount: Numeric5;
  freightAmount: Numeric5;
  miscAmount: Numeric5;
  taxAmount: Numeric5;
  hold: boolean;
  revisionNumber: number;
  changeOrderFlag: boolean;
  /** Workflow_Approval_Status of the "Purchase Order Approval" workflow. */
  workflowApprovalStatus: WorkflowStatus;
  lines: PurchaseOrderLineRow[];
  /** MODIFDT, date-only. */
  modifiedDate: number;
  /** DEX_ROW_TS of the header; every change to the PO (lines included) rewrites the header too. */
  dexRowTs: number;
  dexRowId: number;
}

/** TotalAmount as the PO window shows it. */
export function purchaseOrderTotal(row: PurchaseOrderRow): Numeric5 {
  return row.subtotal - row.tradeDiscountAmount + row.freightAmount + row.miscAmount + row.taxAmount;
}

/** Recomputes the header totals from the lines (SUBTOTAL, REMSUBTO, canceled subtotal). */
export function recomputePurchaseOrderTotals(row: PurchaseOrderRow): void {
  let subtotal = 0n;
  let remaining = 0n;
  let canceled = 0n;
  for (const line of row.lines) {
    line.extendedCost = (line.quantityOrdered * line.unitCost) / 100_000n;
    subtotal += line.extendedCost;
    const open = line.quantityOrdered - line.quantityCanceled - line.quantityReceived;
    remaining += ((open > 0n ? open : 0n) * line.unitCost) / 100_000n;
    canceled += (line.quantityCanceled * line.unitCost) / 100_000n;
  }
  row.subtotal = subtotal;
  row.remainingSubtotal = remaining;
  row.canceledSubtotal = canceled;
}

/** A deep copy: reads hand out copies, never live rows. */
export function copyPurchaseOrder(row: PurchaseOrderRow): PurchaseOrderRow {
  return { ...row, lines: row.lines.map((line) => ({ ...line })) };
}
