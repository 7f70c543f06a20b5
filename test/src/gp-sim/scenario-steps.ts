import type { DocType } from '@gprelay/shared';
import type { CompanyDatabase } from './model/company-database';
import { GlTable, journalTotals } from './model/gl-tables';
import { GpSimError } from './model/gp-sim-error';
import { PoStatus, purchaseOrderTotal } from './model/po-tables';
import type { Rng } from './model/rng';
import { formatNumeric5 } from './model/sql-types';
import { PmTable, VendorStatus } from './model/tables';
import { TRICKY_VENDOR_NAMES } from './model/vendor-names';

/** One change the scenario made, for a console line or a test. */
export interface ScenarioEvent {
  readonly docType: DocType;
  /**
   * What happened. Payables: added, posted, held, paid. Purchase orders:
   * created, approved, received, closed. GL journals: entered, posted.
   * Vendors: changed, held, released, inactivated, reactivated.
   */
  readonly action: string;
  /** The document's key as GP names it: voucher, PO number, journal entry, vendor id. */
  readonly key: string;
  /** The voucher for payables, the key otherwise; kept for callers written before the other families. */
  readonly voucherNumber: string;
  /** '' for journals. */
  readonly vendorId: string;
  /** numeric(19,5): document amount, PO total, journal debit total; 0 for vendors. */
  readonly documentAmount: bigint;
  /** One line for a console, e.g. "PO PO000042 approved (vendor ACME0001, 1,234.00)". */
  readonly text: string;
}

type Emit = (event: ScenarioEvent) => void;

const amountText = (value: bigint) => formatNumeric5(value, 2);

/** Payables: a new invoice each tick; now and then a posting, a hold, a payment. */
export class PayablesSteps {
  private readonly unposted: string[] = [];
  private readonly posted: string[] = [];

  constructor(
    private readonly company: CompanyDatabase,
    private readonly rng: Rng,
    private readonly emit: Emit,
  ) {}

  add(): void {
    const added = this.company.addInvoice();
    this.unposted.push(added.voucherNumber);
    this.report('added', added.voucherNumber);
  }

  postOldest(): void {
    const voucher = this.unposted.shift();
    if (voucher !== undefined && this.company.document(voucher)?.table === PmTable.work) {
      this.company.postInvoice(voucher);
      this.posted.push(voucher);
      this.report('posted', voucher);
    }
  }

  holdOne(): void {
    const open = this.openNotHeld();
    if (open.length === 0) return;
    const voucher = this.rng.pick(open);
    this.company.holdInvoice(voucher, true);
    this.report('held', voucher);
  }

  payOne(): void {
    const open = this.openNotHeld();
    if (open.length === 0) return;
    const voucher = this.rng.pick(open);
    this.company.payInvoice(voucher);
    this.report('paid', voucher);
  }

  private openNotHeld(): string[] {
    return this.posted.filter((voucher) => {
      const row = this.company.document(voucher);
      return row?.table === PmTable.open && !row.hold;
    });
  }

  private report(action: string, voucherNumber: string): void {
    const row = this.company.document(voucherNumber);
    if (!row) return;
    const key = voucherNumber.trimEnd();
    this.emit({
      docType: 'payables-invoice',
      action,
      key,
      voucherNumber: key,
      vendorId: row.vendorId.trimEnd(),
      documentAmount: row.documentAmount,
      text: `invoice ${key} ${action} (vendor ${row.vendorId.trimEnd()}, ${amountText(row.documentAmount)})`,
    });
  }
}

/** Purchase orders: one created each time, and the oldest open one moved on a step (approve, receive, close). */
export class PurchaseOrderSteps {
  private readonly open: string[] = [];

  constructor(
    private readonly company: CompanyDatabase,
    private readonly emit: Emit,
  ) {}

  step(): void {
    const oldest = this.open[0];
    if (oldest !== undefined) this.advance(oldest);
    const created = this.company.purchaseOrders.add();
    this.open.push(created.poNumber.trimEnd());
    this.report('created', created.poNumber);
  }

  private advance(poNumber: string): void {
    const row = this.company.purchaseOrders.get(poNumber);
    try {
      if (row === undefined || row.hold) {
        this.open.shift();
      } else if (row.status === PoStatus.new || row.status === PoStatus.changeOrder) {
        this.company.purchaseOrders.approve(poNumber);
        this.report('approved', poNumber);
      } else if (row.status === PoStatus.released) {
        this.company.purchaseOrders.receive(poNumber);
        this.report('received', poNumber);
      } else {
        this.company.purchaseOrders.close(poNumber);
        this.open.shift();
        this.report('closed', poNumber);
      }
    } catch (error) {
      // Someone else (a test, the control API) moved the PO on: leave it be.
      if (!(error instanceof GpSimError)) throw error;
      this.open.shift();
    }
  }

  private report(action: string, poNumber: string): void {
    const row = this.company.purchaseOrders.get(poNumber);
    if (!row) return;
    const key = row.poNumber.trimEnd();
    const total = purchaseOrderTotal(row);
    this.emit({
      docType: 'purchase-order',
      action,
      key,
      voucherNumber: key,
      vendorId: row.vendorId.trimEnd(),
      documentAmount: total,
      text: `PO ${key} ${action} (vendor ${row.vendorId.trimEnd()}, ${amountText(total)})`,
    });
  }
}

/** GL: a journal entered each time, the previous one posted. */
export class JournalSteps {
  private pending: number | undefined;

  constructor(
    private readonly company: CompanyDatabase,
    private readonly emit: Emit,
  ) {}

  step(): void {
    if (this.pending !== undefined && this.company.ledger.current(this.pending)?.table === GlTable.work) {
      this.company.ledger.post(this.pending);
      this.report('posted', this.pending);
    }
    this.pending = this.company.ledger.add().journalEntry;
    this.report('entered', this.pending);
  }

  private report(action: string, journalEntry: number): void {
    const row = this.company.ledger.current(journalEntry);
    if (!row) return;
    const key = String(journalEntry);
    const { debit } = journalTotals(row);
    this.emit({
      docType: 'gl-journal',
      action,
      key,
      voucherNumber: key,
      vendorId: '',
      documentAmount: debit,
      text: `journal ${key} ${action} (${row.reference.trimEnd()}, ${amountText(debit)})`,
    });
  }
}

const VENDOR_CYCLE = ['changed', 'held', 'released', 'inactivated', 'reactivated'] as const;
const TERMS = ['Net 30', 'Net 60', '2% 10/Net 30', 'Net 15'];

/**
 * Vendors: one vendor at a time goes through a change of terms, a hold, its
 * release, an inactivation and a reactivation; then the next. The tricky
 * vendors tests rely on are left alone.
 */
export class VendorSteps {
  private at = 0;
  private vendorId: string | undefined;

  constructor(
    private readonly company: CompanyDatabase,
    private readonly rng: Rng,
    private readonly emit: Emit,
  ) {}

  step(): void {
    const action = VENDOR_CYCLE[this.at % VENDOR_CYCLE.length]!;
    if (action === 'changed' || this.vendorId === undefined) {
      const candidates = this.company
        .vendors()
        .filter((vendor) => vendor.status === VendorStatus.active && !vendor.hold)
        .filter((vendor) => !TRICKY_VENDOR_NAMES.includes(vendor.name.trimEnd()));
      if (candidates.length === 0) return;
      this.vendorId = this.rng.pick(candidates).vendorId.trimEnd();
    }
    const id = this.vendorId;
    if (action === 'changed') this.company.updateVendor(id, { paymentTermsId: this.rng.pick(TERMS) });
    if (action === 'held') this.company.holdVendor(id, true);
    if (action === 'released') this.company.holdVendor(id, false);
    if (action === 'inactivated') this.company.inactivateVendor(id);
    if (action === 'reactivated') this.company.updateVendor(id, { status: VendorStatus.active });
    this.at++;
    const row = this.company.vendor(id)!;
    this.emit({
      docType: 'vendor',
      action,
      key: id,
      voucherNumber: id,
      vendorId: id,
      documentAmount: 0n,
      text: `vendor ${id} ${action} (${row.name.trimEnd()}, terms ${row.paymentTermsId.trimEnd()})`,
    });
  }
}
