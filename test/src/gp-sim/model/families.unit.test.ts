import { describe, expect, it } from 'vitest';
import { CompanyDatabase, GpSimError } from './company-database';
import { generateCompanyData } from './generator';
import { GlTable, journalTotals } from './gl-tables';
import { PoStatus, PoTable, purchaseOrderTotal, WorkflowStatus } from './po-tables';
import { Rng } from './rng';
import { parseNumeric5, roundToSqlDatetime } from './sql-types';
import { VendorStatus } from './tables';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);

function database(options: { invoices?: number; purchaseOrders?: number; journals?: number } = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const db = new CompanyDatabase({ id: -1, name: 'Fabrikam, Inc.' }, clock, new Rng(99));
  const data = generateCompanyData(new Rng(1), {
    vendors: 40,
    invoices: options.invoices ?? 300,
    purchaseOrders: options.purchaseOrders,
    journals: options.journals,
    untilMs: START,
  });
  db.load(data.vendors, data.documents, data);
  return { db, clock, data };
}

describe('generated purchase orders and journals', () => {
  it('spreads POs over every status, with holds, change orders and removed ones in history; totals from the lines', () => {
    const { data } = database({ purchaseOrders: 2_000 });
    const statuses = new Set(data.purchaseOrders.map((po) => po.status));
    expect([...statuses].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.purchaseOrders.some((po) => po.table === PoTable.history)).toBe(true);
    expect(data.purchaseOrders.some((po) => po.hold)).toBe(true);
    for (const po of data.purchaseOrders) {
      expect(po.subtotal).toBe(po.lines.reduce((sum, line) => sum + line.extendedCost, 0n));
      if (po.table === PoTable.history) expect([PoStatus.closed, PoStatus.canceled]).toContain(po.status);
      expect(po.dexRowTs).toBeLessThanOrEqual(START);
    }
  });

  it('balances every journal, keeps recent ones unposted and closed years in history', () => {
    const { data } = database({ journals: 1_000 });
    for (const journal of data.journals) {
      const totals = journalTotals(journal);
      expect(totals.debit).toBe(totals.credit);
    }
    const tables = new Set(data.journals.map((journal) => journal.table));
    expect([...tables].sort()).toEqual([GlTable.work, GlTable.open, GlTable.history].sort());
    expect(
      data.journals.filter((journal) => journal.table === GlTable.history).every((j) => j.year === 2023),
    ).toBe(true);
  });

  it('does not stamp many rows with the generation time (no false tie at "now")', () => {
    const { data } = database({ invoices: 5_000, purchaseOrders: 1_000, journals: 1_000 });
    const atNow = [...data.documents, ...data.purchaseOrders, ...data.journals].filter(
      (row) => row.dexRowTs === roundToSqlDatetime(START),
    );
    expect(atNow.length).toBeLessThan(3);
  });
});

describe('purchase order rules', () => {
  it('refuses what GP refuses: receiving unapproved, approving held, canceling received, editing closed', () => {
    const { db } = database();
    const po = db.purchaseOrders.add({ vendorId: 'BARNESNO0001' }).poNumber;
    expect(() => db.purchaseOrders.receive(po)).toThrow(GpSimError);
    db.purchaseOrders.hold(po);
    expect(() => db.purchaseOrders.approve(po)).toThrow(/on hold/);
    db.purchaseOrders.hold(po, false);
    expect(db.purchaseOrders.approve(po)).toMatchObject({
      status: PoStatus.released,
      workflowApprovalStatus: WorkflowStatus.approved,
    });
    db.purchaseOrders.receive(po);
    expect(() => db.purchaseOrders.cancel(po)).toThrow(/cannot be canceled/);
    db.purchaseOrders.close(po);
    expect(() => db.purchaseOrders.changeOrder(po, { addLines: [{}] })).toThrow(/cannot be changed/);
    expect(db.purchaseOrders.removeCompleted()).toContain(po.trimEnd());
    expect(() => db.purchaseOrders.hold(po)).toThrow(/history/);
    expect(() => db.purchaseOrders.add({ vendorId: 'NOPE' })).toThrow(/does not exist/);
  });

  it('recomputes totals on a change order and counts the revision', () => {
    const { db, clock } = database();
    const po = db.purchaseOrders.add({
      vendorId: 'BARNESNO0001',
      freightAmount: '5',
      lines: [{ quantity: '2', unitCost: '10.00' }],
    });
    db.purchaseOrders.approve(po.poNumber);
    clock.ms += 1_000;
    const changed = db.purchaseOrders.changeOrder(po.poNumber, { lines: [{ index: 0, quantity: '3' }] });
    expect(changed).toMatchObject({
      status: PoStatus.changeOrder,
      revisionNumber: 1,
      subtotal: parseNumeric5('30'),
      workflowApprovalStatus: WorkflowStatus.pendingApproval,
      dexRowTs: roundToSqlDatetime(START + 1_000),
    });
    expect(purchaseOrderTotal(changed)).toBe(parseNumeric5('35'));
  });
});

describe('GL rules', () => {
  it('refuses unbalanced entries, unknown accounts and posting twice', () => {
    const { db } = database({ journals: 0 });
    expect(() =>
      db.ledger.add({
        lines: [
          { account: '000-1100-00', debit: '1' },
          { account: '000-2100-00', credit: '2' },
        ],
      }),
    ).toThrow(/out of balance/);
    expect(() =>
      db.ledger.add({
        lines: [
          { account: '9', debit: '1' },
          { account: '000-2100-00', credit: '1' },
        ],
      }),
    ).toThrow(/does not exist/);
    const entry = db.ledger.add().journalEntry;
    db.ledger.post(entry);
    expect(() => db.ledger.post(entry)).toThrow(/already posted/);
    expect(() => db.ledger.edit(entry, { reference: 'x' })).toThrow(/posted/);
  });

  it('closes a year in one statement: every moved journal gets the same DEX_ROW_TS', () => {
    const { db, clock } = database({ journals: 0 });
    const a = db.ledger.add({ transactionDate: '2024-01-10' }).journalEntry;
    const b = db.ledger.add({ transactionDate: '2024-02-10' }).journalEntry;
    db.ledger.post(a);
    clock.ms += 5_000;
    db.ledger.post(b);
    clock.ms += 5_000;
    expect(db.ledger.closeYear(2024)).toBe(2);
    const moved = [...db.ledger.all()].filter((row) => row.table === GlTable.history);
    expect(new Set(moved.map((row) => row.dexRowTs))).toEqual(new Set([roundToSqlDatetime(START + 10_000)]));
    expect(db.ledger.find(a, Date.UTC(2024, 0, 10))?.table).toBe(GlTable.history);
    expect(db.ledger.find(a, Date.UTC(2023, 0, 10))).toBeUndefined();
  });
});

describe('vendor maintenance', () => {
  it('stamps PM00200 on every change and finds changed vendors through the index', () => {
    const { db, clock } = database();
    clock.ms += 60_000;
    db.addVendor({ vendorId: 'new0001', name: 'New Vendor' });
    clock.ms += 1_000;
    db.updateVendor('BARNESNO0001', { classId: 'USA-US-I' });
    db.holdVendor('SMITHTOO0001');
    db.inactivateVendor('PENADIST0001');
    const changed = [...db.vendorsModifiedBetween(START + 60_000, Number.POSITIVE_INFINITY)].map((row) =>
      row.vendorId.trimEnd(),
    );
    expect(changed.sort()).toEqual(['BARNESNO0001', 'NEW0001', 'PENADIST0001', 'SMITHTOO0001']);
    expect(db.vendor('PENADIST0001')?.status).toBe(VendorStatus.inactive);
    expect(() => db.addInvoice({ vendorId: 'PENADIST0001' })).toThrow(/inactive/);
    expect(() => db.addVendor({ vendorId: 'NEW0001', name: 'again' })).toThrow(/already exists/);
  });
});
