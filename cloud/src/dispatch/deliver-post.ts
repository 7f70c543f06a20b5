import type { Delta } from '@gprelay/shared';
import { AuditAction } from '../audit/audit-actions';
import { buildBatchMessage } from '../slack/messages/batch-message';
import { buildMessage } from '../slack/messages/build-message';
import { documentMetadata } from '../slack/messages/message-parts';
import type { SlackMessage } from '../slack/messages/slack-message';
import { classifySlackError } from '../slack/slack-outcome';
import type { ClaimedDelivery, ClaimedGroup } from './claim-deliveries';
import { type DeliverDeps, type DeliveryContext, permalinkOf } from './delivery-context';
import { DELIVERIES_FIELD, findPosted } from './reconcile';
import {
  type DeliveryOutcome,
  recordFailure,
  recordShown,
  releaseUnsent,
  type Shown,
} from './record-outcome';

/**
 * Posts a `post` group: first finds any of its deliveries an earlier attempt
 * may already have posted, then puts the rest in one message (one document:
 * the full message; several: a compact row each), newest version per
 * document, as many as Block Kit allows; what does not fit waits for the next.
 */
export async function deliverPost(
  deps: DeliverDeps,
  group: ClaimedGroup,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome[]> {
  const members = group.deliveries.map((delivery) => ({ delivery, delta: ctx.deltas.get(delivery.eventId) }));
  const result = new Map<number, DeliveryOutcome>();
  let pending = members;

  const uncertain = members.filter((m) => m.delivery.uncertainSince);
  if (uncertain.length > 0) {
    const since = new Date(Math.min(...uncertain.map((m) => m.delivery.uncertainSince!.getTime())));
    let found: Map<number, string>;
    try {
      found = await findPosted(
        ctx.slack,
        group.channelId,
        uncertain.map((m) => m.delivery.id),
        since,
      );
    } catch (error) {
      const failure = classifySlackError(error);
      // A failed search posted nothing: retry the whole group later.
      const outcome = await deps.db.transaction((tx) =>
        recordFailure(
          tx,
          deps,
          group,
          members,
          failure.kind === 'unknown' ? { kind: 'transient', error: failure.error } : failure,
        ),
      );
      return members.map(() => outcome);
    }
    const recovered = uncertain.filter((m) => found.has(m.delivery.id) && m.delta);
    for (const [ts, group_] of groupBy(recovered, (m) => found.get(m.delivery.id)!)) {
      await deps.db.transaction((tx) =>
        recordShown(tx, deps, group, group_ as Shown[], {
          ts,
          permalink: permalinkOf(ctx.teamUrl, group.channelId, ts),
          action: AuditAction.recovered,
        }),
      );
      for (const m of group_) result.set(m.delivery.id, 'recovered');
    }
    pending = members.filter((m) => !found.has(m.delivery.id));
  }
  const missing = pending.filter((m) => !m.delta);
  if (missing.length > 0) {
    await deps.db.transaction((tx) =>
      recordFailure(tx, deps, group, missing, { kind: 'permanent', error: 'event_missing' }),
    );
    for (const m of missing) result.set(m.delivery.id, 'failed');
  }
  const { shown, unsent } = composeBatch(
    pending.filter((m): m is { delivery: ClaimedDelivery; delta: Delta } => !!m.delta),
  );
  if (shown.length === 0) return outcomes(members, result);

  const message = render(shown);
  try {
    const posted = await ctx.slack.postMessage(group.channelId, message);
    await deps.db.transaction(async (tx) => {
      await recordShown(tx, deps, group, shown, {
        ts: posted.ts,
        permalink: permalinkOf(ctx.teamUrl, group.channelId, posted.ts),
        action: AuditAction.posted,
      });
      await releaseUnsent(
        tx,
        group,
        unsent.map((u) => u.delivery.id),
      );
    });
    for (const s of shown) result.set(s.delivery.id, 'posted');
  } catch (error) {
    const outcome = await deps.db.transaction(async (tx) => {
      await releaseUnsent(
        tx,
        group,
        unsent.map((u) => u.delivery.id),
      );
      return recordFailure(tx, deps, group, shown, classifySlackError(error));
    });
    for (const s of shown) result.set(s.delivery.id, outcome);
  }
  for (const u of unsent) result.set(u.delivery.id, 'retry');
  return outcomes(members, result);
}

/**
 * The newest version of each document (older ones ride along as superseded),
 * in a stable order, cut to what one message holds.
 */
function composeBatch(members: Array<{ delivery: ClaimedDelivery; delta: Delta }>): {
  shown: Shown[];
  unsent: Shown[];
} {
  const latest = new Map<string, { delivery: ClaimedDelivery; delta: Delta }>();
  const docKey = (d: Delta) => `${d.company}\u0000${d.docType}\u0000${d.key}`;
  for (const m of members) {
    const seen = latest.get(docKey(m.delta));
    if (!seen || Date.parse(m.delta.modifiedAt) >= Date.parse(seen.delta.modifiedAt))
      latest.set(docKey(m.delta), m);
  }
  const current = [...latest.values()].sort((a, b) => docKey(a.delta).localeCompare(docKey(b.delta)));
  if (current.length === 0) return { shown: [], unsent: [] };
  const fit = current.length === 1 ? 1 : buildBatchMessage(current.map((c) => c.delta)).included;
  const shownDocs = new Set(current.slice(0, fit).map((c) => docKey(c.delta)));
  const shown: Shown[] = [];
  const unsent: Shown[] = [];
  for (const m of members) {
    const isLatest = latest.get(docKey(m.delta)) === m;
    const target = shownDocs.has(docKey(m.delta)) ? shown : unsent;
    target.push({ ...m, ...(isLatest ? {} : { superseded: true }) });
  }
  shown.sort((a, b) => docKey(a.delta).localeCompare(docKey(b.delta)));
  return { shown, unsent };
}

/** The message for what is shown, with metadata naming every delivery it carries (for reconciliation). */
function render(shown: Shown[]): SlackMessage {
  const current = shown.filter((s) => !s.superseded);
  const ids = shown.map((s) => s.delivery.id).join(',');
  if (current.length === 1) return buildMessage(current[0]!.delta, { [DELIVERIES_FIELD]: ids });
  const base = documentMetadata(current[0]!.delta);
  return {
    ...buildBatchMessage(current.map((s) => s.delta)).message,
    metadata: {
      event_type: base.event_type,
      event_payload: { event_id: base.event_payload.event_id!, [DELIVERIES_FIELD]: ids },
    },
  };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

function outcomes(
  members: ReadonlyArray<{ delivery: ClaimedDelivery }>,
  result: Map<number, DeliveryOutcome>,
): DeliveryOutcome[] {
  return members.map((m) => result.get(m.delivery.id) ?? 'lost-lease');
}
