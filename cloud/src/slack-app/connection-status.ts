import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { slackChannels, slackInstallations } from '../db/schema';

/** What the operator API (and later the console) shows of a tenant's Slack connection. No secrets. */
export interface SlackConnectionStatus {
  installed: boolean;
  installation: {
    /** `active`, or `dead` (dispatch for the tenant is paused until it is reinstalled). */
    status: string;
    deadReason: string | null;
    teamId: string;
    teamName: string | null;
    teamUrl: string | null;
    enterpriseId: string | null;
    isEnterpriseInstall: boolean;
    appId: string | null;
    botUserId: string | null;
    botId: string | null;
    scopes: string[];
    tokenRotation: boolean;
    tokenExpiresAt: string | null;
    updatedAt: string;
  } | null;
  /** Channels Slack told us about: `ok`, `archived`, `deleted` or `bot_removed`. */
  channels: Array<{ channelId: string; name: string | null; status: string; updatedAt: string }>;
}

export async function slackConnectionStatus(db: Database, tenantId: string): Promise<SlackConnectionStatus> {
  const [row] = await db.select().from(slackInstallations).where(eq(slackInstallations.tenantId, tenantId));
  const channels = await db
    .select()
    .from(slackChannels)
    .where(eq(slackChannels.tenantId, tenantId))
    .orderBy(asc(slackChannels.channelId));
  return {
    installed: row !== undefined,
    installation: row
      ? {
          status: row.status,
          deadReason: row.deadReason,
          teamId: row.teamId,
          teamName: row.teamName,
          teamUrl: row.teamUrl,
          enterpriseId: row.enterpriseId,
          isEnterpriseInstall: row.isEnterpriseInstall,
          appId: row.appId,
          botUserId: row.botUserId,
          botId: row.botId,
          scopes: row.scopes ? row.scopes.split(',').filter(Boolean) : [],
          tokenRotation: row.refreshTokenSealed !== null,
          tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
          updatedAt: row.updatedAt.toISOString(),
        }
      : null,
    channels: channels.map((c) => ({
      channelId: c.channelId,
      name: c.name,
      status: c.status,
      updatedAt: c.updatedAt.toISOString(),
    })),
  };
}
