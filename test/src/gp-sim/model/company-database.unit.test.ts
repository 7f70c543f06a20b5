import { describe, expect, it } from 'vitest';
import { CompanyDatabase, GpSimError } from './company-database';
import { generateCompanyData } from './generator';
import { Rng } from './rng';
import { formatNumeric5, parseNumeric5, roundToSqlDatetime, SQL_EMPTY_DATE, sqlKey } from './sql-types';
import { PmDocType, PmTable, VendorStatus } from './tables';
import { TRICKY_VENDOR_NAMES } from './vendor-names';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);

function database(options: { vendors?: number; invoices?: number; seed?: number } = {}) {
  const clock = { ms: START, now: () => clock.ms };
  const db = new CompanyDatabase({ id: -1, name: 'Fabrikam, Inc.' }, clock, new Rng(99));
  const data = generateCompanyData(new Rng(options.seed ?? 1), {
    vendors: options.vendors ?? 40,
    invoices: options.invoices ?? 300,
    untilMs: START,
  });
  db.load(data.vendors, data.documents);
  return { db, clock, data };
}

describe('SQL column semantics', () => {
  it('rounds times to datetime ticks of 1/300 s as .NET reads them back (.000/.003/.007)', () => {
    const at = (ms: number) => roundToSqlDatetime(START + ms) - START;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(at)).toEqual([0, 0, 3, 3, 3, 7, 7, 7, 7, 10, 10]);
  });

  it('keeps numeric(19,5) exact and rounds half away from zero when printing', () => {
    expect(formatNumeric5(parseNumeric5('1250.005'), 2)).toBe('1250.01');
    expect(formatNumeric5(parseNumeric5('-0.004'), 2)).toBe('0.00');
    expect(formatNumeric5(parseNumeric5('0.1') + parseNumeric5('0.2'), 5)).toBe('0.30000');
    expect(() => parseNumeric5('1.123456')).toThrow(RangeError);
  });
});

describe('generator', () => {
  it('makes the same data from the same seed and different data from another', () => {
    const first = database({ seed: 7 }).data;
    const again = database({ seed: 7 }).data;
    const other = database({ seed: 8 }).data;
    expect(again).toEqual(first);
    expect(other.documents.map((d) => d.vendorId)).not.toEqual(first.documents.map((d) => d.vendorId));
  });

  it('includes vendor names with &, <, quotes and accents (active USD vendors), padded to char(65)', () => {
    const { data } = database();
    const names = data.vendors.map((vendor) => vendor.name.trimEnd());
    for (const tricky of TRICKY_VENDOR_NAMES) expect(names).toContain(tricky);
    const trickyRows = data.vendors.filter((vendor) => TRICKY_VENDOR_NAMES.includes(vendor.name.trimEnd()));
    expect(
      trickyRows.every(
        (v) => v.status === VendorStatus.active && !v.hold && v.currencyId.trimEnd() === 'Z-US$',
      ),
    ).toBe(true);
    expect(data.vendors.every((vendor) => vendor.name.length === 65 && vendor.vendorId.length === 15)).toBe(
      true,
    );
    expect(new Set(data.vendors.map((vendor) => vendor.vendorId)).size).toBe(data.vendors.length);
  });

  it('spreads documents over work, open and history with holds, voids, returns and credit memos', () => {
    const { data } = database({ invoices: 3000, vendors: 300 });
    const count = (test: (d: (typeof data.documents)[number]) => boolean) =>
      data.documents.filter(test).length;
    expect(count((d) => d.docType === PmDocType.invoice)).toBe(3000);
    expect(count((d) => d.docType === PmDocType.return)).toBeGreaterThan(0);
    expect(count((d) => d.docType === PmDocType.creditMemo)).toBeGreaterThan(0);
    for (const table of Object.values(PmTable)) expect(count((d) => d.table === table)).toBeGreaterThan(0);
    expect(count((d) => d.hold === true && d.table === PmTable.open)).toBeGreaterThan(0);
    expect(count((d) => d.voided === true && d.table === PmTable.history)).toBeGreaterThan(0);
    expect(count((d) => d.table === PmTable.work && (d.hold !== null || d.voided !== null))).toBe(0);
    expect(count((d) => d.dexRowTs > START || d.dexRowTs !== roundToSqlDatetime(d.dexRowTs))).toBe(0);
  });

  it('generates 100,000 invoices quickly and answers modified-since through the index like a full scan', () => {
    const started = performance.now();
    const { db } = database({ invoices: 100_000, vendors: 1000 });
    const generatedMs = performance.now() - started;
    const since = START - 2 * 86_400_000;
    const queryStarted = performance.now();
    const viaIndex = [...db.documentsModifiedBetween(since, Number.POSITIVE_INFINITY)].map(
      (d) => d.voucherNumber,
    );
    const queryMs = performance.now() - queryStarted;
    const viaScan = [...db.documents()].filter((d) => d.dexRowTs >= since).map((d) => d.voucherNumber);
    console.info(
      `100,000 invoices: generated and loaded in ${generatedMs.toFixed(0)} ms; index query ${queryMs.toFixed(1)} ms for ${viaIndex.length} rows`,
    );
    expect(db.documentCount).toBeGreaterThan(100_000);
    expect(viaIndex.sort()).toEqual(viaScan.sort());
    expect(generatedMs).toBeLessThan(20_000);
  });
});

describe('mutations', () => {
  it('enters an invoice in the work table stamped with the clock in UTC at datetime precision', () => {
    const { db, clock } = database();
    clock.ms = START + 60_000 + 5;
    const row = db.addInvoice({
      vendorId: 'BARNESNO0001',
      documentNumber: 'A-1',
      purchaseAmount: '100.10',
      taxAmount: '8.01',
      documentDate: '2024-04-30',
    });
    expect(row).toMatchObject({
      table: PmTable.work,
      docType: PmDocType.invoice,
      hold: null,
      voided: null,
      documentDate: Date.UTC(2024, 3, 30),
    });
    expect(row.dexRowTs).toBe(START + 60_007);
    expect(row.modifiedDate).toBe(Date.UTC(2024, 4, 1));
    expect(formatNumeric5(row.documentAmount, 2)).toBe('108.11');
    expect(row.dueDate).toBeGreaterThan(row.documentDate);
  });

  it('moves a document work → open on posting and open → history on payment: one row, same voucher', () => {
    const { db, clock } = database();
    const entered = db.addInvoice();
    const before = db.documentCount;
    clock.ms += 1000;
    const posted = db.postInvoice(entered.voucherNumber);
    expect(posted).toMatchObject({
      table: PmTable.open,
      voucherNumber: entered.voucherNumber,
      hold: false,
      voided: false,
    });
    expect(posted.dexRowId).not.toBe(entered.dexRowId);
    expect(posted.dexRowTs).toBe(entered.dexRowTs + 1000);
    expect(posted.postedDate).not.toBe(SQL_EMPTY_DATE);
    clock.ms += 1000;
    const paid = db.payInvoice(entered.voucherNumber);
    expect(paid).toMatchObject({
      table: PmTable.history,
      currentAmount: 0n,
      totalPayments: entered.documentAmount,
    });
    expect(db.documentCount).toBe(before);
    const since = [...db.documentsModifiedBetween(entered.dexRowTs, Number.POSITIVE_INFINITY)].filter(
      (d) => sqlKey(d.voucherNumber) === sqlKey(entered.voucherNumber),
    );
    expect(since).toHaveLength(1);
  });

  it('holds only posted documents, and a held document cannot be paid', () => {
    const { db } = database();
    const entered = db.addInvoice();
    expect(() => db.holdInvoice(entered.voucherNumber)).toThrow(/only open \(posted\) documents can be held/);
    db.postInvoice(entered.voucherNumber);
    expect(db.holdInvoice(entered.voucherNumber).hold).toBe(true);
    expect(() => db.payInvoice(entered.voucherNumber)).toThrow(/on hold/);
    expect(db.holdInvoice(entered.voucherNumber, false).hold).toBe(false);
    expect(db.payInvoice(entered.voucherNumber).table).toBe(PmTable.history);
  });

  it('voids open documents into history and refuses to void unposted work', () => {
    const { db } = database();
    const entered = db.addInvoice();
    expect(() => db.voidInvoice(entered.voucherNumber)).toThrow(GpSimError);
    db.postInvoice(entered.voucherNumber);
    expect(db.voidInvoice(entered.voucherNumber)).toMatchObject({ table: PmTable.history, voided: true });
  });

  it('edits unposted work freely, posted documents only in due date and description, history never', () => {
    const { db, clock } = database();
    const entered = db.addInvoice({ purchaseAmount: '100' });
    clock.ms += 10;
    const edited = db.editInvoice(entered.voucherNumber, {
      purchaseAmount: '250.50',
      freightAmount: '10',
      documentNumber: 'NEW-1',
    });
    expect(formatNumeric5(edited.documentAmount, 2)).toBe('260.50');
    expect(edited.documentNumber.trimEnd()).toBe('NEW-1');
    expect(edited.dexRowTs).toBeGreaterThan(entered.dexRowTs);
    db.postInvoice(entered.voucherNumber);
    expect(() => db.editInvoice(entered.voucherNumber, { purchaseAmount: '1' })).toThrow(
      /cannot change purchaseAmount/,
    );
    expect(db.editInvoice(entered.voucherNumber, { dueDate: '2024-07-01' }).dueDate).toBe(
      Date.UTC(2024, 6, 1),
    );
    db.payInvoice(entered.voucherNumber);
    expect(() => db.editInvoice(entered.voucherNumber, { description: 'x' })).toThrow(/history/);
  });

  it('finds documents as SQL does: trailing blanks and letter case do not matter', () => {
    const { db } = database();
    const entered = db.addInvoice({ vendorId: 'barnesno0001' });
    expect(db.document(entered.voucherNumber.trimEnd())?.voucherNumber).toBe(entered.voucherNumber);
    expect(entered.vendorId).toBe('BARNESNO0001   ');
  });

  it('refuses invoices for unknown or inactive vendors and non-positive amounts', () => {
    const { db } = database();
    expect(() => db.addInvoice({ vendorId: 'NOSUCHVENDOR' })).toThrow(/does not exist/);
    const inactive = db.vendors().find((vendor) => vendor.status === VendorStatus.inactive);
    if (inactive) expect(() => db.addInvoice({ vendorId: inactive.vendorId })).toThrow(/inactive/);
    expect(() => db.addInvoice({ purchaseAmount: '0' })).toThrow(/greater than zero/);
  });

  it('keeps the modified index right when the clock steps back and when rows are deleted', () => {
    const { db, clock } = database();
    clock.ms = START + 10_000;
    const late = db.addInvoice();
    clock.ms = START + 5_000;
    const early = db.addInvoice();
    const between = (from: number, to: number) =>
      [...db.documentsModifiedBetween(from, to)].map((d) => d.voucherNumber);
    expect(between(START + 1, START + 6_000)).toEqual([early.voucherNumber]);
    expect(between(START + 1, Number.POSITIVE_INFINITY)).toEqual([early.voucherNumber, late.voucherNumber]);
    db.deleteInvoice(early.voucherNumber);
    expect(between(START + 1, Number.POSITIVE_INFINITY)).toEqual([late.voucherNumber]);
  });
});
