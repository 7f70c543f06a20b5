/**
 * The bot scopes GP Relay asks for, each for a call it makes or an event it
 * must receive (research §5 "Scopes", §6.5). Asking for less breaks a feature;
 * asking for more makes admins hesitate at the consent screen.
 */
export const BOT_SCOPES = [
  // chat.postMessage and chat.update: the messages themselves.
  'chat:write',
  // Post into public channels without being invited first (no `not_in_channel`).
  'chat:write.public',
  // conversations.info/list for public channels, and the channel_* and
  // member_joined_channel events that keep slack_channels current.
  'channels:read',
  // The same for private channels the bot was invited to (group_* events).
  'groups:read',
  // conversations.join: history needs membership even where chat:write.public can post.
  'channels:join',
  // conversations.history in public channels: after a post whose reply was lost,
  // the dispatcher looks for our eventId in message metadata before posting again.
  'channels:history',
  // The same lookup in private channels (Slack splits history scopes by channel type).
  'groups:history',
] as const;
// Not asked for: `metadata.message:read` only gates receiving other apps'
// message_metadata_* events; reading metadata of our own messages through
// conversations.history (include_all_metadata) needs the history scopes above.

/**
 * Events the Slack app must subscribe to (bot events), all handled by
 * /slack/events. Slack only sends what the app configuration lists.
 */
export const BOT_EVENTS = [
  'app_uninstalled',
  'tokens_revoked',
  'channel_archive',
  'channel_unarchive',
  'channel_rename',
  'channel_deleted',
  'channel_left',
  'group_archive',
  'group_unarchive',
  'group_rename',
  'group_deleted',
  'group_left',
  'member_joined_channel',
  'member_left_channel',
] as const;

/** Slack's authorize URL for our app: bot scopes only (no user token), back to our callback. */
export function authorizeUrl(input: {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
}): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('scope', BOT_SCOPES.join(','));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  return url.toString();
}
