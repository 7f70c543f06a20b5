import { and, eq, inArray } from 'drizzle-orm';
import { deliveries } from '../db/schema';
import type { ClaimedGroup } from './claim-deliveries';
import { deliverPost } from './deliver-post';
import { deliverUpdate } from './deliver-update';
import { type DeliverDeps, loadDeliveryContext } from './delivery-context';
import type { DeliveryOutcome } from './record-outcome';

/** Delivers one claimed group (a batch post, or an edit of a shown document); one outcome per delivery. */
export async function deliverGroup(deps: DeliverDeps, group: ClaimedGroup): Promise<DeliveryOutcome[]> {
  const ctx = await loadDeliveryContext(
    deps,
    group.tenantId,
    group.deliveries.map((d) => d.eventId),
  );
  if (!ctx) {
    // No usable Slack installation yet: give the deliveries back; they are tried again later.
    const retryAt = new Date(deps.now().getTime() + 30_000);
    await deps.db
      .update(deliveries)
      .set({
        status: 'pending',
        nextAttemptAt: retryAt,
        leaseUntil: null,
        lastError: 'no active Slack installation',
      })
      .where(
        and(
          inArray(
            deliveries.id,
            group.deliveries.map((d) => d.id),
          ),
          eq(deliveries.leaseUntil, group.leaseUntil),
        ),
      );
    return group.deliveries.map(() => 'retry');
  }
  return group.action === 'update' ? deliverUpdate(deps, group, ctx) : deliverPost(deps, group, ctx);
}
