import type { Delta } from '@gprelay/shared';
import { and, eq, inArray } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import { deliveries, events, postedDocuments } from '../db/schema';
import { sourceRecordId } from '../ingest/ingest-deltas';
import { buildBatchMessage } from '../slack/messages/batch-message';
import { buildChangeReply, describeChanges } from '../slack/messages/change-summary';
import { viewOf } from '../slack/messages/document-views';
import { documentMetadata } from '../slack/messages/message-parts';
import { classifySlackError } from '../slack/slack-outcome';
import type { ClaimedGroup } from './claim-deliveries';
import { type DeliverDeps, type DeliveryContext, deltaOfRow, permalinkOf } from './delivery-context';
import { DELIVERIES_FIELD, findPosted } from './reconcile';
import { type DeliveryOutcome, recordFailure, recordShown } from './record-outcome';

/** chat.update refusals after which the document is posted afresh instead. */
const REPOST_ON = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/**
 * A change to a document already shown in the channel: its message is edited
 * in place (every document of a batched message re-rendered with its current
 * version) and a thread reply says what changed ("Status: Unposted → Posted").
 * chat.update is idempotent; the reply is what must not be doubled, so an
 * uncertain earlier attempt is looked for in the thread first.
 */
export async function deliverUpdate(
  deps: DeliverDeps,
  group: ClaimedGroup,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome[]> {
  const delivery = group.deliveries[0]!;
  const delta = ctx.deltas.get(delivery.eventId);
  const member = { delivery, delta };
  if (!delta) {
    return [
      await deps.db.transaction((tx) =>
        recordFailure(tx, deps, group, [member], { kind: 'permanent', error: 'event_missing' }),
      ),
    ];
  }
  const docWhere = and(
    eq(postedDocuments.tenantId, group.tenantId),
    eq(postedDocuments.channelId, group.channelId),
    eq(postedDocuments.company, delta.company),
    eq(postedDocuments.docType, delta.docType),
    eq(postedDocuments.docKey, delta.key),
  );
  const [shownRow] = await deps.db.select().from(postedDocuments).where(docWhere);
  if (!shownRow) return [await repostLater(deps, group, delta, 'original message unknown')];
  const messageTs = shownRow.messageTs;
  const permalink = permalinkOf(ctx.teamUrl, group.channelId, messageTs);
  const done = (
    replyTs: string,
    action: typeof AuditAction.updated | typeof AuditAction.recovered,
    changes: string[],
  ) =>
    deps.db.transaction((tx) =>
      recordShown(tx, deps, group, [{ delivery, delta }], {
        ts: messageTs,
        permalink,
        action,
        details: { replyTs, changes },
      }),
    );

  try {
    if (delivery.uncertainSince) {
      const found = await findPosted(
        ctx.slack,
        group.channelId,
        [delivery.id],
        delivery.uncertainSince,
        messageTs,
      );
      const replyTs = found.get(delivery.id);
      if (replyTs) {
        await done(replyTs, AuditAction.recovered, []);
        return ['recovered'];
      }
    }
    const before = await eventDelta(deps, group.tenantId, shownRow.eventId);
    const siblings = await deps.db
      .select()
      .from(postedDocuments)
      .where(
        and(
          eq(postedDocuments.tenantId, group.tenantId),
          eq(postedDocuments.channelId, group.channelId),
          eq(postedDocuments.messageTs, messageTs),
        ),
      );
    const shownNow = await currentDeltas(
      deps,
      group.tenantId,
      siblings.map((s) => s.eventId),
      delta,
    );
    try {
      await ctx.slack.updateMessage(
        group.channelId,
        messageTs,
        shownNow.length === 1 ? viewOf(delta).message(delta) : buildBatchMessage(shownNow).message,
      );
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind === 'permanent' && REPOST_ON.has(failure.error)) {
        await deps.db.delete(postedDocuments).where(docWhere);
        return [await repostLater(deps, group, delta, failure.error)];
      }
      throw error;
    }
    const reply = before ? buildChangeReply(before, delta) : buildChangeReply(delta, delta);
    const metadata = documentMetadata(delta);
    const posted = await ctx.slack.postMessage(
      group.channelId,
      {
        ...reply,
        metadata: {
          ...metadata,
          event_payload: { ...metadata.event_payload, [DELIVERIES_FIELD]: String(delivery.id) },
        },
      },
      messageTs,
    );
    await done(posted.ts, AuditAction.updated, before ? describeChanges(before, delta) : []);
    return ['updated'];
  } catch (error) {
    return [
      await deps.db.transaction((tx) => recordFailure(tx, deps, group, [member], classifySlackError(error))),
    ];
  }
}

/** The delta an events row holds, or null when it is gone. */
async function eventDelta(deps: DeliverDeps, tenantId: string, eventId: string): Promise<Delta | null> {
  const [row] = await deps.db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.eventId, eventId)));
  return row ? deltaOfRow(row) : null;
}

/** Every document of one message at its shown version, with `changed` in place of its old version; stable order. */
async function currentDeltas(
  deps: DeliverDeps,
  tenantId: string,
  eventIds: string[],
  changed: Delta,
): Promise<Delta[]> {
  const rows = await deps.db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), inArray(events.eventId, eventIds)));
  const docKey = (d: Delta) => `${d.company}\u0000${d.docType}\u0000${d.key}`;
  const byDoc = new Map(rows.map((row) => deltaOfRow(row)).map((d) => [docKey(d), d]));
  byDoc.set(docKey(changed), changed);
  return [...byDoc.values()].sort((a, b) => docKey(a).localeCompare(docKey(b)));
}

/** The original message is gone or frozen: the delivery goes back to the queue as a new post. */
async function repostLater(
  deps: DeliverDeps,
  group: ClaimedGroup,
  delta: Delta,
  reason: string,
): Promise<DeliveryOutcome> {
  const delivery = group.deliveries[0]!;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(deliveries)
      .set({ status: 'pending', action: 'post', leaseUntil: null, nextAttemptAt: now, lastError: reason })
      .where(
        and(
          eq(deliveries.id, delivery.id),
          eq(deliveries.status, 'posting'),
          eq(deliveries.leaseUntil, group.leaseUntil),
        ),
      )
      .returning({ id: deliveries.id });
    if (rows.length === 0) return 'lost-lease';
    await appendAudit(
      tx,
      [
        {
          tenantId: group.tenantId,
          actor: deps.actor,
          action: AuditAction.retrying,
          eventId: delivery.eventId,
          channelId: group.channelId,
          sourceRecordId: sourceRecordId(delta),
          details: { outcome: 'repost', reason },
        },
      ],
      now,
    );
    return 'retry';
  });
}
