import { eq } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import type { SecretBox } from '../crypto/secret-box';
import type { Database, Tx } from '../db/open-database';
import { slackInstallations, tenants } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import type { OAuthGrant, SlackApiFactory } from './slack-api';
import { classifySlackError } from './slack-outcome';

export interface ActiveInstallation {
  tenantId: string;
  teamId: string;
  botToken: string;
}

/**
 * Attaches a bot token to a tenant after Slack confirms it (auth.test). The
 * token is sealed under MASTER_KEY, bound to the tenant; it is never returned.
 */
export async function connectSlack(
  db: Database,
  deps: { slack: SlackApiFactory; box: SecretBox },
  input: { tenantId: string; botToken: string; actor: string; now: Date },
): Promise<{ teamId: string; teamName: string | null; botUserId: string | null }> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) throw new CloudError(CloudErrorCode.notFound, `tenant ${input.tenantId} does not exist`);
  let identity: Awaited<ReturnType<ReturnType<SlackApiFactory>['authTest']>>;
  try {
    identity = await deps.slack(input.botToken).authTest();
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.kind === 'installation-dead' || failure.kind === 'permanent') {
      throw new CloudError(CloudErrorCode.slackTokenRejected, `Slack rejected the token: ${failure.error}`);
    }
    throw new CloudError(
      CloudErrorCode.slackUnavailable,
      `could not reach Slack to check the token: ${failure.error}`,
    );
  }
  const row = {
    tenantId: input.tenantId,
    teamId: identity.teamId,
    teamName: identity.teamName,
    teamUrl: identity.url,
    botUserId: identity.botUserId,
    botId: identity.botId,
    botTokenSealed: deps.box.seal(input.botToken, input.tenantId),
    // A pasted token comes without a refresh token: whatever an earlier OAuth install left is void.
    refreshTokenSealed: null,
    tokenExpiresAt: null,
    refreshLeaseUntil: null,
    status: 'active',
    deadReason: null,
    updatedAt: input.now,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(slackInstallations)
      .values(row)
      .onConflictDoUpdate({ target: slackInstallations.tenantId, set: row });
    await appendAudit(
      tx,
      [
        {
          tenantId: input.tenantId,
          actor: input.actor,
          action: AuditAction.slackConnected,
          details: { teamId: identity.teamId, teamName: identity.teamName },
        },
      ],
      input.now,
    );
  });
  return { teamId: identity.teamId, teamName: identity.teamName, botUserId: identity.botUserId };
}

/** The tenant's usable installation, or null when none is connected or it is dead. */
export async function loadActiveInstallation(
  db: Database | Tx,
  box: SecretBox,
  tenantId: string,
): Promise<ActiveInstallation | null> {
  const [row] = await db.select().from(slackInstallations).where(eq(slackInstallations.tenantId, tenantId));
  if (row?.status !== 'active') return null;
  return { tenantId, teamId: row.teamId, botToken: box.open(row.botTokenSealed, tenantId) };
}

/** Stops dispatch for a tenant whose token Slack no longer accepts; shown in the console. */
export async function markInstallationDead(
  tx: Tx,
  tenantId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(slackInstallations)
    .set({ status: 'dead', deadReason: reason, updatedAt: now })
    .where(eq(slackInstallations.tenantId, tenantId));
}

/** AAD of a sealed refresh token: the tenant, and a purpose so it never opens as a bot token. */
export function refreshTokenAad(tenantId: string): string {
  return `${tenantId}:refresh-token`;
}

/**
 * Stores what an OAuth v2 install granted, inside the caller's transaction
 * (which also writes the audit row). Tokens are sealed under MASTER_KEY bound
 * to the tenant; with token rotation the refresh token and expiry are kept.
 * An org-wide install has no team: its enterprise id stands in as `teamId`.
 */
export async function saveOAuthInstallation(
  tx: Tx,
  box: SecretBox,
  input: {
    tenantId: string;
    grant: OAuthGrant;
    identity: { teamName: string | null; url: string | null; botId: string | null };
    now: Date;
  },
): Promise<{ teamId: string; teamName: string | null; previousTeamId: string | null }> {
  const { grant, tenantId, now } = input;
  const teamId = grant.team?.id ?? grant.enterprise?.id;
  if (!teamId)
    throw new CloudError(CloudErrorCode.internal, 'oauth.v2.access named neither a team nor an org');
  const teamName = grant.team?.name ?? input.identity.teamName ?? grant.enterprise?.name ?? null;
  const [previous] = await tx
    .select({ teamId: slackInstallations.teamId })
    .from(slackInstallations)
    .where(eq(slackInstallations.tenantId, tenantId));
  const row = {
    tenantId,
    teamId,
    teamName,
    teamUrl: input.identity.url,
    enterpriseId: grant.enterprise?.id ?? null,
    isEnterpriseInstall: grant.isEnterpriseInstall,
    appId: grant.appId,
    botUserId: grant.botUserId,
    botId: input.identity.botId,
    scopes: grant.scope,
    botTokenSealed: box.seal(grant.accessToken, tenantId),
    refreshTokenSealed: grant.refreshToken ? box.seal(grant.refreshToken, refreshTokenAad(tenantId)) : null,
    tokenExpiresAt: grant.expiresInSec === null ? null : new Date(now.getTime() + grant.expiresInSec * 1000),
    refreshLeaseUntil: null,
    status: 'active',
    deadReason: null,
    updatedAt: now,
  };
  await tx
    .insert(slackInstallations)
    .values(row)
    .onConflictDoUpdate({ target: slackInstallations.tenantId, set: row });
  return { teamId, teamName, previousTeamId: previous?.teamId ?? null };
}

/**
 * The app was removed from the workspace: the installation is dead and its
 * tokens, revoked by Slack anyway, are erased rather than kept sealed.
 */
export async function purgeInstallationTokens(
  tx: Tx,
  tenantId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(slackInstallations)
    .set({
      status: 'dead',
      deadReason: reason,
      botTokenSealed: '',
      refreshTokenSealed: null,
      tokenExpiresAt: null,
      refreshLeaseUntil: null,
      updatedAt: now,
    })
    .where(eq(slackInstallations.tenantId, tenantId));
}
