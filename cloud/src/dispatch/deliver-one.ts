import type { Delta } from '@gprelay/shared';
import { and, eq } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../audit/audit-log';
import type { SecretBox } from '../crypto/secret-box';
import type { Database } from '../db/open-database';
import { channelSlots, deliveries, events } from '../db/schema';
import { sourceRecordId } from '../ingest/ingest-deltas';
import { factsOf } from '../routing/document-facts';
import { loadActiveInstallation, markInstallationDead } from '../slack/installations';
import { buildMessage } from '../slack/messages/build-message';
import type { SlackApiFactory } from '../slack/slack-api';
import { classifySlackError, type SlackFailure } from '../slack/slack-outcome';
import type { ClaimedDelivery } from './claim-deliveries';
import { MAX_DELIVERY_ATTEMPTS, transientRetryDelayMs } from './retry-delay';

export interface DeliverDeps {
  db: Database;
  box: SecretBox;
  slack: SlackApiFactory;
  now: () => Date;
  actor: string;
  random?: () => number;
}

export type DeliveryOutcome =
  | 'posted'
  | 'recovered'
  | 'retry'
  | 'failed'
  | 'installation-dead'
  | 'lost-lease';

/** How far before the earlier attempt's claim the channel is searched, for clock differences. */
const RECONCILE_MARGIN_MS = 60_000;

/**
 * Posts one claimed delivery and records what happened. If an earlier attempt
 * may have landed (lease ran out), the channel is searched for our eventId
 * first, so a lost reply never becomes a second message.
 */
export async function deliverOne(deps: DeliverDeps, claim: ClaimedDelivery): Promise<DeliveryOutcome> {
  const { db } = deps;
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, claim.tenantId), eq(events.eventId, claim.eventId)));
  if (!event) return finish(deps, claim, { kind: 'permanent', error: 'event_missing' }, null);
  const delta = {
    eventId: event.eventId,
    company: event.company,
    docType: event.docType,
    key: event.docKey,
    version: event.version,
    op: 'upsert',
    modifiedAt: event.modifiedAt.toISOString(),
    state: event.state,
    record: event.record,
  } as Delta;
  const installation = await loadActiveInstallation(db, deps.box, claim.tenantId);
  if (!installation) return release(deps, claim, 'no active Slack installation');
  const slack = deps.slack(installation.botToken);

  if (claim.uncertainSince) {
    try {
      const oldest = ((claim.uncertainSince.getTime() - RECONCILE_MARGIN_MS) / 1000).toFixed(6);
      const found = (await slack.history(claim.channelId, oldest)).find(
        (m) => m.metadata?.event_payload?.event_id === claim.eventId,
      );
      if (found) return finish(deps, claim, { ts: found.ts, recovered: true }, delta);
    } catch (error) {
      const failure = classifySlackError(error);
      // Nothing new was posted by a failed lookup: only pacing and dead tokens matter here.
      return finish(
        deps,
        claim,
        failure.kind === 'unknown' ? { kind: 'transient', error: failure.error } : failure,
        delta,
      );
    }
  }
  try {
    const posted = await slack.postMessage(claim.channelId, buildMessage(delta));
    return finish(deps, claim, { ts: posted.ts, recovered: false }, delta);
  } catch (error) {
    return finish(deps, claim, classifySlackError(error), delta);
  }
}

type Result = { ts: string; recovered: boolean } | SlackFailure;

async function finish(deps: DeliverDeps, claim: ClaimedDelivery, result: Result, delta: Delta | null) {
  const now = deps.now();
  const audit: AuditEntry = {
    tenantId: claim.tenantId,
    actor: deps.actor,
    action: AuditAction.failed,
    eventId: claim.eventId,
    channelId: claim.channelId,
    sourceRecordId: delta ? sourceRecordId(delta) : null,
  };
  const documentNumber = delta ? { documentNumber: factsOf(delta).reference, attempt: claim.attempt } : {};
  return deps.db.transaction(async (tx): Promise<DeliveryOutcome> => {
    // Fenced on the attempt: if our lease ran out and another instance took over, its outcome wins.
    const mine = and(
      eq(deliveries.id, claim.id),
      eq(deliveries.attempts, claim.attempt),
      eq(deliveries.status, 'posting'),
    );
    const update = (set: Partial<typeof deliveries.$inferInsert>) =>
      tx.update(deliveries).set(set).where(mine).returning({ id: deliveries.id });
    if ('ts' in result) {
      const rows = await update({
        status: 'posted',
        slackTs: result.ts,
        postedAt: now,
        leaseUntil: null,
        lastError: null,
      });
      if (rows.length === 0) return 'lost-lease';
      await appendAudit(
        tx,
        [
          {
            ...audit,
            action: result.recovered ? AuditAction.recovered : AuditAction.posted,
            slackTs: result.ts,
            details: documentNumber,
          },
        ],
        now,
      );
      return result.recovered ? 'recovered' : 'posted';
    }
    const details = { ...documentNumber, error: result.error };
    switch (result.kind) {
      case 'rate-limited': {
        const retryAt = new Date(now.getTime() + result.retryAfterMs);
        if (
          (
            await update({
              status: 'pending',
              nextAttemptAt: retryAt,
              leaseUntil: null,
              lastError: result.error,
            })
          ).length === 0
        ) {
          return 'lost-lease';
        }
        await tx
          .update(channelSlots)
          .set({ nextPostAt: retryAt })
          .where(and(eq(channelSlots.tenantId, claim.tenantId), eq(channelSlots.channelId, claim.channelId)));
        await appendAudit(
          tx,
          [
            {
              ...audit,
              action: AuditAction.rateLimited,
              details: { ...details, retryAfterMs: result.retryAfterMs },
            },
          ],
          now,
        );
        return 'retry';
      }
      case 'transient':
      case 'unknown': {
        if (claim.attempt >= MAX_DELIVERY_ATTEMPTS) break;
        const retryAt = new Date(now.getTime() + transientRetryDelayMs(claim.attempt, deps.random));
        // An unknown outcome stays `posting` with a lease that ends at the retry time: the next claim searches the channel first.
        const set =
          result.kind === 'unknown'
            ? { leaseUntil: retryAt, lastError: result.error }
            : {
                status: 'pending' as const,
                nextAttemptAt: retryAt,
                leaseUntil: null,
                lastError: result.error,
              };
        if ((await update(set)).length === 0) return 'lost-lease';
        await appendAudit(
          tx,
          [
            {
              ...audit,
              action: AuditAction.retrying,
              details: { ...details, outcome: result.kind, retryAt: retryAt.toISOString() },
            },
          ],
          now,
        );
        return 'retry';
      }
      case 'installation-dead': {
        if ((await update({ status: 'pending', leaseUntil: null, lastError: result.error })).length === 0)
          return 'lost-lease';
        await markInstallationDead(tx, claim.tenantId, result.error, now);
        await appendAudit(tx, [{ ...audit, action: AuditAction.installationDead, details }], now);
        return 'installation-dead';
      }
      case 'permanent':
        break;
    }
    if ((await update({ status: 'failed', leaseUntil: null, lastError: result.error })).length === 0)
      return 'lost-lease';
    await appendAudit(tx, [{ ...audit, details }], now);
    return 'failed';
  });
}

/** Gives the delivery back untouched (e.g. the tenant has no Slack yet); it is retried later. */
async function release(deps: DeliverDeps, claim: ClaimedDelivery, reason: string): Promise<DeliveryOutcome> {
  const retryAt = new Date(deps.now().getTime() + 30_000);
  await deps.db
    .update(deliveries)
    .set({ status: 'pending', nextAttemptAt: retryAt, leaseUntil: null, lastError: reason })
    .where(and(eq(deliveries.id, claim.id), eq(deliveries.attempts, claim.attempt)));
  return 'retry';
}
