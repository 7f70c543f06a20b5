import { eq, gt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/open-database';
import { slackInstallations, slackWorkspaceLimits } from '../db/schema';
import { RateLimitReason, RateLimitScope, rateLimitScope } from './rate-limit-scope';

/** What a recorded 429 ended up pausing. */
export interface RecordedRateLimit {
  scope: RateLimitScope;
  reason: RateLimitReason;
  /** The workspace, when the tenant has an installation. */
  teamId: string | null;
  /** Workspace scope: when the workspace may be called again (a longer pause already running is kept). */
  pausedUntil: Date | null;
}

/**
 * Records a Slack 429 for `channelId` in the caller's transaction and decides
 * its scope (see `rateLimitScope`). A workspace-scoped one pauses every
 * channel of every tenant installed in that team until `retryAt`, across all
 * cloud instances; a pause is only ever extended, never shortened. The team's
 * row is locked first, so 429s of one workspace recorded at the same moment by
 * several instances are decided one after another and each sees the others.
 */
export async function recordRateLimit(
  tx: Tx,
  input: {
    tenantId: string;
    channelId: string;
    method: string | undefined;
    error: string;
    retryAt: Date;
    now: Date;
  },
): Promise<RecordedRateLimit> {
  const { tenantId, channelId, method, error, retryAt, now } = input;
  const [installation] = await tx
    .select({ teamId: slackInstallations.teamId })
    .from(slackInstallations)
    .where(eq(slackInstallations.tenantId, tenantId));
  const teamId = installation?.teamId ?? null;
  if (teamId === null) {
    // The installation went away meanwhile: no workspace to pause, the channel waits.
    return { scope: RateLimitScope.channel, reason: RateLimitReason.noWorkspace, teamId, pausedUntil: null };
  }
  await tx.insert(slackWorkspaceLimits).values({ teamId, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(slackWorkspaceLimits)
    .where(eq(slackWorkspaceLimits.teamId, teamId))
    .for('update');
  const channelLimit =
    row?.channelLimitedId && row.channelLimitedUntil
      ? { channelId: row.channelLimitedId, until: row.channelLimitedUntil }
      : null;
  const decided = rateLimitScope({ method, error, channelId, channelLimit, now });
  if (decided.scope === RateLimitScope.channel) {
    const sameChannel = channelLimit?.channelId === channelId;
    const until = sameChannel && channelLimit.until > retryAt ? channelLimit.until : retryAt;
    await tx
      .update(slackWorkspaceLimits)
      .set({ channelLimitedId: channelId, channelLimitedUntil: until, updatedAt: now })
      .where(eq(slackWorkspaceLimits.teamId, teamId));
    return { ...decided, teamId, pausedUntil: null };
  }
  const running = row?.rateLimitedUntil ?? null;
  const longer = running === null || running < retryAt;
  const pausedUntil = longer ? retryAt : running;
  if (longer) {
    await tx
      .update(slackWorkspaceLimits)
      .set({ rateLimitedUntil: retryAt, rateLimitedMethod: method ?? error, updatedAt: now })
      .where(eq(slackWorkspaceLimits.teamId, teamId));
  }
  return { ...decided, teamId, pausedUntil };
}

/**
 * True while the Slack workspace of the tenant in `tenantIdColumn` is paused by
 * a workspace-wide 429: the claim skips every channel of that tenant.
 */
export function workspacePaused(tenantIdColumn: AnyPgColumn, now: Date): SQL {
  return sql`exists (select 1 from ${slackInstallations} inner join ${slackWorkspaceLimits} on ${slackWorkspaceLimits.teamId} = ${slackInstallations.teamId} where ${slackInstallations.tenantId} = ${tenantIdColumn} and ${gt(slackWorkspaceLimits.rateLimitedUntil, now)})`;
}

/** When the workspace pause of the tenant in `tenantIdColumn` lifts; null when there is none on record. */
export function workspacePausedUntil(tenantIdColumn: AnyPgColumn): SQL<Date | null> {
  return sql`(select max(${slackWorkspaceLimits.rateLimitedUntil}) from ${slackInstallations} inner join ${slackWorkspaceLimits} on ${slackWorkspaceLimits.teamId} = ${slackInstallations.teamId} where ${slackInstallations.tenantId} = ${tenantIdColumn})`;
}
