import { eq } from 'drizzle-orm';
import { AuditAction } from '../audit/audit-actions';
import { appendAudit } from '../audit/audit-log';
import type { SecretBox } from '../crypto/secret-box';
import type { Database, Tx } from '../db/open-database';
import { slackInstallations, tenants } from '../db/schema';
import { CloudError, CloudErrorCode } from '../errors';
import type { SlackApiFactory } from './slack-api';
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
    botUserId: identity.botUserId,
    botId: identity.botId,
    botTokenSealed: deps.box.seal(input.botToken, input.tenantId),
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
