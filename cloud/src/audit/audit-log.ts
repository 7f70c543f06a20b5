import { createHash } from 'node:crypto';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { jsonRows, rowsOf } from '../db/bulk-insert';
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

/** audit_log columns as chainAudit lists each row's values (`at` is one parameter for all). */
const AUDIT_COLUMNS = {
  chain: 'text',
  seq: 'bigint',
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
} as const;

/** The last link of one chain, as locked for an append. */
export interface AuditHead {
  chain: string;
  seq: number;
  hash: string;
}

/** Rows ready to insert (values in AUDIT_COLUMNS order) and the heads they leave behind. */
export interface ChainedAudit {
  at: Date;
  rows: unknown[][];
  heads: AuditHead[];
}

/**
 * Appends rows to their tenants' hash chains inside the caller's transaction,
 * so an audit row exists exactly when the decision it records was committed.
 * Each chain's head row is locked for the append: appends to one tenant are
 * serialised across instances, different tenants proceed in parallel.
 * Two statements whatever the number of rows: lock the heads, then write.
 */
export async function appendAudit(tx: Tx, entries: readonly AuditEntry[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  const heads = await lockAuditHeads(tx, chainsOf(entries));
  await writeAudit(tx, chainAudit(heads, entries, at));
}

/** The chains `entries` append to, sorted: heads are always locked in this order. */
export function chainsOf(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map(chainOf))].sort();
}

function chainOf(entry: AuditEntry): string {
  return entry.tenantId ?? SYSTEM_CHAIN;
}

/**
 * Locks the heads of `chains` (creating missing ones at the genesis) and
 * returns them, in ONE statement. The no-op update takes the row lock and
 * reads the latest committed head even when another transaction appended (or
 * created the chain) while this one waited; rows are locked in sorted order so
 * two transactions never wait on each other in a cycle.
 */
export async function lockAuditHeads(tx: Tx, chains: readonly string[]): Promise<AuditHead[]> {
  if (chains.length === 0) return [];
  const sorted = [...chains].sort();
  const result = await tx.execute(sql`
    insert into audit_heads (chain, seq, hash)
    select c.chain, 0, ${GENESIS_HASH}
    from jsonb_array_elements_text(${JSON.stringify(sorted)}::jsonb) with ordinality as c(chain, n)
    order by c.n
    on conflict (chain) do update set chain = excluded.chain
    returning chain, seq, hash`);
  return rowsOf<{ chain: string; seq: number | string; hash: string }>(result).map((h) => ({
    chain: h.chain,
    seq: Number(h.seq),
    hash: h.hash,
  }));
}

/**
 * Links `entries` onto `heads` (pure: hashes only). Entries of one chain keep
 * their order; every entry's chain must be among `heads`.
 */
export function chainAudit(
  heads: readonly AuditHead[],
  entries: readonly AuditEntry[],
  at: Date,
): ChainedAudit {
  const tips = new Map(heads.map((h) => [h.chain, { ...h }]));
  const rows: unknown[][] = [];
  for (const entry of entries) {
    const chain = chainOf(entry);
    const tip = tips.get(chain);
    if (!tip) throw new Error(`audit chain ${chain} was not locked for this append`);
    const row = toRow(chain, tip.seq + 1, at, entry);
    const hash = hashRow(tip.hash, row);
    rows.push([
      chain,
      row.seq,
      row.tenantId,
      row.actor,
      row.action,
      row.sourceRecordId,
      row.eventId,
      row.channelId,
      row.slackTs,
      row.permalink,
      row.details,
      tip.hash,
      hash,
    ]);
    tip.seq = row.seq;
    tip.hash = hash;
  }
  return { at, rows, heads: [...tips.values()] };
}

/** Inserts chained rows and moves their heads on, in ONE statement; the heads must be locked by this transaction. */
export async function writeAudit(tx: Tx, chained: ChainedAudit): Promise<void> {
  if (chained.rows.length === 0) return;
  await tx.execute(sql`with ${auditWrites(chained)} select 1`);
}

/**
 * `writeAudit` as two data-modifying CTEs (`audit_moved`, `audit_logged`), for
 * a caller that writes its own rows in the same statement.
 */
export function auditWrites(chained: ChainedAudit): SQL {
  const list = sql.raw(
    Object.keys(AUDIT_COLUMNS)
      .map((n) => `"${n}"`)
      .join(', '),
  );
  return sql`
    audit_moved as (
      update audit_heads h set seq = v.seq, hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(chained.heads)}::jsonb) as v(chain text, seq bigint, hash text)
      where h.chain = v.chain
    ),
    audit_logged as (
      insert into audit_log (${list}, "at")
      select ${list}, ${chained.at.toISOString()}::timestamptz
      from ${jsonRows(AUDIT_COLUMNS, chained.rows, 'r')}
    )`;
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
