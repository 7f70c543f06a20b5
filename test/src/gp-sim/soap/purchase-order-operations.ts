import { GP_NS } from '../../wsdl/wsdl-file';
import type { XmlElement } from '../../wsdl/xml-tree';
import { PoTable, type PurchaseOrderRow } from '../model/po-tables';
import { sqlKey } from '../model/sql-types';
import {
  candidateRows,
  criteriaOf,
  keyMember,
  listResponse,
  readScope,
  requestKey,
  VendorScope,
} from './list-criteria';
import type { OperationEnv } from './operation-env';
import { renderOptions } from './payables-operations';
import {
  PO_STATUS,
  PO_TRANSACTION_STATE,
  purchaseOrderSummaryXml,
  purchaseOrderXml,
} from './purchase-order-xml';
import { readContext } from './request-context';
import { readDateRestriction, readEnumRestriction, readStringRestriction } from './restrictions';

/**
 * GetPurchaseOrderList: POs in work (POP10100) and history (POP30100) that
 * match PurchaseOrderCriteria, as PurchaseOrderSummary; no paging. `Scope` is
 * required. [U] "Return Based on Vendor Id" limits the answer to the vendor
 * the VendorId restriction names (EqualValue), and to nothing without one:
 * the scope exists for callers that may only see their own vendor's POs.
 * [U] Order: work before history, each by PO number.
 */
export function getPurchaseOrderList(payload: XmlElement, env: OperationEnv): string | string[] {
  const operation = 'GetPurchaseOrderList';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const company = context.company!;
  const member = criteriaOf(payload);
  const scope = readScope(member('Scope'), 'PurchaseOrderCriteria');
  const modified = readDateRestriction(member('ModifiedDate'), env.serverUtcOffsetMinutes);
  const created = readDateRestriction(member('CreatedDate'), env.serverUtcOffsetMinutes);
  const date = readDateRestriction(member('Date'), env.serverUtcOffsetMinutes);
  const id = readStringRestriction(member('Id'));
  const vendorId = readStringRestriction(member('VendorId'));
  const buyerId = readStringRestriction(member('BuyerId'));
  const status = readEnumRestriction(member('Status'), 'PurchaseOrderStatus', Object.values(PO_STATUS));
  const state = readEnumRestriction(
    member('TransactionState'),
    'PurchaseTransactionState',
    Object.values(PO_TRANSACTION_STATE),
  );
  const scopedVendor = scope === VendorScope.byVendorId ? equalValueOf(member('VendorId')) : undefined;
  const render = renderOptions(env, context);
  const modifiedOf = (row: PurchaseOrderRow) =>
    render.modifiedDateSource === 'modifdt' ? row.modifiedDate : row.dexRowTs;
  const matches: PurchaseOrderRow[] = [];
  if (scope === VendorScope.all || scopedVendor !== undefined) {
    const rows = candidateRows(
      modified,
      (from, to) => company.purchaseOrders.modifiedBetween(from, to),
      () => company.purchaseOrders.all(),
    );
    for (const row of rows) {
      if (modified && !modified.test(modifiedOf(row))) continue;
      if (created && !created.test(row.createdDate)) continue;
      if (date && !date.test(row.documentDate)) continue;
      if (state && !state(PO_TRANSACTION_STATE[row.table])) continue;
      if (status && !status(PO_STATUS[row.status])) continue;
      if (id && !id(row.poNumber)) continue;
      if (vendorId && !vendorId(row.vendorId)) continue;
      if (scopedVendor !== undefined && sqlKey(row.vendorId) !== scopedVendor) continue;
      if (buyerId && !buyerId(row.buyerId)) continue;
      matches.push(row);
    }
  }
  const tableOrder = (row: PurchaseOrderRow) => (row.table === PoTable.work ? 0 : 1);
  matches.sort(
    (a, b) =>
      tableOrder(a) - tableOrder(b) || (a.poNumber < b.poNumber ? -1 : a.poNumber > b.poNumber ? 1 : 0),
  );
  return listResponse(operation, 'PurchaseOrderSummary', matches, (row) =>
    purchaseOrderSummaryXml(row, render),
  );
}

/** GetPurchaseOrderByKey: the full PurchaseOrder with its lines, from work or history. */
export function getPurchaseOrderByKey(payload: XmlElement, env: OperationEnv): string {
  const operation = 'GetPurchaseOrderByKey';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const id = keyMember(requestKey(payload), 'Id');
  if (id === undefined) throw env.log.systemException(operation, 'The key of the purchase order is missing.');
  const row = context.company!.purchaseOrders.get(id);
  if (row === undefined) {
    throw env.log.systemException(operation, `Business object not found: PurchaseOrder '${sqlKey(id)}'.`);
  }
  const body = purchaseOrderXml(row, renderOptions(env, context));
  return `<${operation}Response xmlns="${GP_NS}"><${operation}Result>${body}</${operation}Result></${operation}Response>`;
}

function equalValueOf(restriction: XmlElement | undefined): string | undefined {
  const value = keyMember(restriction, 'EqualValue');
  return value === undefined ? undefined : sqlKey(value);
}
