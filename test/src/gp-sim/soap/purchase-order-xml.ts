import { FUNCTIONAL_CURRENCY_ID } from '../model/currencies';
import {
  PoStatus,
  PoStatusGroup,
  PoTable,
  PoType,
  type PurchaseOrderLineRow,
  type PurchaseOrderRow,
  purchaseOrderTotal,
  WorkflowStatus,
} from '../model/po-tables';
import { SQL_EMPTY_DATE } from '../model/sql-types';
import {
  booleanElement,
  chars,
  currencyKeyXml,
  dateElement,
  idKey,
  key,
  modifiedMs,
  moneyRenderer,
  quantityXml,
  type RenderOptions,
} from './render-common';
import { element, nilElement, textElement } from './xml-writer';

/** WS enum spellings of the POP codes (gp-api.md §4.6, §5.4). */
export const PO_STATUS: Record<PoStatus, string> = {
  [PoStatus.new]: 'New',
  [PoStatus.released]: 'Released',
  [PoStatus.changeOrder]: 'Change Order',
  [PoStatus.received]: 'Received',
  [PoStatus.closed]: 'Closed',
  [PoStatus.canceled]: 'Canceled',
};
const PO_TYPE: Record<PoType, string> = {
  [PoType.standard]: 'Standard',
  [PoType.dropShip]: 'Drop Ship',
  [PoType.blanket]: 'Blanket',
  [PoType.dropShipBlanket]: 'Drop Ship Blanket',
};
/** PurchaseTransactionState: active POs are Work, removed ones History (there is no Open). */
export const PO_TRANSACTION_STATE: Record<PoTable, string> = {
  [PoTable.work]: 'Work',
  [PoTable.history]: 'History',
};
/** ApprovalWorkflowStatus, in the enum's order (codes 1–10). */
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

/** PurchaseOrderSummary members in WSDL order. */
export function purchaseOrderSummaryXml(row: PurchaseOrderRow, options: RenderOptions): string {
  const money = moneyRenderer(row.currencyId, row.exchangeRate, options);
  return (
    idKey('Key', options, row.poNumber) +
    element('Type', PO_TYPE[row.type]) +
    idKey('VendorKey', options, row.vendorId) +
    element('TransactionState', PO_TRANSACTION_STATE[row.table]) +
    dateElement('Date', row.documentDate) +
    idKey('BuyerKey', options, row.buyerId) +
    element('Status', PO_STATUS[row.status]) +
    dateElement('RequestedDate', row.requestedDate) +
    money('RemainingSubtotal', row.remainingSubtotal) +
    dateElement('ModifiedDate', modifiedMs(row.dexRowTs, options)) +
    dateElement('CreatedDate', row.createdDate)
  );
}

/**
 * The full PurchaseOrder in WSDL order. Optional members GP would leave
 * empty (addresses, taxes, comments) are left out; nillable required ones
 * are written, 1900-01-01 for unset dates. The approval workflow shows as
 * one ApprovalWorkflow ("Purchase Order Approval") with its status.
 */
export function purchaseOrderXml(row: PurchaseOrderRow, options: RenderOptions): string {
  const money = moneyRenderer(row.currencyId, row.exchangeRate, options);
  const rate = row.currencyId.trimEnd() === FUNCTIONAL_CURRENCY_ID ? undefined : row.exchangeRate;
  const lines = row.lines.map(
    (line) => `<PurchaseOrderLine>${lineXml(row, line, options)}</PurchaseOrderLine>`,
  );
  return (
    idKey('Key', options, row.poNumber) +
    element('Type', PO_TYPE[row.type]) +
    idKey('VendorKey', options, row.vendorId) +
    textElement('VendorName', chars(row.vendorName, options)) +
    dateElement('Date', row.documentDate) +
    idKey('BuyerKey', options, row.buyerId) +
    booleanElement('DoesAllowSalesOrderCommitments', false) +
    idKey('PaymentTermsKey', options, row.paymentTermsId) +
    booleanElement('IsOnHold', row.hold) +
    nilElement('FreightTaxBasis') +
    nilElement('MiscellaneousTaxBasis') +
    currencyKeyXml(row.currencyId, options) +
    (rate === undefined ? nilElement('ExchangeRate') : element('ExchangeRate', rate)) +
    (rate === undefined ? nilElement('ExchangeDate') : dateElement('ExchangeDate', row.documentDate)) +
    textElement('CreatedBy', chars(row.createdBy, options)) +
    element('Status', PO_STATUS[row.status]) +
    dateElement('PromisedDate', row.promisedDate) +
    dateElement('PromisedShipDate', row.promisedDate) +
    dateElement('RequestedDate', row.requestedDate) +
    dateElement('ContractEndDate', SQL_EMPTY_DATE) +
    element('StatusGroup', row.statusGroup === PoStatusGroup.active ? 'Active' : 'Closed') +
    dateElement('RequisitionDate', SQL_EMPTY_DATE) +
    money('RemainingSubtotal', row.remainingSubtotal) +
    money('Subtotal', row.subtotal) +
    money('CanceledSubtotal', row.canceledSubtotal) +
    money('TradeDiscountAmount', row.tradeDiscountAmount) +
    money('FreightAmount', row.freightAmount) +
    money('MiscellaneousAmount', row.miscAmount) +
    money('TaxAmount', row.taxAmount) +
    dateElement('LastEditDate', row.lastEditDate) +
    dateElement('LastPrintedDate', SQL_EMPTY_DATE) +
    element('TimesPrinted', '0') +
    dateElement('CreatedDate', row.createdDate) +
    dateElement('ModifiedDate', modifiedMs(row.dexRowTs, options)) +
    element('RevisionNumber', String(row.revisionNumber)) +
    element('TransactionState', PO_TRANSACTION_STATE[row.table]) +
    (lines.length === 0 ? '<Lines />' : element('Lines', lines.join(''))) +
    element('WorkflowPriority', 'Normal') +
    element(
      'Workflows',
      `<Workflow xsi:type="ApprovalWorkflow">${textElement('WorkflowName', 'Purchase Order Approval')}${element('Status', WORKFLOW_STATUS[row.workflowApprovalStatus])}</Workflow>`,
    ) +
    money('TotalAmount', purchaseOrderTotal(row))
  );
}

function lineXml(row: PurchaseOrderRow, line: PurchaseOrderLineRow, options: RenderOptions): string {
  const money = moneyRenderer(row.currencyId, row.exchangeRate, options);
  const released = line.status === PoStatus.new ? SQL_EMPTY_DATE : row.documentDate;
  return (
    key(
      'Key',
      options,
      idKey('PurchaseTransactionKey', options, row.poNumber) +
        element('LineSequenceNumber', String(line.ord)),
    ) +
    idKey('WarehouseKey', options, line.locationCode) +
    idKey('ItemKey', options, line.itemNumber) +
    quantityXml('QuantityOrdered', line.quantityOrdered) +
    quantityXml('QuantityCanceled', line.quantityCanceled) +
    nilElement('FreeOnBoard') +
    dateElement('RequestedDate', line.requestedDate) +
    dateElement('ReleaseByDate', SQL_EMPTY_DATE) +
    dateElement('PromisedDate', line.promisedDate) +
    dateElement('PromisedShipDate', line.promisedDate) +
    booleanElement('IsNonInventory', false) +
    textElement('ItemDescription', chars(line.itemDescription, options)) +
    textElement('UofM', chars(line.uofm, options)) +
    nilElement('TaxBasis') +
    element('Status', PO_STATUS[line.status]) +
    money('UnitCost', line.unitCost) +
    money('ExtendedCost', line.extendedCost) +
    dateElement('ReleasedDate', released) +
    element('LineOrigin', 'Manual') +
    booleanElement('IsCapitalItem', false) +
    dateElement('DocumentDate', row.documentDate)
  );
}
