import type { Database } from 'better-sqlite3';
import { AgentError, AgentErrorCode } from '../errors';

/**
 * Schema migrations, applied in order and tracked in `PRAGMA user_version`.
 * Append only: a shipped migration is never edited, since agents in the field
 * have already run it.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cursors (
    company TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (company, doc_type)
  ) WITHOUT ROWID;

  CREATE TABLE emitted_versions (
    company TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    version TEXT NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (company, doc_type, doc_key)
  ) WITHOUT ROWID;
  CREATE INDEX emitted_versions_by_age ON emitted_versions (recorded_at_ms);

  -- seq gives the send order; AUTOINCREMENT so a seq is never reused after the tail is acked.
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    enqueued_at_ms INTEGER NOT NULL,
    batch_id TEXT
  );
  CREATE INDEX outbox_by_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
  CREATE INDEX outbox_by_age ON outbox (enqueued_at_ms);

  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO counters (name, value) VALUES ('outbox_dropped', 0);
  `,
  // Running outbox totals, kept by triggers in the same transaction as every insert and delete:
  // the limits are checked after each poll page, and a COUNT/SUM over an outbox of 50,000 buffered
  // deltas reads every payload page each time (a backfill slowed to a crawl as its outbox grew).
  `
  INSERT INTO counters (name, value) VALUES
    ('outbox_rows', (SELECT COUNT(*) FROM outbox)),
    ('outbox_bytes', (SELECT COALESCE(SUM(bytes), 0) FROM outbox));
  CREATE TRIGGER outbox_totals_on_insert AFTER INSERT ON outbox BEGIN
    UPDATE counters SET value = value + (CASE name WHEN 'outbox_rows' THEN 1 ELSE NEW.bytes END)
      WHERE name IN ('outbox_rows', 'outbox_bytes');
  END;
  CREATE TRIGGER outbox_totals_on_delete AFTER DELETE ON outbox BEGIN
    UPDATE counters SET value = value - (CASE name WHEN 'outbox_rows' THEN 1 ELSE OLD.bytes END)
      WHERE name IN ('outbox_rows', 'outbox_bytes');
  END;
  `,
  // The last vendor record known per vendor, so a vendor delta can say what changed (its `previous`).
  // record NULL: the vendor exists, its earlier version is unknown. vendor_tables_read: companies whose
  // whole vendor table has been read into known_vendors, so a vendor missing there is new.
  `
  CREATE TABLE known_vendors (
    company TEXT NOT NULL,
    vendor_key TEXT NOT NULL,
    record TEXT,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (company, vendor_key)
  ) WITHOUT ROWID;
  CREATE TABLE vendor_tables_read (
    company TEXT PRIMARY KEY,
    read_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

/** Brings `db` to the latest schema; refuses a file written by a newer agent. */
export function migrate(db: Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new AgentError(
      AgentErrorCode.store,
      `the local store ${path} has schema version ${current}, newer than this agent understands ` +
        `(${MIGRATIONS.length}); upgrade the agent or move the file aside`,
    );
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
