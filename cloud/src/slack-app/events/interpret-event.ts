/** What `slack_channels.status` says about posting to a channel. */
export const ChannelStatus = {
  ok: 'ok',
  archived: 'archived',
  deleted: 'deleted',
  botRemoved: 'bot_removed',
} as const;
export type ChannelStatus = (typeof ChannelStatus)[keyof typeof ChannelStatus];

/** What one Slack event means for one installation. */
export type EventEffect =
  | { kind: 'app-uninstalled' }
  | { kind: 'tokens-revoked' }
  /** `status` and/or `name` change; `change` names it for the audit row. */
  | { kind: 'channel'; channelId: string; change: string; status?: ChannelStatus; name?: string }
  /** `quiet`: not worth an audit row (e.g. a person joining a channel the bot is in). */
  | { kind: 'ignored'; reason: string; quiet: boolean };

type SlackEvent = Record<string, unknown> & { type?: unknown };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Maps an inner `event` of an `event_callback` to its effect for an
 * installation whose bot user is `botUserId` (research §6.5). Channel events
 * come as `channel_*` for public and `group_*` for private channels; the bot
 * being removed arrives as `channel_left`/`group_left` (sent to the bot) or as
 * `member_left_channel` naming the bot.
 */
export function interpretEvent(event: SlackEvent, botUserId: string | null): EventEffect {
  const type = str(event.type) ?? '';
  const channelId = str(event.channel);
  switch (type) {
    case 'app_uninstalled':
      return { kind: 'app-uninstalled' };
    case 'tokens_revoked': {
      const tokens = (event.tokens ?? {}) as { bot?: unknown };
      const bots = Array.isArray(tokens.bot) ? tokens.bot : [];
      // The list names user ids, not tokens; only our bot user's revocation matters (we hold no user tokens).
      if (botUserId !== null && bots.includes(botUserId)) return { kind: 'tokens-revoked' };
      return { kind: 'ignored', reason: 'revoked tokens are not ours', quiet: false };
    }
    case 'channel_archive':
    case 'group_archive':
      return channelId
        ? { kind: 'channel', channelId, change: 'archived', status: ChannelStatus.archived }
        : malformed(type);
    case 'channel_unarchive':
    case 'group_unarchive':
      return channelId
        ? { kind: 'channel', channelId, change: 'unarchived', status: ChannelStatus.ok }
        : malformed(type);
    case 'channel_deleted':
    case 'group_deleted':
      return channelId
        ? { kind: 'channel', channelId, change: 'deleted', status: ChannelStatus.deleted }
        : malformed(type);
    case 'channel_rename':
    case 'group_rename': {
      // Here `channel` is an object: { id, name, created }.
      const channel = (event.channel ?? {}) as { id?: unknown; name?: unknown };
      const id = str(channel.id);
      const name = str(channel.name);
      return id && name ? { kind: 'channel', channelId: id, change: 'renamed', name } : malformed(type);
    }
    case 'channel_left':
    case 'group_left':
      return channelId
        ? { kind: 'channel', channelId, change: 'bot_removed', status: ChannelStatus.botRemoved }
        : malformed(type);
    case 'member_left_channel':
    case 'member_joined_channel': {
      const user = str(event.user);
      if (!channelId || !user) return malformed(type);
      if (botUserId === null || user !== botUserId) {
        return { kind: 'ignored', reason: 'a member other than our bot', quiet: true };
      }
      return type === 'member_left_channel'
        ? { kind: 'channel', channelId, change: 'bot_removed', status: ChannelStatus.botRemoved }
        : { kind: 'channel', channelId, change: 'bot_joined', status: ChannelStatus.ok };
    }
    default:
      return { kind: 'ignored', reason: `event type ${type || '(none)'} is not handled`, quiet: false };
  }
}

function malformed(type: string): EventEffect {
  return { kind: 'ignored', reason: `${type} without the expected channel fields`, quiet: false };
}

/** Which installations an event concerns: its workspace, or its org for org-wide installs. */
export interface EventTarget {
  teamId: string | null;
  enterpriseId: string | null;
}

export function eventTarget(envelope: Record<string, unknown>): EventTarget {
  const auth = Array.isArray(envelope.authorizations)
    ? ((envelope.authorizations[0] ?? {}) as Record<string, unknown>)
    : {};
  return {
    teamId: str(envelope.team_id) ?? str(auth.team_id) ?? null,
    enterpriseId: str(envelope.enterprise_id) ?? str(auth.enterprise_id) ?? null,
  };
}
