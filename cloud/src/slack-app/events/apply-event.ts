import { lte } from 'drizzle-orm';
import { AuditAction } from '../../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../../audit/audit-log';
import type { Tx } from '../../db/open-database';
import { slackChannels } from '../../db/schema';
import { purgeInstallationTokens } from '../../slack/installations';
import { installationsFor } from './event-store';
import { type EventEffect, eventTarget, interpretEvent } from './interpret-event';

const ACTOR = 'slack';

/**
 * Applies one stored `event_callback` inside the caller's transaction (which
 * also marked it processed): to every installation of its workspace, each
 * effect with its audit row.
 */
export async function applySlackEvent(
  tx: Tx,
  row: { eventId: string; payload: Record<string, unknown> | null },
  now: Date,
): Promise<void> {
  const envelope = row.payload ?? {};
  const event = (envelope.event ?? {}) as Record<string, unknown>;
  const type = typeof event.type === 'string' ? event.type : '(none)';
  const eventTime = typeof envelope.event_time === 'number' ? new Date(envelope.event_time * 1000) : now;
  const target = eventTarget(envelope);
  const installations = await installationsFor(tx, target);
  const base = { slackEventId: row.eventId, type };
  if (installations.length === 0) {
    await appendAudit(
      tx,
      [
        {
          tenantId: null,
          actor: ACTOR,
          action: AuditAction.slackEventUnmatched,
          details: { ...base, ...target },
        },
      ],
      now,
    );
    return;
  }
  const audit: AuditEntry[] = [];
  for (const installation of installations) {
    const { tenantId } = installation;
    const effect = interpretEvent(event, installation.botUserId);
    const entry = await applyEffect(tx, installation, effect, eventTime, now);
    if (entry) audit.push({ tenantId, actor: ACTOR, ...entry, details: { ...base, ...entry.details } });
  }
  await appendAudit(tx, audit, now);
}

async function applyEffect(
  tx: Tx,
  { tenantId, deadReason }: { tenantId: string; deadReason: string | null },
  effect: EventEffect,
  eventTime: Date,
  now: Date,
): Promise<Pick<AuditEntry, 'action' | 'channelId' | 'details'> | null> {
  switch (effect.kind) {
    case 'app-uninstalled':
      // Slack revokes every token of the app; keeping them, even sealed, serves nothing.
      await purgeInstallationTokens(tx, tenantId, 'app_uninstalled', now);
      return { action: AuditAction.slackAppUninstalled, details: { installation: 'dead' } };
    case 'tokens-revoked':
      // Slack sends both on uninstall, in either order; "uninstalled" is the reason worth showing.
      await purgeInstallationTokens(
        tx,
        tenantId,
        deadReason === 'app_uninstalled' ? 'app_uninstalled' : 'tokens_revoked',
        now,
      );
      return { action: AuditAction.slackTokensRevoked, details: { installation: 'dead' } };
    case 'channel': {
      const applied = await upsertChannel(tx, tenantId, effect, eventTime);
      return {
        action: applied ? AuditAction.slackChannelChanged : AuditAction.slackEventIgnored,
        channelId: effect.channelId,
        details: applied
          ? {
              change: effect.change,
              ...(effect.status ? { status: effect.status } : {}),
              ...(effect.name ? { name: effect.name } : {}),
            }
          : { reason: 'older than the last change known for this channel', change: effect.change },
      };
    }
    case 'ignored':
      return effect.quiet
        ? null
        : { action: AuditAction.slackEventIgnored, details: { reason: effect.reason } };
  }
}

/**
 * Records a channel change unless a newer one is already known: Slack does not
 * promise order (a retried archive may land after the unarchive). Returns
 * whether the change was applied.
 */
async function upsertChannel(
  tx: Tx,
  tenantId: string,
  effect: Extract<EventEffect, { kind: 'channel' }>,
  eventTime: Date,
): Promise<boolean> {
  const set: Partial<typeof slackChannels.$inferInsert> = { updatedAt: eventTime };
  if (effect.status) set.status = effect.status;
  if (effect.name) set.name = effect.name;
  const applied = await tx
    .insert(slackChannels)
    .values({
      tenantId,
      channelId: effect.channelId,
      name: effect.name ?? null,
      status: effect.status ?? 'ok',
      updatedAt: eventTime,
    })
    .onConflictDoUpdate({
      target: [slackChannels.tenantId, slackChannels.channelId],
      set,
      setWhere: lte(slackChannels.updatedAt, eventTime),
    })
    .returning({ channelId: slackChannels.channelId });
  return applied.length > 0;
}
