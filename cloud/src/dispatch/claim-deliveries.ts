import { and, asc, eq, inArray, lt, lte, not, or, sql } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { channelSlots, deliveries, events, postedDocuments, slackInstallations } from '../db/schema';
import { workspacePaused, workspacePausedUntil } from './workspace-limits';

/** Slack allows about one message per second per channel (slack-api.md §3). */
export const CHANNEL_POST_INTERVAL_MS = 1000;
/** Deliveries one claim may gather into one message; Block Kit limits may take fewer. */
export const MAX_GROUP = 25;

export interface ClaimedDelivery {
  id: number;
  eventId: string;
  /** The attempt number this claim holds. */
  attempt: number;
  /**
   * Set when an earlier attempt's lease ran out without an outcome: its post
   * may have landed. The channel is searched from this time before posting.
   */
  uncertainSince: Date | null;
}

/**
 * Deliveries claimed together for one channel: a `post` group becomes one
 * (batched) message; an `update` group is one document already shown in the
 * channel, whose message is edited and whose thread gets a reply.
 */
export interface ClaimedGroup {
  tenantId: string;
  channelId: string;
  action: 'post' | 'update';
  deliveries: ClaimedDelivery[];
  /** The lease this claim set; outcome writes are fenced on it, so a late instance cannot overwrite a newer claim. */
  leaseUntil: Date;
}

const due = (now: Date) =>
  or(
    and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
    and(eq(deliveries.status, 'posting'), lt(deliveries.leaseUntil, now)),
  );

/** The slot's tenant has no dead Slack installation (none yet is fine: delivery waits for one). */
const installationLive = sql`not exists (select 1 from ${slackInstallations} where ${slackInstallations.tenantId} = ${channelSlots.tenantId} and ${slackInstallations.status} <> 'active')`;

/**
 * Claims at most one group per free channel slot, across every cloud
 * instance: slots and deliveries are locked with SKIP LOCKED so instances never
 * wait on or double-claim each other, and taking a slot pushes that channel's
 * next post a second later. Tenants whose Slack installation is dead are
 * skipped, and so is every channel of a workspace paused by a workspace-wide
 * 429 until its Retry-After has passed.
 */
export async function claimGroups(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedGroup[]> {
  const { now, limit, leaseMs } = options;
  if (limit <= 0) return [];
  return db.transaction(async (tx) => {
    const slots = await tx
      .select()
      .from(channelSlots)
      .where(
        and(
          lte(channelSlots.nextPostAt, now),
          sql`exists (select 1 from ${deliveries} where ${deliveries.tenantId} = ${channelSlots.tenantId} and ${deliveries.channelId} = ${channelSlots.channelId} and ${due(now)})`,
          installationLive,
          not(workspacePaused(channelSlots.tenantId, now)),
        ),
      )
      .orderBy(asc(channelSlots.nextPostAt))
      .limit(limit)
      .for('update', { skipLocked: true });

    const leaseUntil = new Date(now.getTime() + leaseMs);
    const groups: ClaimedGroup[] = [];
    for (const slot of slots) {
      const rows = await tx
        .select({
          id: deliveries.id,
          eventId: deliveries.eventId,
          attempts: deliveries.attempts,
          status: deliveries.status,
          leaseUntil: deliveries.leaseUntil,
          action: deliveries.action,
          company: events.company,
          docType: events.docType,
          docKey: events.docKey,
        })
        .from(deliveries)
        .innerJoin(
          events,
          and(eq(events.tenantId, deliveries.tenantId), eq(events.eventId, deliveries.eventId)),
        )
        .where(
          and(eq(deliveries.tenantId, slot.tenantId), eq(deliveries.channelId, slot.channelId), due(now)),
        )
        .orderBy(asc(deliveries.id))
        .limit(MAX_GROUP)
        .for('update', { of: deliveries, skipLocked: true });
      if (rows.length === 0) continue;
      const shown = await tx
        .select({
          company: postedDocuments.company,
          docType: postedDocuments.docType,
          docKey: postedDocuments.docKey,
        })
        .from(postedDocuments)
        .where(
          and(
            eq(postedDocuments.tenantId, slot.tenantId),
            eq(postedDocuments.channelId, slot.channelId),
            inArray(postedDocuments.docKey, [...new Set(rows.map((r) => r.docKey))]),
          ),
        );
      const alreadyShown = (r: (typeof rows)[number]) =>
        shown.some((s) => s.company === r.company && s.docType === r.docType && s.docKey === r.docKey);
      const first = rows[0]!;
      // A document already shown here is edited, one at a time, in order; new ones are batched.
      const action = first.action === 'update' || alreadyShown(first) ? 'update' : 'post';
      const members =
        action === 'update' ? [first] : rows.filter((r) => r.action !== 'update' && !alreadyShown(r));
      await tx
        .update(deliveries)
        .set({ status: 'posting', attempts: sql`${deliveries.attempts} + 1`, leaseUntil, action })
        .where(
          inArray(
            deliveries.id,
            members.map((m) => m.id),
          ),
        );
      await tx
        .update(channelSlots)
        .set({ nextPostAt: new Date(now.getTime() + CHANNEL_POST_INTERVAL_MS) })
        .where(and(eq(channelSlots.tenantId, slot.tenantId), eq(channelSlots.channelId, slot.channelId)));
      groups.push({
        tenantId: slot.tenantId,
        channelId: slot.channelId,
        action,
        leaseUntil,
        deliveries: members.map((m) => ({
          id: m.id,
          eventId: m.eventId,
          attempt: m.attempts + 1,
          uncertainSince:
            m.status === 'posting' && m.leaseUntil ? new Date(m.leaseUntil.getTime() - leaseMs) : null,
        })),
      });
    }
    return groups;
  });
}

/**
 * When the next channel may post, so an idle dispatcher knows how long it may
 * sleep: per slot with work, the latest of its own next post, its earliest
 * delivery's due time (retry back-off, lease) and its workspace's pause.
 * Null when nothing is waiting; never earlier than `now`.
 */
export async function nextSlotAt(db: Database, now: Date): Promise<Date | null> {
  const dueAt = sql`(select min(case when ${deliveries.status} = 'pending' then ${deliveries.nextAttemptAt} else ${deliveries.leaseUntil} end) from ${deliveries} where ${deliveries.tenantId} = ${channelSlots.tenantId} and ${deliveries.channelId} = ${channelSlots.channelId} and ${deliveries.status} in ('pending', 'posting'))`;
  const [row] = await db
    .select({
      at: sql<
        Date | string | null
      >`min(greatest(${channelSlots.nextPostAt}, ${dueAt}, ${workspacePausedUntil(channelSlots.tenantId)}))`,
    })
    .from(channelSlots)
    .where(
      and(
        sql`exists (select 1 from ${deliveries} where ${deliveries.tenantId} = ${channelSlots.tenantId} and ${deliveries.channelId} = ${channelSlots.channelId} and ${deliveries.status} in ('pending', 'posting'))`,
        installationLive,
      ),
    );
  if (row?.at === null || row?.at === undefined) return null;
  // Aggregates skip the column's type mapping on some drivers: normalise.
  const at = new Date(row.at);
  return at < now ? now : at;
}
