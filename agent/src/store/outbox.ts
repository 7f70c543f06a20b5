import { randomUUID } from 'node:crypto';
import { type Delta, MAX_DELTAS_PER_FRAME } from '@gprelay/shared';
import type { Database, Statement } from 'better-sqlite3';
import type { OutboxLimits } from './outbox-limits';

export interface BatchLimits {
  /** Most deltas in the batch; clamped to MAX_DELTAS_PER_FRAME (protocol v1). */
  maxItems: number;
  /**
   * Most bytes of deltas JSON (plus one separator byte each). A batch always
   * holds at least one delta, even one larger than this, so nothing can stall.
   */
  maxBytes: number;
}

export interface OutboxBatch {
  batchId: string;
  deltas: Delta[];
}

export interface OutboxStats {
  /** Rows waiting for an ack (sent or not). */
  depth: number;
  /** Payload bytes of those rows. */
  bytes: number;
  /** Age of the oldest row by the agent's clock, null when empty. */
  oldestAgeMs: number | null;
  /** Rows dropped over the limits since the store was created (cumulative, survives restarts). */
  dropped: number;
  /** Batches handed out by nextBatch and not yet acked or requeued. */
  inFlightBatches: number;
}

interface BatchRow {
  batchId: string;
}
interface PayloadRow {
  seq: number;
  payload: string;
  bytes: number;
}

/**
 * The outbox table: rows leave only when the cloud acks their batch. Batch
 * membership is stored with the rows, so a batch that was sent but not acked is
 * offered again with the same id after a reconnect or a restart, and the cloud's
 * ack lines up with the same rows.
 */
export class Outbox {
  /** Batch ids handed out in this process and not yet acked; the rest are owed a (re)send. */
  private readonly inFlight = new Set<string>();
  private readonly statements: {
    insert: Statement<[string, string, number, number]>;
    pendingBatches: Statement<[], BatchRow>;
    batchRows: Statement<[string], PayloadRow>;
    unassigned: Statement<[number], PayloadRow>;
    assign: Statement<[string, number]>;
    ack: Statement<[string]>;
    dropOlderThan: Statement<[number]>;
    dropUpTo: Statement<[number]>;
    oldestFirst: Statement<[], { seq: number; bytes: number }>;
    totals: Statement<[], { depth: number; bytes: number; oldest: number | null }>;
    addDropped: Statement<[number]>;
    dropped: Statement<[], { value: number }>;
  };

  constructor(
    private readonly db: Database,
    private readonly limits: OutboxLimits,
  ) {
    this.statements = {
      insert: db.prepare('INSERT INTO outbox (event_id, payload, bytes, enqueued_at_ms) VALUES (?, ?, ?, ?)'),
      pendingBatches: db.prepare(
        `SELECT batch_id AS batchId FROM outbox WHERE batch_id IS NOT NULL
         GROUP BY batch_id ORDER BY MIN(seq)`,
      ),
      batchRows: db.prepare('SELECT seq, payload, bytes FROM outbox WHERE batch_id = ? ORDER BY seq'),
      unassigned: db.prepare(
        'SELECT seq, payload, bytes FROM outbox WHERE batch_id IS NULL ORDER BY seq LIMIT ?',
      ),
      assign: db.prepare('UPDATE outbox SET batch_id = ? WHERE batch_id IS NULL AND seq <= ?'),
      ack: db.prepare('DELETE FROM outbox WHERE batch_id = ?'),
      dropOlderThan: db.prepare('DELETE FROM outbox WHERE enqueued_at_ms < ?'),
      dropUpTo: db.prepare('DELETE FROM outbox WHERE seq <= ?'),
      oldestFirst: db.prepare('SELECT seq, bytes FROM outbox ORDER BY seq'),
      // Depth and bytes come from the trigger-kept counters (schema.ts), the oldest from the age index:
      // no scan of the outbox, however deep it is.
      totals: db.prepare(
        `SELECT (SELECT value FROM counters WHERE name = 'outbox_rows') AS depth,
                (SELECT value FROM counters WHERE name = 'outbox_bytes') AS bytes,
                (SELECT MIN(enqueued_at_ms) FROM outbox) AS oldest`,
      ),
      addDropped: db.prepare("UPDATE counters SET value = value + ? WHERE name = 'outbox_dropped'"),
      dropped: db.prepare("SELECT value FROM counters WHERE name = 'outbox_dropped'"),
    };
  }

  /** Appends one delta; the caller holds the transaction. */
  append(delta: Delta, payload: string, nowMs: number): void {
    this.statements.insert.run(delta.eventId, payload, Buffer.byteLength(payload, 'utf8'), nowMs);
  }

  /**
   * The next batch to send: first any batch owed a resend (same id, same rows,
   * oldest first), else a new batch of the oldest unassigned rows. Null when
   * everything is in flight or the outbox is empty.
   */
  nextBatch(limits: BatchLimits): OutboxBatch | null {
    return this.db
      .transaction(() => {
        for (const { batchId } of this.statements.pendingBatches.all()) {
          if (this.inFlight.has(batchId)) continue;
          this.inFlight.add(batchId);
          return { batchId, deltas: this.statements.batchRows.all(batchId).map(toDelta) };
        }
        const maxItems = Math.max(1, Math.min(limits.maxItems, MAX_DELTAS_PER_FRAME));
        const rows: PayloadRow[] = [];
        let bytes = 0;
        for (const row of this.statements.unassigned.all(maxItems)) {
          if (rows.length > 0 && bytes + row.bytes + 1 > limits.maxBytes) break;
          rows.push(row);
          bytes += row.bytes + 1;
        }
        const last = rows.at(-1);
        if (!last) return null;
        const batchId = randomUUID();
        this.statements.assign.run(batchId, last.seq);
        this.inFlight.add(batchId);
        return { batchId, deltas: rows.map(toDelta) };
      })
      .immediate();
  }

  /** The cloud stored the batch: delete exactly its rows. Returns how many went (0 for an unknown id). */
  ack(batchId: string): number {
    this.inFlight.delete(batchId);
    return this.statements.ack.run(batchId).changes;
  }

  /** The connection dropped: batches sent but not acked will be offered again, same ids. */
  requeueInFlight(): void {
    this.inFlight.clear();
  }

  /** Drops the oldest rows over any limit; the caller holds the transaction. Returns how many. */
  dropOverLimits(nowMs: number): number {
    let dropped = this.statements.dropOlderThan.run(nowMs - this.limits.maxAgeMs).changes;
    const totals = this.statements.totals.get()!;
    let excessRows = totals.depth - this.limits.maxRows;
    let excessBytes = totals.bytes - this.limits.maxBytes;
    if (excessRows > 0 || excessBytes > 0) {
      let cutoff = -1;
      for (const row of this.statements.oldestFirst.iterate()) {
        if (excessRows <= 0 && excessBytes <= 0) break;
        cutoff = row.seq;
        excessRows -= 1;
        excessBytes -= row.bytes;
      }
      dropped += this.statements.dropUpTo.run(cutoff).changes;
    }
    if (dropped > 0) this.statements.addDropped.run(dropped);
    return dropped;
  }

  stats(nowMs: number): OutboxStats {
    const totals = this.statements.totals.get()!;
    return {
      depth: totals.depth,
      bytes: totals.bytes,
      oldestAgeMs: totals.oldest === null ? null : Math.max(0, nowMs - totals.oldest),
      dropped: this.statements.dropped.get()?.value ?? 0,
      inFlightBatches: this.inFlight.size,
    };
  }
}

function toDelta(row: PayloadRow): Delta {
  return JSON.parse(row.payload) as Delta;
}
