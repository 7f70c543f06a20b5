import type { Clock } from '@gprelay/shared';
import { GpSimError } from './gp-sim-error';
import { ModifiedIndex } from './modified-index';
import { paymentTermsById } from './payment-terms';
import type { Rng } from './rng';
import { padChar, roundToSqlDatetime, sqlKey, toDateOnly } from './sql-types';
import { CharWidth, type VendorRow, VendorStatus } from './tables';

/** What Vendor Maintenance can change; strings are trimmed values, padded on write. */
export interface VendorChanges {
  name?: string;
  classId?: string;
  paymentTermsId?: string;
  currencyId?: string;
  phone?: string;
  state?: string;
  hold?: boolean;
  status?: VendorStatus;
}

/** A new vendor: an id and a name at least, the rest defaults like Vendor Maintenance does. */
export interface NewVendor extends VendorChanges {
  vendorId: string;
  name: string;
}

/** Workflow_Approval_Status "Not Enabled": the simulated company does not use vendor approval. */
const WORKFLOW_NOT_ENABLED = 9;

/**
 * PM00200, the vendor master: rows keyed as SQL compares VENDORID (CI,
 * trailing blanks ignored), a DEX_ROW_TS index for "modified since", and the
 * changes Vendor Maintenance makes. Every change stamps DEX_ROW_TS (the
 * zDT_PM00200U trigger) and MODIFDT.
 */
export class VendorMaster {
  private readonly rows = new Map<string, VendorRow>();
  private readonly index = new ModifiedIndex();

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  load(vendors: readonly VendorRow[]): void {
    for (const vendor of vendors) this.rows.set(sqlKey(vendor.vendorId), vendor);
    this.index.load(vendors.map((vendor) => ({ key: sqlKey(vendor.vendorId), ts: vendor.dexRowTs })));
  }

  get count(): number {
    return this.rows.size;
  }

  /** A copy of the vendor, or undefined. */
  get(vendorId: string): VendorRow | undefined {
    const row = this.rows.get(sqlKey(vendorId));
    return row && { ...row };
  }

  /** The live row (for joins while rendering); never mutate it. */
  peek(vendorId: string): VendorRow | undefined {
    return this.rows.get(sqlKey(vendorId));
  }

  /** Every vendor, live rows in load/insert order. */
  all(): IterableIterator<VendorRow> {
    return this.rows.values();
  }

  /** Vendors with fromMs ≤ DEX_ROW_TS ≤ toMs, through the index; live rows. */
  *modifiedBetween(fromMs: number, toMs: number): Generator<VendorRow> {
    for (const key of this.index.range(fromMs, toMs)) yield this.rows.get(key)!;
  }

  /** A random active vendor; `notOnHold` also skips held ones (purchasing refuses them). */
  randomActive(notOnHold = false): VendorRow {
    const active = [...this.rows.values()].filter(
      (vendor) => vendor.status === VendorStatus.active && !(notOnHold && vendor.hold),
    );
    if (active.length === 0) throw new GpSimError('there is no active vendor');
    return this.rng.pick(active);
  }

  /** Vendor Maintenance, Save on a new id. */
  add(input: NewVendor): VendorRow {
    if (input.vendorId.trim() === '') throw new GpSimError('a vendor needs an id');
    if (this.rows.has(sqlKey(input.vendorId)))
      throw new GpSimError(`vendor '${input.vendorId.trim()}' already exists`);
    const now = this.clock.now();
    const row: VendorRow = {
      vendorId: padChar(input.vendorId.trim().toUpperCase(), CharWidth.VENDORID, 'VENDORID'),
      name: padChar(input.name, CharWidth.VENDNAME, 'VENDNAME'),
      shortName: padChar(input.name.slice(0, CharWidth.VENDSHNM), CharWidth.VENDSHNM, 'VENDSHNM'),
      classId: padChar(input.classId ?? '', CharWidth.VNDCLSID, 'VNDCLSID'),
      status: input.status ?? VendorStatus.active,
      currencyId: padChar(input.currencyId ?? 'Z-US$', CharWidth.CURNCYID, 'CURNCYID'),
      paymentTermsId: padChar(
        paymentTermsById(input.paymentTermsId ?? 'Net 30').id,
        CharWidth.PYMTRMID,
        'PYMTRMID',
      ),
      hold: input.hold ?? false,
      state: padChar(input.state ?? '', CharWidth.STATE, 'STATE'),
      phone: padChar(input.phone ?? '', CharWidth.PHNUMBR1, 'PHNUMBR1'),
      workflowApprovalStatus: WORKFLOW_NOT_ENABLED,
      createdDate: toDateOnly(now),
      modifiedDate: 0,
      dexRowTs: 0,
    };
    this.rows.set(sqlKey(row.vendorId), row);
    return this.stamp(row);
  }

  /**
   * Vendor Maintenance, Save on an existing id: name, class, terms, currency,
   * phone, state, hold, status. Only PM00200 is stamped; documents join the
   * vendor for its name, so a rename shows on old documents without
   * changing their DEX_ROW_TS (as in GP).
   */
  update(vendorId: string, changes: VendorChanges): VendorRow {
    const row = this.rows.get(sqlKey(vendorId));
    if (row === undefined) throw new GpSimError(`vendor '${vendorId}' does not exist`);
    const next = { ...row };
    if (changes.name !== undefined) next.name = padChar(changes.name, CharWidth.VENDNAME, 'VENDNAME');
    if (changes.classId !== undefined)
      next.classId = padChar(changes.classId, CharWidth.VNDCLSID, 'VNDCLSID');
    if (changes.paymentTermsId !== undefined)
      next.paymentTermsId = padChar(changes.paymentTermsId, CharWidth.PYMTRMID, 'PYMTRMID');
    if (changes.currencyId !== undefined)
      next.currencyId = padChar(changes.currencyId, CharWidth.CURNCYID, 'CURNCYID');
    if (changes.phone !== undefined) next.phone = padChar(changes.phone, CharWidth.PHNUMBR1, 'PHNUMBR1');
    if (changes.state !== undefined) next.state = padChar(changes.state, CharWidth.STATE, 'STATE');
    if (changes.hold !== undefined) next.hold = changes.hold;
    if (changes.status !== undefined) {
      if (!Object.values(VendorStatus).includes(changes.status))
        throw new RangeError(`vendor status ${changes.status} is not 1, 2 or 3`);
      next.status = changes.status;
    }
    Object.assign(row, next);
    return this.stamp(row);
  }

  private stamp(row: VendorRow): VendorRow {
    const now = this.clock.now();
    row.dexRowTs = roundToSqlDatetime(now);
    row.modifiedDate = toDateOnly(now);
    this.index.upsert(sqlKey(row.vendorId), row.dexRowTs);
    return { ...row };
  }
}
