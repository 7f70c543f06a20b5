import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Clock, DocType, systemClock } from '@gprelay/shared';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { AgentError, AgentErrorCode } from '../errors';
import type { ChangedDocument } from '../gp/gp-source';
import { emittableDelta } from './build-delta';
import { type Cursor, compareCursors, cursorTimeMs } from './cursor';
import { documentVersion } from './document-version';
import { KnownVendors } from './known-vendors';
import { type BatchLimits, Outbox, type OutboxBatch, type OutboxStats } from './outbox';
import { DEFAULT_EMITTED_RETENTION_MS, type OutboxLimits, resolveOutboxLimits } from './outbox-limits';
import { migrate } from './schema';

/** SQLite page cache of the store, in KiB (see open()). */
const STORE_CACHE_KIB = 2048;

export interface LocalStoreOptions {
  clock?: Clock;
  /** Outbox bounds; see DEFAULT_OUTBOX_LIMITS. */
  limits?: Partial<OutboxLimits>;
  /** How long emitted versions are remembered; default DEFAULT_EMITTED_RETENTION_MS (30 days). */
  emittedRetentionMs?: number;
}

/** What one poll of one (company, docType) found. */
export interface PollResult {
  company: string;
  docType: DocType;
  /** The high-water mark after this page; the stored cursor never moves backwards. */
  cursor: Cursor;
  /** In GP's order, (modifiedAt, key); a key may appear more than once. */
  documents: readonly ChangedDocument[];
}

export interface RejectedDocument {
  key: string;
  /** Which field broke which protocol rule; never the field's value. */
  reason: string;
}

export interface RecordPollOutcome {
  /** Deltas appended to the outbox. */
  enqueued: number;
  /** Documents whose content equals the version last emitted (lookback re-reads). */
  unchanged: number;
  /**
   * Documents the cloud would refuse (protocol schema), left out so they cannot
   * poison a batch; the cursor still moves past them and their version is
   * remembered, so each bad version is reported once. Raise an alert for these.
   */
  rejected: RejectedDocument[];
  /** Old rows dropped in this call because the outbox was over a limit. */
  dropped: number;
}

export interface CursorEntry {
  company: string;
  docType: DocType;
  cursor: Cursor;
  /** When the cursor was last written, by the agent's clock. */
  updatedAtMs: number;
}

interface CursorRow {
  company: string;
  docType: DocType;
  modifiedAt: string;
  key: string;
  updatedAtMs: number;
}

/**
 * The agent's one durable file: per-(company, docType) cursors, the version
 * last emitted per document, the last record known per vendor (a vendor
 * delta's `previous`), and the outbox. A poll's outbox rows and its
 * cursor are written in ONE transaction, so a crash can neither lose a change
 * nor move the cursor past an unsent one. SQLite in WAL mode with
 * synchronous=FULL: a committed poll survives power loss.
 *
 * Single-writer: one agent process owns the file (batch hand-out state lives in
 * memory). Other processes (CLI `status`) may read it.
 */
export class LocalStore {
  private readonly outbox: Outbox;
  private readonly knownVendors: KnownVendors;
  private readonly statements: {
    getCursor: Statement<[string, string], CursorRow>;
    listCursors: Statement<[], CursorRow>;
    putCursor: Statement<[string, string, string, string, number]>;
    getVersion: Statement<[string, string, string], { version: string }>;
    putVersion: Statement<[string, string, string, string, number]>;
    forgetVersions: Statement<[number]>;
  };

  private constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly emittedRetentionMs: number,
    limits: OutboxLimits,
  ) {
    this.outbox = new Outbox(db, limits);
    this.knownVendors = new KnownVendors(db);
    const cursorColumns =
      'company, doc_type AS docType, modified_at AS modifiedAt, doc_key AS key, updated_at_ms AS updatedAtMs';
    this.statements = {
      getCursor: db.prepare(`SELECT ${cursorColumns} FROM cursors WHERE company = ? AND doc_type = ?`),
      listCursors: db.prepare(`SELECT ${cursorColumns} FROM cursors ORDER BY company, doc_type`),
      putCursor: db.prepare(
        `INSERT INTO cursors (company, doc_type, modified_at, doc_key, updated_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (company, doc_type) DO UPDATE SET
           modified_at = excluded.modified_at, doc_key = excluded.doc_key, updated_at_ms = excluded.updated_at_ms`,
      ),
      getVersion: db.prepare(
        'SELECT version FROM emitted_versions WHERE company = ? AND doc_type = ? AND doc_key = ?',
      ),
      putVersion: db.prepare(
        `INSERT INTO emitted_versions (company, doc_type, doc_key, version, recorded_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (company, doc_type, doc_key) DO UPDATE SET
           version = excluded.version, recorded_at_ms = excluded.recorded_at_ms`,
      ),
      forgetVersions: db.prepare('DELETE FROM emitted_versions WHERE recorded_at_ms < ?'),
    };
  }

  /** Opens (creating 0600 on first use) the store file at `path` and brings its schema up to date. */
  static open(path: string, options: LocalStoreOptions = {}): LocalStore {
    const limits = resolveOutboxLimits(options.limits);
    let db: Database | undefined;
    try {
      if (path !== ':memory:') {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        // Create the file ourselves so it is 0600 from the start: it holds vendor names and amounts.
        closeSync(openSync(path, 'a', 0o600));
      }
      db = new BetterSqlite3(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      // better-sqlite3 builds SQLite with a 16 MB page cache; the agent's store is append-and-look-up
      // (outbox, versions by key) and 2 MB serves it. The cache is what a backfill left resident.
      db.pragma(`cache_size = -${STORE_CACHE_KIB}`);
      migrate(db, path);
    } catch (error) {
      db?.close();
      if (error instanceof AgentError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new AgentError(AgentErrorCode.store, `cannot open the local store ${path}: ${detail}`, {
        cause: error,
      });
    }
    return new LocalStore(
      db,
      options.clock ?? systemClock,
      options.emittedRetentionMs ?? DEFAULT_EMITTED_RETENTION_MS,
      limits,
    );
  }

  /**
   * Records one poll in one transaction: every document whose content differs
   * from the version last emitted for its key becomes an `upsert` delta in the
   * outbox, emitted versions are updated, and the cursor advances (never back).
   * Then the outbox limits are applied. Never blocks on the network.
   */
  recordPoll(poll: PollResult): RecordPollOutcome {
    return this.record(poll, true);
  }

  /**
   * First run: remembers the cursor and the versions of `documents` but posts
   * nothing, so installing the agent does not flood Slack with history.
   */
  recordBaseline(poll: PollResult): RecordPollOutcome {
    return this.record(poll, false);
  }

  /**
   * Vendors: one page of the whole vendor table, read once per company so the
   * next change of any vendor can say what the vendor was before. Emits
   * nothing; cursors and versions stay as they are. A vendor listed after the
   * vendor cursor changed since the last poll, so its record is not a "before":
   * it is noted as existing, earlier version unknown. What polls stored is kept
   * (it is as new). `complete` on the last page: from then on a vendor the
   * store does not know is a new vendor. Returns the records remembered.
   */
  recordVendorTablePage(page: {
    company: string;
    documents: readonly ChangedDocument[];
    complete: boolean;
  }): number {
    const { company } = page;
    return this.db
      .transaction((): number => {
        const nowMs = this.clock.now();
        const cursor = this.getCursor(company, DocType.vendor);
        let remembered = 0;
        for (const document of page.documents) {
          if (document.docType !== DocType.vendor) continue;
          const settled = cursor !== null && compareCursors(document, cursor) <= 0;
          this.knownVendors.rememberIfUnknown(company, document.key, settled ? document.record : null, nowMs);
          if (settled) remembered += 1;
        }
        if (page.complete) this.knownVendors.markTableRead(company, nowMs);
        return remembered;
      })
      .immediate();
  }

  /** Whether recordVendorTablePage has seen the last page of `company`'s vendor table. */
  knowsVendorTable(company: string): boolean {
    return this.knownVendors.tableRead(company);
  }

  getCursor(company: string, docType: DocType): Cursor | null {
    const row = this.statements.getCursor.get(company, docType);
    return row ? { modifiedAt: row.modifiedAt, key: row.key } : null;
  }

  /** Every cursor, for status reporting (cursor lag per source). */
  listCursors(): CursorEntry[] {
    return this.statements.listCursors.all().map((row) => ({
      company: row.company,
      docType: row.docType,
      cursor: { modifiedAt: row.modifiedAt, key: row.key },
      updatedAtMs: row.updatedAtMs,
    }));
  }

  /** See Outbox.nextBatch: a resend (same id) first, else the oldest unsent rows; null when nothing to send. */
  nextBatch(limits: BatchLimits): OutboxBatch | null {
    return this.outbox.nextBatch(limits);
  }

  /** Deletes exactly the rows of `batchId`; returns how many (0 for an unknown or repeated ack). */
  ack(batchId: string): number {
    return this.outbox.ack(batchId);
  }

  /** After a disconnect: unacked batches are offered again by nextBatch, with their same ids. */
  requeueInFlight(): void {
    this.outbox.requeueInFlight();
  }

  /** Applies the age limit without a poll (the poller calls this on its timer). Returns rows dropped. */
  enforceLimits(): number {
    return this.db.transaction(() => this.outbox.dropOverLimits(this.clock.now())).immediate();
  }

  /** Outbox depth, bytes, oldest age and the cumulative drop count. */
  stats(nowMs: number = this.clock.now()): OutboxStats {
    return this.outbox.stats(nowMs);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private record(poll: PollResult, emit: boolean): RecordPollOutcome {
    cursorTimeMs(poll.cursor); // validate before touching anything
    const { company, docType } = poll;
    return this.db
      .transaction((): RecordPollOutcome => {
        const nowMs = this.clock.now();
        const outcome: RecordPollOutcome = { enqueued: 0, unchanged: 0, rejected: [], dropped: 0 };
        for (const document of poll.documents) {
          const version = documentVersion(document);
          const last = this.statements.getVersion.get(company, docType, document.key);
          if (last?.version === version) {
            outcome.unchanged += 1;
            continue;
          }
          // A vendor's record is remembered with the outbox row, so the next delta can say what it was.
          const vendor = docType === DocType.vendor && document.docType === DocType.vendor ? document : null;
          let known = vendor?.record ?? null;
          if (emit) {
            const previous = vendor ? this.knownVendors.previousOf(company, vendor.key) : undefined;
            const { delta, problem } = emittableDelta(company, docType, document, version, previous);
            if (problem) {
              // Its version is still remembered below: lookback re-reads of the same content stay quiet
              // instead of re-reporting it every cycle; a changed record is judged afresh.
              outcome.rejected.push({ key: document.key.slice(0, 100), reason: problem });
              known = null;
            } else {
              this.outbox.append(delta, JSON.stringify(delta), nowMs);
              outcome.enqueued += 1;
            }
          }
          if (vendor) this.knownVendors.remember(company, vendor.key, known, nowMs);
          this.statements.putVersion.run(company, docType, document.key, version, nowMs);
        }
        const stored = this.getCursor(company, docType);
        if (!stored || compareCursors(poll.cursor, stored) > 0) {
          this.statements.putCursor.run(company, docType, poll.cursor.modifiedAt, poll.cursor.key, nowMs);
        }
        this.statements.forgetVersions.run(nowMs - this.emittedRetentionMs);
        outcome.dropped = this.outbox.dropOverLimits(nowMs);
        return outcome;
      })
      .immediate();
  }
}
