import type { VendorRecord } from '@gprelay/shared';
import type { Database, Statement } from 'better-sqlite3';

/**
 * What a vendor looked like before its latest change, as far as the agent
 * knows: the record, `null` when the vendor is new (the agent has read the
 * whole vendor table and it was not there), `undefined` when it cannot say.
 * This is the `previous` of a vendor delta.
 */
export type PreviousVendor = VendorRecord | null | undefined;

interface KnownRow {
  record: string | null;
}

/**
 * The last vendor record the agent knew, per (company, vendor key), so a vendor
 * delta can say what changed even when the cloud never saw the version before.
 * Vendors are a small table (hundreds to a few thousand rows): one row each,
 * kept for good. A row whose record is NULL is a vendor known to exist whose
 * earlier version is unknown (read while it was changing, or refused by the
 * protocol). Statements only: the caller owns the transaction.
 */
export class KnownVendors {
  private readonly statements: {
    get: Statement<[string, string], KnownRow>;
    put: Statement<[string, string, string | null, number]>;
    putIfAbsent: Statement<[string, string, string | null, number]>;
    tableRead: Statement<[string], { company: string }>;
    markTableRead: Statement<[string, number]>;
  };

  constructor(db: Database) {
    this.statements = {
      get: db.prepare('SELECT record FROM known_vendors WHERE company = ? AND vendor_key = ?'),
      put: db.prepare(
        `INSERT INTO known_vendors (company, vendor_key, record, recorded_at_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (company, vendor_key) DO UPDATE SET
           record = excluded.record, recorded_at_ms = excluded.recorded_at_ms`,
      ),
      putIfAbsent: db.prepare(
        `INSERT INTO known_vendors (company, vendor_key, record, recorded_at_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (company, vendor_key) DO NOTHING`,
      ),
      tableRead: db.prepare('SELECT company FROM vendor_tables_read WHERE company = ?'),
      markTableRead: db.prepare(
        `INSERT INTO vendor_tables_read (company, read_at_ms) VALUES (?, ?)
         ON CONFLICT (company) DO UPDATE SET read_at_ms = excluded.read_at_ms`,
      ),
    };
  }

  previousOf(company: string, key: string): PreviousVendor {
    const row = this.statements.get.get(company, key);
    if (row) return row.record === null ? undefined : (JSON.parse(row.record) as VendorRecord);
    return this.tableRead(company) ? null : undefined;
  }

  /** The vendor's current record (null: it exists, its content is not usable as `previous`). */
  remember(company: string, key: string, record: VendorRecord | null, nowMs: number): void {
    this.statements.put.run(company, key, record === null ? null : JSON.stringify(record), nowMs);
  }

  /**
   * A record read from the whole table; what a poll or the baseline stored
   * for the vendor is never replaced (it is at least as new).
   */
  rememberIfUnknown(company: string, key: string, record: VendorRecord | null, nowMs: number): void {
    this.statements.putIfAbsent.run(company, key, record === null ? null : JSON.stringify(record), nowMs);
  }

  /** Whether every vendor of `company` has been read into this table once. */
  tableRead(company: string): boolean {
    return this.statements.tableRead.get(company) !== undefined;
  }

  markTableRead(company: string, nowMs: number): void {
    this.statements.markTableRead.run(company, nowMs);
  }
}
