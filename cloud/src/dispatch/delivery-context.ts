import type { Delta } from '@gprelay/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { events, slackInstallations } from '../db/schema';
import type { SlackApi, SlackApiFactory } from '../slack/slack-api';
import { namingMethods } from '../slack/slack-method';
import { type BotTokenSource, tokenRefreshingSlack } from './token-refreshing-slack';

export interface DeliverDeps {
  db: Database;
  slack: SlackApiFactory;
  /** Working bot tokens (refreshed under token rotation). */
  tokens: BotTokenSource;
  now: () => Date;
  /** Names the instance in audit rows. */
  actor: string;
  random?: () => number;
}

/** What delivering a group needs: the tenant's Slack client, its workspace URL, and the deltas by eventId. */
export interface DeliveryContext {
  slack: SlackApi;
  teamUrl: string | null;
  deltas: Map<string, Delta>;
}

/** Loads the installation and the events of `eventIds`; null when the tenant has no usable Slack installation. */
export async function loadDeliveryContext(
  deps: DeliverDeps,
  tenantId: string,
  eventIds: readonly string[],
): Promise<DeliveryContext | null> {
  const bot = await deps.tokens.getBotToken(tenantId);
  if (!bot) return null;
  const [meta] = await deps.db
    .select({ teamUrl: slackInstallations.teamUrl })
    .from(slackInstallations)
    .where(eq(slackInstallations.tenantId, tenantId));
  const rows = eventIds.length
    ? await deps.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, tenantId), inArray(events.eventId, [...eventIds])))
    : [];
  return {
    slack: namingMethods(tokenRefreshingSlack(deps.slack, deps.tokens, tenantId, bot.token)),
    teamUrl: meta?.teamUrl ?? null,
    deltas: new Map(rows.map((row) => [row.eventId, deltaOfRow(row)])),
  };
}

/** An events row back as the delta the agent sent. */
export function deltaOfRow(row: typeof events.$inferSelect): Delta {
  return {
    eventId: row.eventId,
    company: row.company,
    docType: row.docType,
    key: row.docKey,
    version: row.version,
    op: 'upsert',
    modifiedAt: row.modifiedAt.toISOString(),
    state: row.state,
    record: row.record,
    ...(row.previous ? { previous: row.previous.record } : {}),
  } as Delta;
}

/** Slack's permalink form, built from the workspace URL instead of a chat.getPermalink call per post. */
export function permalinkOf(teamUrl: string | null, channelId: string, ts: string): string | null {
  if (!teamUrl) return null;
  return `${teamUrl.replace(/\/?$/, '/')}archives/${channelId}/p${ts.replace('.', '')}`;
}
