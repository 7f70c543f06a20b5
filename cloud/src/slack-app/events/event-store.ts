import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database, Tx } from '../../db/open-database';
import { slackEventsSeen, slackInstallations, slackRequestSignatures } from '../../db/schema';
import type { EventTarget } from './interpret-event';
import { SIGNATURE_WINDOW_SEC } from './verify-signature';

export type RecordOutcome =
  /** First sight of this event (or a request without one): accepted and stored. */
  | 'new'
  /** Slack's retry of an event already stored: acknowledge, do nothing. */
  | 'duplicate'
  /** This exact signed request was accepted before: someone is replaying it. */
  | 'replayed';

/**
 * What must be durable before /slack/events answers 200, in one transaction:
 * the request's signature (kept while it could pass the window check, so the
 * same request sent again is seen as a replay) and, for an event, its dedupe
 * row WITH the event itself. A crash after the ack then loses nothing: the
 * sweeper processes rows whose `processed_at` is still null.
 */
export async function recordSignedRequest(
  db: Database,
  input: {
    signature: string;
    timestampSec: number;
    now: Date;
    event?: { eventId: string; teamId: string | null; eventType: string; payload: Record<string, unknown> };
  },
): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(slackRequestSignatures)
      .values({
        signature: input.signature,
        expiresAt: new Date((input.timestampSec + SIGNATURE_WINDOW_SEC) * 1000),
      })
      .onConflictDoNothing()
      .returning({ signature: slackRequestSignatures.signature });
    if (!fresh) return 'replayed';
    if (!input.event) return 'new';
    const { token: _legacyVerificationToken, ...payload } = input.event.payload;
    const [stored] = await tx
      .insert(slackEventsSeen)
      .values({
        eventId: input.event.eventId,
        teamId: input.event.teamId,
        eventType: input.event.eventType,
        payload,
        receivedAt: input.now,
      })
      .onConflictDoNothing()
      .returning({ eventId: slackEventsSeen.eventId });
    return stored ? 'new' : 'duplicate';
  });
}

/** How long handled event ids are remembered; Slack's last retry comes about 5 minutes after the first try. */
const EVENT_RETENTION_MS = 24 * 60 * 60_000;
/** Events that never could be processed are kept a week for the operator to look at. */
const FAILED_EVENT_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** Forgets signatures past their window and old event rows. Idempotent; any instance may run it. */
export async function pruneSlackRequests(db: Database, now: Date): Promise<void> {
  await db.delete(slackRequestSignatures).where(lt(slackRequestSignatures.expiresAt, now));
  await db
    .delete(slackEventsSeen)
    .where(
      or(
        lt(slackEventsSeen.processedAt, new Date(now.getTime() - EVENT_RETENTION_MS)),
        and(
          isNull(slackEventsSeen.processedAt),
          lt(slackEventsSeen.receivedAt, new Date(now.getTime() - FAILED_EVENT_RETENTION_MS)),
        ),
      ),
    );
}

/**
 * Installations an event concerns: those of its workspace, or for an org-wide
 * install, of its org. Several tenants may share one workspace.
 */
export async function installationsFor(db: Database | Tx, target: EventTarget) {
  const conditions = [];
  if (target.teamId) {
    conditions.push(
      and(eq(slackInstallations.teamId, target.teamId), eq(slackInstallations.isEnterpriseInstall, false)),
    );
  }
  if (target.enterpriseId) {
    conditions.push(
      and(
        eq(slackInstallations.enterpriseId, target.enterpriseId),
        eq(slackInstallations.isEnterpriseInstall, true),
      ),
    );
  }
  if (conditions.length === 0) return [];
  return db
    .select({
      tenantId: slackInstallations.tenantId,
      botUserId: slackInstallations.botUserId,
      status: slackInstallations.status,
      deadReason: slackInstallations.deadReason,
    })
    .from(slackInstallations)
    .where(or(...conditions));
}
