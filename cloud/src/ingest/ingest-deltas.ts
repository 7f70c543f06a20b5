import type { Delta } from '@gprelay/shared';
import { and, asc, eq, sql } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { type AuditEntry, auditWrites, chainAudit, lockAuditHeads } from '../audit/audit-log';
import { jsonRows, rowsOf } from '../db/bulk-insert';
import type { Database } from '../db/open-database';
import { routingRules } from '../db/schema';
import { matchRules, type RoutingRule } from '../routing/match-rules';

/** Each stored delta's own values, in the order ingest lists them. */
const EVENT_COLUMNS = {
  event_id: 'text',
  company: 'text',
  doc_type: 'text',
  doc_key: 'text',
  version: 'text',
  state: 'text',
  modified_at: 'timestamptz',
  record: 'jsonb',
  previous: 'jsonb',
} as const;
const DELIVERY_COLUMNS = { event_id: 'text', rule_id: 'text', channel_id: 'text' } as const;

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** (tenant, channel) pairs that got new deliveries, to wake the dispatcher. */
  deliveries: number;
}

/**
 * How consecutive batches of one connection overlap: a batch stores its
 * events while the one before it routes, audits and commits, so Postgres and
 * this process work at the same time. Commits (and acks) keep arrival order.
 */
export interface IngestPipeline {
  /** Called once this batch's events are stored (uncommitted): the next batch may store its own. */
  eventsStored(): void;
  /** Resolves once every earlier batch has committed; rejects if one failed, which rolls this one back. */
  previousCommitted(): Promise<void>;
}

/** Where a fresh delta goes: the rules that matched (one per channel), or why none did. */
export type RouteOutcome =
  | { routes: { ruleId: string; channelId: string }[] }
  | { routes: []; filtered: string[] };

/**
 * Stores one batch of deltas from an agent, exactly once per (tenant, eventId),
 * routes the new ones to deliveries and audits every decision, all in ONE
 * transaction: when this resolves the batch is durable and may be acked; if
 * it throws nothing was stored and the agent will send it again.
 *
 * Four statements whatever the batch size: store the events, read the rules,
 * lock the audit head, then write deliveries, channel slots and audit rows
 * together. Each delta gets one audit row: `event.duplicate`, or
 * `event.received` whose details carry the routing outcome (the channels and
 * rules it matched, or every rule's reason for not matching).
 */
export async function ingestDeltas(
  db: Database,
  input: { tenantId: string; agentId: string; deltas: readonly Delta[]; now: Date },
  pipeline?: IngestPipeline,
): Promise<IngestResult> {
  const { tenantId, agentId, now } = input;
  const unique = dedupeWithinBatch(input.deltas);
  const eventRows = jsonRows(
    EVENT_COLUMNS,
    unique.map((d) => [
      d.eventId,
      d.company,
      d.docType,
      d.key,
      d.version,
      d.state,
      d.modifiedAt,
      d.record,
      d.docType === 'vendor' && d.previous !== undefined ? { record: d.previous } : null,
    ]),
    'r',
  );
  const receivedAt = now.toISOString();
  return db.transaction(async (tx) => {
    const inserted = rowsOf<{ event_id: string }>(
      await tx.execute(sql`
        insert into events (tenant_id, event_id, agent_id, company, doc_type, doc_key, version, state,
                            modified_at, record, previous, received_at)
        select ${tenantId}, r.event_id, ${agentId}, r.company, r.doc_type, r.doc_key, r.version, r.state,
               r.modified_at, r.record, r.previous, ${receivedAt}::timestamptz
        from ${eventRows}
        on conflict do nothing
        returning event_id`),
    );
    pipeline?.eventsStored();
    const fresh = new Set(inserted.map((row) => row.event_id));
    const rules = await tx
      .select()
      .from(routingRules)
      .where(and(eq(routingRules.tenantId, tenantId), eq(routingRules.enabled, true)))
      // Oldest rule first: when two rules name one channel, the same one records the delivery every time.
      .orderBy(asc(routingRules.createdAt), asc(routingRules.id));

    const actor = `agent:${agentId}`;
    const audit: AuditEntry[] = [];
    const deliveries: [eventId: string, ruleId: string, channelId: string][] = [];
    for (const delta of input.deltas) {
      const base = { tenantId, actor, sourceRecordId: sourceRecordId(delta), eventId: delta.eventId };
      if (!fresh.delete(delta.eventId)) {
        // Stored before, or a repeat inside this batch.
        audit.push({ ...base, action: AuditAction.duplicate });
        continue;
      }
      const outcome = routeDelta(delta, rules);
      for (const route of outcome.routes) {
        deliveries.push([delta.eventId, route.ruleId, route.channelId]);
      }
      audit.push({
        ...base,
        action: AuditAction.received,
        details: { version: delta.version, state: delta.state, ...outcome },
      });
    }

    const deliveryRows = jsonRows(DELIVERY_COLUMNS, deliveries, 'r');
    const channels = [...new Set(deliveries.map(([, , channelId]) => channelId))];

    // The batch before this one commits first: its audit rows come first in the chain.
    await pipeline?.previousCommitted();
    const heads = await lockAuditHeads(tx, [tenantId]);
    const chained = chainAudit(heads, audit, now);
    await tx.execute(sql`
      with ${auditWrites(chained)},
      delivered as (
        insert into deliveries (tenant_id, event_id, rule_id, channel_id, next_attempt_at)
        select ${tenantId}, r.event_id, r.rule_id, r.channel_id, ${receivedAt}::timestamptz
        from ${deliveryRows}
        on conflict do nothing
      ),
      slotted as (
        insert into channel_slots (tenant_id, channel_id, next_post_at)
        select ${tenantId}, c.channel_id, 'epoch'::timestamptz
        from jsonb_array_elements_text(${JSON.stringify(channels)}::jsonb) as c(channel_id)
        on conflict do nothing
      )
      select 1`);
    return {
      accepted: inserted.length,
      duplicates: input.deltas.length - inserted.length,
      deliveries: deliveries.length,
    };
  });
}

/**
 * Routes one delta: at most one delivery per channel (the first matching rule
 * names it); with no match, every rule's reason, so an operator can see why a
 * document reached no channel.
 */
export function routeDelta(delta: Delta, rules: readonly RoutingRule[]): RouteOutcome {
  const verdicts = matchRules(delta, rules);
  const routes: { ruleId: string; channelId: string }[] = [];
  const channels = new Set<string>();
  for (const verdict of verdicts) {
    if (!verdict.matched || channels.has(verdict.rule.channelId)) continue;
    channels.add(verdict.rule.channelId);
    routes.push({ ruleId: verdict.rule.id, channelId: verdict.rule.channelId });
  }
  if (routes.length > 0) return { routes };
  const reasons = verdicts.flatMap((v) => (v.matched ? [] : [`${v.rule.name}: ${v.reason}`]));
  return { routes: [], filtered: reasons.length > 0 ? reasons : ['tenant has no enabled routing rules'] };
}

/** GP's own reference for the document, as finance would search for it. */
export function sourceRecordId(delta: Delta): string {
  return `${delta.company}/${delta.docType}/${delta.key}`;
}

function dedupeWithinBatch(deltas: readonly Delta[]): Delta[] {
  const byId = new Map<string, Delta>();
  for (const delta of deltas) if (!byId.has(delta.eventId)) byId.set(delta.eventId, delta);
  return [...byId.values()];
}
