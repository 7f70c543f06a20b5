import { and, asc, eq, lt, lte, min, or, sql } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { channelSlots, deliveries, slackInstallations } from '../db/schema';

/** Slack allows about one message per second per channel (slack-api.md §3). */
export const CHANNEL_POST_INTERVAL_MS = 1000;

export interface ClaimedDelivery {
  id: number;
  tenantId: string;
  channelId: string;
  eventId: string;
  /** The attempt number this claim holds; outcome writes are fenced on it. */
  attempt: number;
  /**
   * Set when an earlier attempt's lease ran out without an outcome: the post may
   * have landed. The channel must be searched from this time before posting.
   */
  uncertainSince: Date | null;
}

const due = (now: Date) =>
  or(
    and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
    and(eq(deliveries.status, 'posting'), lt(deliveries.leaseUntil, now)),
  );

/**
 * Claims at most one due delivery per free channel slot, across every cloud
 * instance: slots and deliveries are locked with SKIP LOCKED so instances never
 * wait on or double-claim each other, and taking a slot pushes that channel's
 * next post a second later. Tenants whose Slack installation is dead are skipped.
 */
export async function claimDeliveries(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
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
          sql`not exists (select 1 from ${slackInstallations} where ${slackInstallations.tenantId} = ${channelSlots.tenantId} and ${slackInstallations.status} <> 'active')`,
        ),
      )
      .orderBy(asc(channelSlots.nextPostAt))
      .limit(limit)
      .for('update', { skipLocked: true });

    const claimed: ClaimedDelivery[] = [];
    for (const slot of slots) {
      const [delivery] = await tx
        .select()
        .from(deliveries)
        .where(
          and(eq(deliveries.tenantId, slot.tenantId), eq(deliveries.channelId, slot.channelId), due(now)),
        )
        .orderBy(asc(deliveries.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!delivery) continue;
      const attempt = delivery.attempts + 1;
      await tx
        .update(deliveries)
        .set({ status: 'posting', attempts: attempt, leaseUntil: new Date(now.getTime() + leaseMs) })
        .where(eq(deliveries.id, delivery.id));
      await tx
        .update(channelSlots)
        .set({ nextPostAt: new Date(now.getTime() + CHANNEL_POST_INTERVAL_MS) })
        .where(and(eq(channelSlots.tenantId, slot.tenantId), eq(channelSlots.channelId, slot.channelId)));
      const uncertainSince =
        delivery.status === 'posting' && delivery.leaseUntil
          ? new Date(delivery.leaseUntil.getTime() - leaseMs)
          : null;
      claimed.push({
        id: delivery.id,
        tenantId: delivery.tenantId,
        channelId: delivery.channelId,
        eventId: delivery.eventId,
        attempt,
        uncertainSince,
      });
    }
    return claimed;
  });
}

/** When the next slot with due work opens, so an idle dispatcher knows how long it may sleep. */
export async function nextSlotAt(db: Database, now: Date): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(channelSlots.nextPostAt) })
    .from(channelSlots)
    .where(
      sql`exists (select 1 from ${deliveries} where ${deliveries.tenantId} = ${channelSlots.tenantId} and ${deliveries.channelId} = ${channelSlots.channelId} and ${deliveries.status} in ('pending', 'posting'))`,
    );
  if (row?.at === null || row?.at === undefined) return null;
  // Aggregates skip the column's type mapping on some drivers: normalise.
  const at = new Date(row.at as Date | string);
  return at < now ? now : at;
}
