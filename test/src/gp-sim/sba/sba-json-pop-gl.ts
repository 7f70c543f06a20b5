import { currencyById } from '../model/currencies';
import { type GlJournalRow, GlTable, journalTotals } from '../model/gl-tables';
import {
  PoStatus,
  PoStatusGroup,
  PoTable,
  PoType,
  type PurchaseOrderRow,
  purchaseOrderTotal,
  WorkflowStatus,
} from '../model/po-tables';
import { formatNumeric5 } from '../model/sql-types';
import { type JsonValue, RawNumber } from './json-text';
import { dateJson, type JsonRenderOptions, moneyJson } from './sba-json';

/**
 * JSON of purchase orders and GL journal entries on the simulated SBA surface.
 * [U] Shapes, names and spellings are guesses like the rest (sba-json.ts):
 * flat headers with their lines inline, enum values as the Web Services
 * names without blanks, the approval workflow status as GP names it.
 */

const PO_STATUS: Record<PoStatus, string> = {
  [PoStatus.new]: 'New',
  [PoStatus.released]: 'Released',
  [PoStatus.changeOrder]: 'ChangeOrder',
  [PoStatus.received]: 'Received',
  [PoStatus.closed]: 'Closed',
  [PoStatus.canceled]: 'Canceled',
};

const PO_TYPE: Record<PoType, string> = {
  [PoType.standard]: 'Standard',
  [PoType.dropShip]: 'DropShip',
  [PoType.blanket]: 'Blanket',
  [PoType.dropShipBlanket]: 'DropShipBlanket',
};

/** ApprovalWorkflowStatus names, as GP's windows show them. */
const WORKFLOW_STATUS: Record<WorkflowStatus, string> = {
  [WorkflowStatus.notSubmitted]: 'Not Submitted',
  [WorkflowStatus.submitted]: 'Submitted',
  [WorkflowStatus.noApprovalNeeded]: 'No Approval Needed',
  [WorkflowStatus.pendingApproval]: 'Pending Approval',
  [WorkflowStatus.pendingChanges]: 'Pending Changes',
  [WorkflowStatus.approved]: 'Approved',
  [WorkflowStatus.rejected]: 'Rejected',
  [WorkflowStatus.workflowEnded]: 'Workflow Ended',
  [WorkflowStatus.notEnabled]: 'Not Enabled',
  [WorkflowStatus.disabled]: 'Disabled',
};

const GL_STATE: Record<GlTable, string> = {
  [GlTable.work]: 'Work',
  [GlTable.open]: 'Open',
  [GlTable.history]: 'History',
};

function chars(value: string, options: JsonRenderOptions): string {
  return options.charPadding === 'padded' ? value : value.trimEnd();
}

/** A quantity at the column scale (numeric(19,5)), like money. */
function quantity(value: bigint): RawNumber {
  return new RawNumber(formatNumeric5(value, 5));
}

/** One purchase order (POP10100/POP10110 or POP30100/POP30110); key `(PONumber)`. */
export function purchaseOrderJson(
  row: PurchaseOrderRow,
  options: JsonRenderOptions,
): Record<string, JsonValue> {
  const currency = currencyById(row.currencyId);
  const date = (epochMs: number) => dateJson(epochMs, options.dateFormat);
  return {
    PONumber: chars(row.poNumber, options),
    Type: PO_TYPE[row.type],
    Status: PO_STATUS[row.status],
    StatusGroup:
      row.statusGroup === PoStatusGroup.active
        ? 'Active'
        : row.statusGroup === PoStatusGroup.closed
          ? 'Closed'
          : 'Voided',
    TransactionState: row.table === PoTable.work ? 'Work' : 'History',
    VendorId: chars(row.vendorId, options),
    VendorName: chars(row.vendorName, options),
    BuyerId: chars(row.buyerId, options),
    CurrencyId: chars(row.currencyId, options),
    CurrencyISOCode: currency.isoCode,
    CurrencyDecimalDigits: currency.decimalDigits,
    DocumentDate: date(row.documentDate),
    PromisedDate: date(row.promisedDate),
    RequestedDate: date(row.requestedDate),
    LastEditDate: date(row.lastEditDate),
    CreatedDate: date(row.createdDate),
    CreatedBy: chars(row.createdBy, options),
    Subtotal: moneyJson(row.subtotal),
    RemainingSubtotal: moneyJson(row.remainingSubtotal),
    CanceledSubtotal: moneyJson(row.canceledSubtotal),
    TradeDiscountAmount: moneyJson(row.tradeDiscountAmount),
    FreightAmount: moneyJson(row.freightAmount),
    MiscellaneousAmount: moneyJson(row.miscAmount),
    TaxAmount: moneyJson(row.taxAmount),
    TotalAmount: moneyJson(purchaseOrderTotal(row)),
    IsOnHold: row.hold,
    RevisionNumber: row.revisionNumber,
    WorkflowApprovalStatus: WORKFLOW_STATUS[row.workflowApprovalStatus],
    Lines: row.lines.map((line) => ({
      LineSequenceNumber: line.ord,
      ItemNumber: chars(line.itemNumber, options),
      ItemDescription: chars(line.itemDescription, options),
      LocationCode: chars(line.locationCode, options),
      UofM: chars(line.uofm, options),
      Status: PO_STATUS[line.status],
      QuantityOrdered: quantity(line.quantityOrdered),
      QuantityCanceled: quantity(line.quantityCanceled),
      UnitCost: moneyJson(line.unitCost),
      ExtendedCost: moneyJson(line.extendedCost),
      RequestedDate: date(line.requestedDate),
      PromisedDate: date(line.promisedDate),
    })),
    ModifiedDate: date(row.dexRowTs),
  };
}

/**
 * One GL journal entry (GL10000/GL10001, or its GL20000/GL30000 rows);
 * key `(JournalEntry;TransactionDate)` as Web Services' GLTransactionKey
 * {JournalId, Date}: JRNENTRY is unique within a fiscal year only.
 */
export function glJournalJson(row: GlJournalRow, options: JsonRenderOptions): Record<string, JsonValue> {
  const currency = currencyById(row.currencyId);
  const date = (epochMs: number) => dateJson(epochMs, options.dateFormat);
  const totals = journalTotals(row);
  return {
    JournalEntry: row.journalEntry,
    Year: row.year,
    TransactionDate: date(row.transactionDate),
    BatchSource: chars(row.batchSource, options),
    BatchId: chars(row.batchId, options),
    SourceDocument: chars(row.sourceDocument, options),
    Reference: chars(row.reference, options),
    CurrencyId: chars(row.currencyId, options),
    CurrencyISOCode: currency.isoCode,
    CurrencyDecimalDigits: currency.decimalDigits,
    TransactionState: GL_STATE[row.table],
    IsVoided: row.voided,
    DebitTotal: moneyJson(totals.debit),
    CreditTotal: moneyJson(totals.credit),
    Lines: row.lines.map((line) => ({
      SequenceNumber: line.sequence,
      AccountNumber: chars(line.accountNumber, options),
      Description: chars(line.description, options),
      DebitAmount: moneyJson(line.debit),
      CreditAmount: moneyJson(line.credit),
    })),
    LastUser: chars(row.lastUser, options),
    PostedBy: chars(row.postedBy, options),
    ModifiedDate: date(row.dexRowTs),
  };
}
