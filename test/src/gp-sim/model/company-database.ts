import type { Clock } from '@gprelay/shared';
import { GeneralLedger } from './general-ledger';
import type { GlJournalRow } from './gl-tables';
import { GpSimError } from './gp-sim-error';
import {
  DOC_TYPE_OF_KIND,
  type DocKind,
  documentAmountOf,
  type InvoiceChanges,
  type NewInvoice,
  OPEN_DOCUMENT_EDITABLE,
} from './invoice-input';
import { ModifiedIndex } from './modified-index';
import { applyInvoiceChanges, defaultBatchId, newPayablesRow } from './payables-entry';
import type { PurchaseOrderRow } from './po-tables';
import { PurchaseOrderBook } from './purchase-orders';
import type { Rng } from './rng';
import { padChar, roundToSqlDatetime, sqlKey, toDateOnly } from './sql-types';
import {
  CharWidth,
  type PayablesDocumentRow,
  PmDocType,
  PmTable,
  type VendorRow,
  VendorStatus,
} from './tables';
import { type NewVendor, type VendorChanges, VendorMaster } from './vendor-master';

/** A GP company as Web Services know it: CompanyKey.Id (CMPANYID) and display name. */
export interface CompanyInfo {
  readonly id: number;
  readonly name: string;
}

export { GpSimError };

const SIM_USER = 'sa';
const VOUCHER_DIGITS = 17;

/** Everything the generator makes for one company. */
export interface CompanyData {
  vendors: readonly VendorRow[];
  documents: readonly PayablesDocumentRow[];
  purchaseOrders?: readonly PurchaseOrderRow[];
  journals?: readonly GlJournalRow[];
}

const KIND_ORDER: readonly PmDocType[] = [PmDocType.invoice, PmDocType.return, PmDocType.creditMemo];

/** GP keys payables on voucher number + DOCTYPE: the same voucher may exist once per document type. */
function documentKey(voucherNumber: string, docType: PmDocType): string {
  return `${sqlKey(voucherNumber)}\u0000${docType}`;
}

/**
 * One company database: PM00200 vendors, the payables documents of
 * PM10000 / PM20000 / PM30200 (keyed on voucher + DOCTYPE), purchase orders
 * (POP10100/10110, POP30100/30110) and GL journals (GL10000/10001, GL20000,
 * GL30000), with DEX_ROW_TS stamping from the injected clock and an index by
 * modification time per family. Reads return copies.
 */
export class CompanyDatabase {
  private readonly documentRows = new Map<string, PayablesDocumentRow>();
  private readonly modifiedIndex = new ModifiedIndex();
  private readonly vendorMaster: VendorMaster;
  /** Purchase Order Processing. */
  readonly purchaseOrders: PurchaseOrderBook;
  /** General ledger transactions. */
  readonly ledger: GeneralLedger;
  private nextVoucher = 1;
  private nextRowId = 1;

  constructor(
    readonly company: CompanyInfo,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {
    // One generator for all families: forking here would shift what addInvoice draws for a seed.
    this.vendorMaster = new VendorMaster(clock, rng);
    this.purchaseOrders = new PurchaseOrderBook(clock, rng, this.vendorMaster);
    this.ledger = new GeneralLedger(clock, rng);
  }

  /** Bulk load from the generator: one index sort per family instead of n inserts. */
  load(
    vendors: readonly VendorRow[],
    documents: readonly PayablesDocumentRow[],
    more: Pick<CompanyData, 'purchaseOrders' | 'journals'> = {},
  ): void {
    this.vendorMaster.load(vendors);
    for (const document of documents)
      this.documentRows.set(documentKey(document.voucherNumber, document.docType), document);
    this.modifiedIndex.load(
      documents.map((d) => ({ key: documentKey(d.voucherNumber, d.docType), ts: d.dexRowTs })),
    );
    for (const d of documents) {
      const number = Number(d.voucherNumber);
      if (Number.isFinite(number)) this.nextVoucher = Math.max(this.nextVoucher, number + 1);
      this.nextRowId = Math.max(this.nextRowId, d.dexRowId + 1);
    }
    this.purchaseOrders.load(more.purchaseOrders ?? []);
    this.ledger.load(more.journals ?? []);
  }

  get documentCount(): number {
    return this.documentRows.size;
  }

  get vendorCount(): number {
    return this.vendorMaster.count;
  }

  vendor(vendorId: string): VendorRow | undefined {
    return this.vendorMaster.get(vendorId);
  }

  vendors(): VendorRow[] {
    return [...this.vendorMaster.all()].map((row) => ({ ...row }));
  }

  /** Vendors with fromMs ≤ DEX_ROW_TS ≤ toMs through the index. Rows are live: do not mutate. */
  vendorsModifiedBetween(fromMs: number, toMs: number): Generator<VendorRow> {
    return this.vendorMaster.modifiedBetween(fromMs, toMs);
  }

  /**
   * The document with this voucher number, compared as SQL does (blank- and
   * case-insensitive); `kind` picks the document type when a voucher exists
   * for several (an invoice first otherwise).
   */
  document(voucherNumber: string, kind?: DocKind): PayablesDocumentRow | undefined {
    const types = kind === undefined ? KIND_ORDER : [DOC_TYPE_OF_KIND[kind]];
    for (const docType of types) {
      const row = this.documentRows.get(documentKey(voucherNumber, docType));
      if (row) return { ...row };
    }
    return undefined;
  }

  /** The document with this voucher number and DOCTYPE (GP's key), or undefined. */
  documentOfType(voucherNumber: string, docType: PmDocType): PayablesDocumentRow | undefined {
    const row = this.documentRows.get(documentKey(voucherNumber, docType));
    return row && { ...row };
  }

  /** Every document; a full scan, as a query without an indexed restriction would be. */
  *documents(): Generator<PayablesDocumentRow> {
    for (const row of this.documentRows.values()) yield row;
  }

  /** Documents with fromMs ≤ DEX_ROW_TS ≤ toMs through the index. Rows are live: do not mutate. */
  *documentsModifiedBetween(fromMs: number, toMs: number): Generator<PayablesDocumentRow> {
    for (const key of this.modifiedIndex.range(fromMs, toMs)) yield this.documentRows.get(key)!;
  }

  /** Enters an unposted document in PM10000, like Payables Transaction Entry. */
  addInvoice(input: NewInvoice = {}): PayablesDocumentRow {
    const vendor =
      input.vendorId === undefined
        ? this.vendorMaster.randomActive()
        : this.vendorMaster.peek(input.vendorId);
    if (vendor === undefined) throw new GpSimError(`vendor '${input.vendorId}' does not exist`);
    if (vendor.status === VendorStatus.inactive)
      throw new GpSimError(`vendor '${vendor.vendorId.trimEnd()}' is inactive`);
    const docType = DOC_TYPE_OF_KIND[input.kind ?? 'invoice'];
    const voucherNumber = padChar(
      input.voucherNumber ?? String(this.nextVoucher++).padStart(VOUCHER_DIGITS, '0'),
      CharWidth.VCHRNMBR,
      'VCHRNMBR',
    );
    if (this.documentRows.has(documentKey(voucherNumber, docType)))
      throw new GpSimError(
        `voucher ${voucherNumber.trimEnd()} already exists: Key already exists in PM Keys Master`,
      );
    const row = newPayablesRow(input, {
      vendor,
      voucherNumber,
      docType,
      today: this.businessDate(),
      rng: this.rng,
      dexRowId: this.nextRowId++,
    });
    row.documentAmount = documentAmountOf(row);
    row.currentAmount = row.documentAmount;
    if (row.documentAmount <= 0n) throw new GpSimError('the document amount must be greater than zero');
    this.documentRows.set(documentKey(row.voucherNumber, row.docType), row);
    return this.stamp(row);
  }

  /** Transaction Hold: only posted (open) documents have a HOLD column. */
  holdInvoice(voucherNumber: string, hold = true, kind?: DocKind): PayablesDocumentRow {
    const row = this.row(voucherNumber, kind);
    if (row.table !== PmTable.open) {
      throw new GpSimError(
        `voucher ${row.voucherNumber.trimEnd()} is in ${row.table}; only open (posted) documents can be held`,
      );
    }
    row.hold = hold;
    return this.stamp(row);
  }

  /** Posting moves the row from PM10000 to PM20000: same voucher, a new DEX_ROW_ID and DEX_ROW_TS. */
  postInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow {
    const row = this.row(voucherNumber, kind);
    if (row.table !== PmTable.work)
      throw new GpSimError(`voucher ${row.voucherNumber.trimEnd()} is already posted`);
    row.table = PmTable.open;
    row.hold = false;
    row.voided = false;
    row.postedDate = this.businessDate();
    row.postedBy = SIM_USER;
    row.currentAmount = row.documentAmount;
    row.dexRowId = this.nextRowId++;
    return this.stamp(row);
  }

  /** A payment that fully applies the document moves it to history (PM30200). */
  payInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow {
    const row = this.row(voucherNumber, kind);
    if (row.table !== PmTable.open)
      throw new GpSimError(`voucher ${row.voucherNumber.trimEnd()} is not open`);
    if (row.hold)
      throw new GpSimError(`voucher ${row.voucherNumber.trimEnd()} is on hold and cannot be paid`);
    row.table = PmTable.history;
    row.totalPayments = row.documentAmount;
    row.currentAmount = 0n;
    row.paidOffDate = this.businessDate();
    row.dexRowId = this.nextRowId++;
    return this.stamp(row);
  }

  /** Void Open Transactions: the document moves to history with VOIDED = 1. Unposted work is deleted, not voided. */
  voidInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow {
    const row = this.row(voucherNumber, kind);
    if (row.table !== PmTable.open) {
      throw new GpSimError(
        `voucher ${row.voucherNumber.trimEnd()} is in ${row.table}; only open documents can be voided`,
      );
    }
    if (row.totalPayments > 0n) throw new GpSimError('void the payments applied to this document first');
    row.table = PmTable.history;
    row.voided = true;
    row.hold = false;
    row.currentAmount = 0n;
    row.voidDate = this.businessDate();
    row.dexRowId = this.nextRowId++;
    return this.stamp(row);
  }

  /** Edits unposted work freely; posted documents only their due date and description. */
  editInvoice(voucherNumber: string, changes: InvoiceChanges, kind?: DocKind): PayablesDocumentRow {
    const row = this.row(voucherNumber, kind);
    const fields = Object.keys(changes) as (keyof InvoiceChanges)[];
    if (row.table === PmTable.history) throw new GpSimError('documents in history cannot be edited');
    if (row.table === PmTable.open) {
      const refused = fields.filter((field) => !OPEN_DOCUMENT_EDITABLE.has(field));
      if (refused.length > 0) throw new GpSimError(`a posted document cannot change ${refused.join(', ')}`);
    }
    const next = applyInvoiceChanges({ ...row }, changes);
    next.documentAmount = documentAmountOf(next);
    if (next.documentAmount <= 0n) throw new GpSimError('the document amount must be greater than zero');
    if (row.table === PmTable.work) next.currentAmount = next.documentAmount;
    Object.assign(row, next);
    return this.stamp(row);
  }

  /** Deletes unposted work. Invisible to "modified since" queries, as in GP. */
  deleteInvoice(voucherNumber: string, kind?: DocKind): void {
    const row = this.row(voucherNumber, kind);
    if (row.table !== PmTable.work) throw new GpSimError('only unposted documents can be deleted');
    const key = documentKey(row.voucherNumber, row.docType);
    this.documentRows.delete(key);
    this.modifiedIndex.remove(key);
  }

  /** Vendor Maintenance on a new vendor (PM00200 insert). */
  addVendor(input: NewVendor): VendorRow {
    return this.vendorMaster.add(input);
  }

  /** Vendor Maintenance: name, class, terms, hold or status; stamps PM00200 only, documents show the new name. */
  updateVendor(vendorId: string, changes: VendorChanges): VendorRow {
    return this.vendorMaster.update(vendorId, changes);
  }

  /** Puts a vendor on hold or takes it off. */
  holdVendor(vendorId: string, hold = true): VendorRow {
    return this.vendorMaster.update(vendorId, { hold });
  }

  /** VENDSTTS = 2 (Inactive): no new documents for this vendor. */
  inactivateVendor(vendorId: string): VendorRow {
    return this.vendorMaster.update(vendorId, { status: VendorStatus.inactive });
  }

  private row(voucherNumber: string, kind?: DocKind): PayablesDocumentRow {
    const types = kind === undefined ? KIND_ORDER : [DOC_TYPE_OF_KIND[kind]];
    const rows = types
      .map((docType) => this.documentRows.get(documentKey(voucherNumber, docType)))
      .filter((row) => row !== undefined);
    if (rows.length === 0) throw new GpSimError(`voucher '${voucherNumber}' does not exist`);
    if (rows.length > 1)
      throw new GpSimError(`voucher '${voucherNumber}' exists for several document types; name the kind`);
    return rows[0]!;
  }

  /** What the zDT_<table>U trigger and the DEX_ROW_TS default do: UTC now, datetime precision. */
  private stamp(row: PayablesDocumentRow): PayablesDocumentRow {
    const now = this.clock.now();
    row.dexRowTs = roundToSqlDatetime(now);
    row.modifiedDate = toDateOnly(now);
    row.modifiedBy = SIM_USER;
    this.modifiedIndex.upsert(documentKey(row.voucherNumber, row.docType), row.dexRowTs);
    return { ...row };
  }

  /** The user's GP date; the simulator runs its business day in UTC. */
  private businessDate(): number {
    return toDateOnly(this.clock.now());
  }
}

export { defaultBatchId };
