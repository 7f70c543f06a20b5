import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { insertJsonRows } from '../db/bulk-insert';
import type { Database, Tx } from '../db/open-database';
import { auditHeads, auditLog } from '../db/schema';
import type { AuditAction } from './audit-actions';
import { SYSTEM_CHAIN } from './audit-actions';
import { canonicalJson } from './canonical-json';

/** One audit row as callers describe it; the chain fields are filled in here. */
export interface AuditEntry {
  tenantId: string | null;
  actor: string;
  action: AuditAction;
  sourceRecordId?: string | null;
  eventId?: string | null;
  channelId?: string | null;
  slackTs?: string | null;
  permalink?: string | null;
  details?: Record<string, unknown> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

const AUDIT_COLUMNS = {
  chain: 'text',
  seq: 'bigint',
  at: 'timestamptz',
  tenant_id: 'text',
  actor: 'text',
  action: 'text',
  source_record_id: 'text',
  event_id: 'text',
  channel_id: 'text',
  slack_ts: 'text',
  permalink: 'text',
  details: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
};

/**
 * Appends rows to their tenants' hash chains inside the caller's transaction,
 * so an audit row exists exactly when the decision it records was committed.
 * Each chain's head row is locked for the append: appends to one tenant are
 * serialised across instances, different tenants proceed in parallel.
 */
export async function appendAudit(tx: Tx, entries: readonly AuditEntry[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  const byChain = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const chain = entry.tenantId ?? SYSTEM_CHAIN;
    byChain.set(chain, [...(byChain.get(chain) ?? []), entry]);
  }
  // Lock heads in a fixed order so two transactions never wait on each other in a cycle.
  const chains = [...byChain.keys()].sort();
  await tx
    .insert(auditHeads)
    .values(chains.map((chain) => ({ chain, seq: 0, hash: GENESIS_HASH })))
    .onConflictDoNothing();
  const heads = await tx
    .select()
    .from(auditHeads)
    .where(inArray(auditHeads.chain, chains))
    .orderBy(asc(auditHeads.chain))
    .for('update');
  const rows: Array<ChainedFields & { prevHash: string; hash: string }> = [];
  for (const head of heads) {
    let { seq, hash } = head;
    for (const entry of byChain.get(head.chain) ?? []) {
      seq += 1;
      const row = toRow(head.chain, seq, at, entry);
      const rowHash = hashRow(hash, row);
      rows.push({ ...row, prevHash: hash, hash: rowHash });
      hash = rowHash;
    }
    await tx.update(auditHeads).set({ seq, hash }).where(eq(auditHeads.chain, head.chain));
  }
  await insertJsonRows(
    tx,
    'audit_log',
    AUDIT_COLUMNS,
    rows.map((r) => ({
      chain: r.chain,
      seq: r.seq,
      at: r.at.toISOString(),
      tenant_id: r.tenantId,
      actor: r.actor,
      action: r.action,
      source_record_id: r.sourceRecordId,
      event_id: r.eventId,
      channel_id: r.channelId,
      slack_ts: r.slackTs,
      permalink: r.permalink,
      details: r.details,
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
  );
}

type ChainedFields = Omit<typeof auditLog.$inferInsert, 'id' | 'prevHash' | 'hash'>;

function toRow(chain: string, seq: number, at: Date, entry: AuditEntry): ChainedFields {
  return {
    chain,
    seq,
    at,
    tenantId: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    sourceRecordId: entry.sourceRecordId ?? null,
    eventId: entry.eventId ?? null,
    channelId: entry.channelId ?? null,
    slackTs: entry.slackTs ?? null,
    permalink: entry.permalink ?? null,
    details: entry.details ?? null,
  };
}

/** sha256(prevHash ‖ canonical row): altering, removing or reordering any row breaks every later hash. */
export function hashRow(prevHash: string, row: ChainedFields): string {
  const body = canonicalJson([
    row.chain,
    row.seq,
    row.at.toISOString(),
    row.tenantId,
    row.actor,
    row.action,
    row.sourceRecordId,
    row.eventId,
    row.channelId,
    row.slackTs,
    row.permalink,
    row.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type ChainVerdict =
  | { ok: true; chain: string; rows: number; headHash: string }
  | { ok: false; chain: string; rows: number; brokenAtSeq: number; reason: string };

const VERIFY_PAGE = 1000;

/** Re-computes a chain from its first row and compares with the stored hashes and head. */
export async function verifyAuditChain(db: Database, chain: string): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, chain), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(VERIFY_PAGE);
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        return { ok: false, chain, rows, brokenAtSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      }
      if (row.prevHash !== prevHash || hashRow(prevHash, row) !== row.hash) {
        return {
          ok: false,
          chain,
          rows,
          brokenAtSeq: row.seq,
          reason: `row ${row.seq} does not match its hash`,
        };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.chain, chain));
  if (head && (head.seq !== rows || head.hash !== prevHash)) {
    return {
      ok: false,
      chain,
      rows,
      brokenAtSeq: rows + 1,
      reason: 'rows after the last one present were removed',
    };
  }
  return { ok: true, chain, rows, headHash: prevHash };
}
