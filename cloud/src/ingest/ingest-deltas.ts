import type { Delta } from '@gprelay/shared';
import { and, eq, sql } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../audit/audit-log';
import { insertJsonRows } from '../db/bulk-insert';
import type { Database } from '../db/open-database';
import { channelSlots, type deliveries, routingRules } from '../db/schema';
import { matchRules } from '../routing/match-rules';

const EVENT_COLUMNS = {
  tenant_id: 'text',
  event_id: 'text',
  agent_id: 'text',
  company: 'text',
  doc_type: 'text',
  doc_key: 'text',
  version: 'text',
  state: 'text',
  modified_at: 'timestamptz',
  record: 'jsonb',
  received_at: 'timestamptz',
};
const DELIVERY_COLUMNS = {
  tenant_id: 'text',
  event_id: 'text',
  rule_id: 'text',
  channel_id: 'text',
  next_attempt_at: 'timestamptz',
};

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** (tenant, channel) pairs that got new deliveries, to wake the dispatcher. */
  deliveries: number;
}

/**
 * Stores one batch of deltas from an agent, exactly once per (tenant, eventId),
 * routes the new ones to deliveries and audits every decision, all in ONE
 * transaction: when this resolves the batch is durable and may be acked; if
 * it throws nothing was stored and the agent will send it again.
 */
export async function ingestDeltas(
  db: Database,
  input: { tenantId: string; agentId: string; deltas: readonly Delta[]; now: Date },
): Promise<IngestResult> {
  const { tenantId, agentId, now } = input;
  const unique = dedupeWithinBatch(input.deltas);
  return db.transaction(async (tx) => {
    const inserted = await insertJsonRows<{ event_id: string }>(
      tx,
      'events',
      EVENT_COLUMNS,
      unique.map((d) => ({
        tenant_id: tenantId,
        event_id: d.eventId,
        agent_id: agentId,
        company: d.company,
        doc_type: d.docType,
        doc_key: d.key,
        version: d.version,
        state: d.state,
        modified_at: d.modifiedAt,
        record: d.record,
        received_at: now.toISOString(),
      })),
      sql`on conflict do nothing returning event_id`,
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    const rules = await tx
      .select()
      .from(routingRules)
      .where(and(eq(routingRules.tenantId, tenantId), eq(routingRules.enabled, true)));

    const actor = `agent:${agentId}`;
    const audit: AuditEntry[] = [];
    const newDeliveries: (typeof deliveries.$inferInsert)[] = [];
    for (const delta of input.deltas) {
      const base = { tenantId, actor, sourceRecordId: sourceRecordId(delta), eventId: delta.eventId };
      if (!fresh.has(delta.eventId)) {
        audit.push({ ...base, action: AuditAction.duplicate });
        continue;
      }
      fresh.delete(delta.eventId); // a repeat inside the same batch is a duplicate too
      audit.push({
        ...base,
        action: AuditAction.received,
        details: { version: delta.version, state: delta.state },
      });
      const verdicts = matchRules(delta, rules);
      const channels = new Set<string>();
      for (const verdict of verdicts) {
        if (!verdict.matched) continue;
        if (channels.has(verdict.rule.channelId)) continue;
        channels.add(verdict.rule.channelId);
        newDeliveries.push({
          tenantId,
          eventId: delta.eventId,
          ruleId: verdict.rule.id,
          channelId: verdict.rule.channelId,
          nextAttemptAt: now,
        });
        audit.push({
          ...base,
          action: AuditAction.matched,
          channelId: verdict.rule.channelId,
          details: { ruleId: verdict.rule.id },
        });
      }
      if (channels.size === 0) {
        const reasons = verdicts
          .map((v) => (v.matched ? null : `${v.rule.name}: ${v.reason}`))
          .filter(Boolean);
        audit.push({
          ...base,
          action: AuditAction.filtered,
          details: { reasons: reasons.length > 0 ? reasons : ['tenant has no enabled routing rules'] },
        });
      }
    }
    if (newDeliveries.length > 0) {
      await insertJsonRows(
        tx,
        'deliveries',
        DELIVERY_COLUMNS,
        newDeliveries.map((d) => ({
          tenant_id: d.tenantId,
          event_id: d.eventId,
          rule_id: d.ruleId,
          channel_id: d.channelId,
          next_attempt_at: now.toISOString(),
        })),
        sql`on conflict do nothing`,
      );
      const slots = [...new Set(newDeliveries.map((d) => d.channelId))].map((channelId) => ({
        tenantId,
        channelId,
        nextPostAt: new Date(0),
      }));
      await tx.insert(channelSlots).values(slots).onConflictDoNothing();
    }
    await appendAudit(tx, audit, now);
    return {
      accepted: inserted.length,
      duplicates: input.deltas.length - inserted.length,
      deliveries: newDeliveries.length,
    };
  });
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
