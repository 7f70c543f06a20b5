import type { CompanyDatabase } from '../model/company-database';
import type { NewJournal } from '../model/general-ledger';
import type { GlJournalRow } from '../model/gl-tables';
import { journalTotals } from '../model/gl-tables';
import { type PurchaseOrderRow, purchaseOrderTotal } from '../model/po-tables';
import type { NewPurchaseOrder, PurchaseOrderChanges } from '../model/purchase-orders';
import { formatNumeric5, SQL_EMPTY_DATE } from '../model/sql-types';
import type { VendorRow } from '../model/tables';
import type { NewVendor, VendorChanges } from '../model/vendor-master';

const date = (ms: number) => (ms === SQL_EMPTY_DATE ? null : new Date(ms).toISOString().slice(0, 10));

export function purchaseOrderJson(row: PurchaseOrderRow): Record<string, unknown> {
  return {
    poNumber: row.poNumber.trimEnd(),
    table: row.table,
    status: row.status,
    vendorId: row.vendorId.trimEnd(),
    lines: row.lines.length,
    subtotal: formatNumeric5(row.subtotal, 2),
    total: formatNumeric5(purchaseOrderTotal(row), 2),
    hold: row.hold,
    workflowApprovalStatus: row.workflowApprovalStatus,
    modifiedAt: new Date(row.dexRowTs).toISOString(),
  };
}

export function journalJson(row: GlJournalRow): Record<string, unknown> {
  const totals = journalTotals(row);
  return {
    journalEntry: row.journalEntry,
    year: row.year,
    table: row.table,
    transactionDate: date(row.transactionDate),
    reference: row.reference.trimEnd(),
    debit: formatNumeric5(totals.debit, 2),
    credit: formatNumeric5(totals.credit, 2),
    lines: row.lines.length,
    modifiedAt: new Date(row.dexRowTs).toISOString(),
  };
}

export function vendorJson(row: VendorRow): Record<string, unknown> {
  return {
    vendorId: row.vendorId.trimEnd(),
    name: row.name.trimEnd(),
    classId: row.classId.trimEnd(),
    status: row.status,
    hold: row.hold,
    paymentTermsId: row.paymentTermsId.trimEnd(),
    modifiedAt: new Date(row.dexRowTs).toISOString(),
  };
}

/**
 * Control routes for the families beside payables (JSON in, JSON out):
 *   POST  /_sim/purchase-orders                {NewPurchaseOrder} → 201
 *   GET   /_sim/purchase-orders/:po
 *   PATCH /_sim/purchase-orders/:po            {PurchaseOrderChanges} (change order)
 *   POST  /_sim/purchase-orders/:po/approve|receive|close|cancel|hold|unhold
 *   POST  /_sim/purchase-orders/remove-completed
 *   POST  /_sim/journals                       {NewJournal} → 201
 *   POST  /_sim/journals/:entry/post
 *   POST  /_sim/journals/close-year            {year}
 *   POST  /_sim/vendors                        {NewVendor} → 201
 *   PATCH /_sim/vendors/:id                    {VendorChanges}
 *   POST  /_sim/vendors/:id/hold|unhold|inactivate
 * Returns undefined for a path it does not know.
 */
export function familyRoute(
  company: CompanyDatabase,
  method: string,
  parts: readonly string[],
  input: Record<string, unknown>,
): { status: number; body: unknown } | undefined {
  const [family, id, action] = parts;
  const ok = (body: unknown, status = 200) => ({ status, body });
  const orders = company.purchaseOrders;
  if (family === 'purchase-orders') {
    if (method === 'POST' && id === undefined)
      return ok(purchaseOrderJson(orders.add(input as NewPurchaseOrder)), 201);
    if (method === 'POST' && id === 'remove-completed' && action === undefined)
      return ok({ moved: orders.removeCompleted() });
    if (id === undefined) return undefined;
    if (method === 'GET' && action === undefined) {
      const row = orders.get(id);
      return row ? ok(purchaseOrderJson(row)) : ok({ error: `PO ${id} does not exist` }, 404);
    }
    if (method === 'PATCH' && action === undefined)
      return ok(purchaseOrderJson(orders.changeOrder(id, input as PurchaseOrderChanges)));
    if (method !== 'POST') return undefined;
    if (action === 'approve') return ok(purchaseOrderJson(orders.approve(id)));
    if (action === 'receive') return ok(purchaseOrderJson(orders.receive(id)));
    if (action === 'close') return ok(purchaseOrderJson(orders.close(id)));
    if (action === 'cancel') return ok(purchaseOrderJson(orders.cancel(id)));
    if (action === 'hold') return ok(purchaseOrderJson(orders.hold(id, true)));
    if (action === 'unhold') return ok(purchaseOrderJson(orders.hold(id, false)));
    return undefined;
  }
  if (family === 'journals' && method === 'POST') {
    if (id === undefined) return ok(journalJson(company.ledger.add(input as NewJournal)), 201);
    if (id === 'close-year') return ok({ moved: company.ledger.closeYear(Number(input.year)) });
    if (action === 'post') return ok(journalJson(company.ledger.post(Number(id))));
    return undefined;
  }
  if (family === 'vendors') {
    if (method === 'POST' && id === undefined)
      return ok(vendorJson(company.addVendor(input as unknown as NewVendor)), 201);
    if (id === undefined) return undefined;
    if (method === 'PATCH' && action === undefined)
      return ok(vendorJson(company.updateVendor(id, input as VendorChanges)));
    if (method !== 'POST') return undefined;
    if (action === 'hold') return ok(vendorJson(company.holdVendor(id, true)));
    if (action === 'unhold') return ok(vendorJson(company.holdVendor(id, false)));
    if (action === 'inactivate') return ok(vendorJson(company.inactivateVendor(id)));
  }
  return undefined;
}
