import type { Delta } from '@gprelay/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../audit/audit-log';
import type { Tx } from '../db/open-database';
import { channelSlots, deliveries, postedDocuments } from '../db/schema';
import { sourceRecordId } from '../ingest/ingest-deltas';
import { factsOf } from '../routing/document-facts';
import { markInstallationDead } from '../slack/installations';
import type { SlackFailure } from '../slack/slack-outcome';
import type { ClaimedDelivery, ClaimedGroup } from './claim-deliveries';
import type { DeliverDeps } from './delivery-context';
import { MAX_DELIVERY_ATTEMPTS, transientRetryDelayMs } from './retry-delay';
import { recordRateLimit } from './workspace-limits';

export type DeliveryOutcome =
  | 'posted'
  | 'updated'
  | 'recovered'
  | 'retry'
  | 'failed'
  | 'installation-dead'
  | 'lost-lease';

/** Rows of the group still held by this claim (same lease): only those may be written. */
function held(group: ClaimedGroup, ids: readonly number[]) {
  return and(
    inArray(deliveries.id, [...ids]),
    eq(deliveries.status, 'posting'),
    eq(deliveries.leaseUntil, group.leaseUntil),
  );
}

function auditBase(
  deps: DeliverDeps,
  group: ClaimedGroup,
  delivery: ClaimedDelivery,
  delta: Delta | undefined,
): AuditEntry {
  return {
    tenantId: group.tenantId,
    actor: deps.actor,
    action: AuditAction.failed,
    eventId: delivery.eventId,
    channelId: group.channelId,
    sourceRecordId: delta ? sourceRecordId(delta) : null,
  };
}

export interface Shown {
  delivery: ClaimedDelivery;
  delta: Delta;
  /** True when a newer version of the same document in the same message stands for this one. */
  superseded?: boolean;
}

/**
 * Records that `shown` deliveries are on Slack in the message `ts`: the
 * deliveries are done, the documents map to the message (for later edits),
 * and each gets an audit row with the ts and permalink.
 */
export async function recordShown(
  tx: Tx,
  deps: DeliverDeps,
  group: ClaimedGroup,
  shown: readonly Shown[],
  message: {
    ts: string;
    permalink: string | null;
    action: AuditEntry['action'];
    details?: Record<string, unknown>;
  },
): Promise<number> {
  const now = deps.now();
  const done = await tx
    .update(deliveries)
    .set({ status: 'posted', slackTs: message.ts, postedAt: now, leaseUntil: null, lastError: null })
    .where(
      held(
        group,
        shown.map((s) => s.delivery.id),
      ),
    )
    .returning({ id: deliveries.id });
  const doneIds = new Set(done.map((d) => d.id));
  const mine = shown.filter((s) => doneIds.has(s.delivery.id));
  const current = mine.filter((s) => !s.superseded);
  if (current.length > 0) {
    await tx
      .insert(postedDocuments)
      .values(
        current.map((s) => ({
          tenantId: group.tenantId,
          channelId: group.channelId,
          company: s.delta.company,
          docType: s.delta.docType,
          docKey: s.delta.key,
          messageTs: message.ts,
          eventId: s.delta.eventId,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [
          postedDocuments.tenantId,
          postedDocuments.channelId,
          postedDocuments.company,
          postedDocuments.docType,
          postedDocuments.docKey,
        ],
        set: { messageTs: sql`excluded.message_ts`, eventId: sql`excluded.event_id`, updatedAt: now },
      });
  }
  await appendAudit(
    tx,
    mine.map((s) => ({
      ...auditBase(deps, group, s.delivery, s.delta),
      action: message.action,
      slackTs: message.ts,
      permalink: message.permalink,
      details: {
        documentNumber: factsOf(s.delta).reference,
        attempt: s.delivery.attempt,
        ...(s.superseded ? { superseded: true } : {}),
        ...(shown.length > 1 ? { batchSize: shown.length } : {}),
        ...message.details,
      },
    })),
    now,
  );
  return mine.length;
}

/** Gives deliveries back to the queue untouched (they did not fit this message); the attempt is not counted. */
export async function releaseUnsent(tx: Tx, group: ClaimedGroup, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(deliveries)
    .set({ status: 'pending', attempts: sql`${deliveries.attempts} - 1`, leaseUntil: null })
    .where(held(group, ids));
}

/**
 * What a failed Slack call means for the group's deliveries, recorded in the
 * caller's transaction: pacing, retry with back-off, "outcome unknown" (kept
 * claimed until the retry time so the next claim searches the channel first),
 * permanent failure, or a dead installation.
 */
export async function recordFailure(
  tx: Tx,
  deps: DeliverDeps,
  group: ClaimedGroup,
  members: ReadonlyArray<{ delivery: ClaimedDelivery; delta: Delta | undefined }>,
  failure: SlackFailure,
): Promise<DeliveryOutcome> {
  const now = deps.now();
  const ids = members.map((m) => m.delivery.id);
  const attempt = Math.max(...members.map((m) => m.delivery.attempt));
  const audit = (action: AuditEntry['action'], details: Record<string, unknown>) =>
    appendAudit(
      tx,
      members.map((m) => ({
        ...auditBase(deps, group, m.delivery, m.delta),
        action,
        details: {
          ...(m.delta ? { documentNumber: factsOf(m.delta).reference } : {}),
          attempt: m.delivery.attempt,
          error: failure.error,
          ...details,
        },
      })),
      now,
    );
  const write = async (set: Partial<typeof deliveries.$inferInsert>) =>
    (await tx.update(deliveries).set(set).where(held(group, ids)).returning({ id: deliveries.id })).length >
    0;

  switch (failure.kind) {
    case 'rate-limited': {
      const retryAt = new Date(now.getTime() + failure.retryAfterMs);
      // What Slack said holds whoever owns the claim now: the pause is recorded even if the lease was lost.
      const limit = await recordRateLimit(tx, {
        tenantId: group.tenantId,
        channelId: group.channelId,
        method: failure.method,
        error: failure.error,
        retryAt,
        now,
      });
      if (
        !(await write({
          status: 'pending',
          nextAttemptAt: retryAt,
          leaseUntil: null,
          lastError: failure.error,
        }))
      )
        return 'lost-lease';
      await tx
        .update(channelSlots)
        .set({ nextPostAt: retryAt })
        .where(and(eq(channelSlots.tenantId, group.tenantId), eq(channelSlots.channelId, group.channelId)));
      await audit(AuditAction.rateLimited, {
        retryAfterMs: failure.retryAfterMs,
        scope: limit.scope,
        reason: limit.reason,
        ...(failure.method ? { method: failure.method } : {}),
        ...(limit.pausedUntil ? { teamId: limit.teamId, pausedUntil: limit.pausedUntil.toISOString() } : {}),
      });
      return 'retry';
    }
    case 'transient':
    case 'unknown': {
      if (attempt >= MAX_DELIVERY_ATTEMPTS) break;
      const retryAt = new Date(now.getTime() + transientRetryDelayMs(attempt, deps.random));
      const set =
        failure.kind === 'unknown'
          ? { leaseUntil: retryAt, lastError: failure.error }
          : {
              status: 'pending' as const,
              nextAttemptAt: retryAt,
              leaseUntil: null,
              lastError: failure.error,
            };
      if (!(await write(set))) return 'lost-lease';
      await audit(AuditAction.retrying, { outcome: failure.kind, retryAt: retryAt.toISOString() });
      return 'retry';
    }
    case 'installation-dead': {
      if (!(await write({ status: 'pending', leaseUntil: null, lastError: failure.error })))
        return 'lost-lease';
      await markInstallationDead(tx, group.tenantId, failure.error, now);
      await audit(AuditAction.installationDead, {});
      return 'installation-dead';
    }
    case 'permanent':
      break;
  }
  if (!(await write({ status: 'failed', leaseUntil: null, lastError: failure.error }))) return 'lost-lease';
  await audit(AuditAction.failed, {});
  return 'failed';
}
