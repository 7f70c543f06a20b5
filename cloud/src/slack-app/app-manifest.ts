import { BOT_EVENTS, BOT_SCOPES } from './oauth/bot-scopes';
import { redirectUri, SlackAppPath } from './paths';

/**
 * The Slack app manifest for this deployment (paste it at api.slack.com/apps →
 * "Create New App" → "From a manifest"): the redirect URL, the Events request
 * URL, and exactly the scopes and events the code uses, from one source.
 */
export function slackAppManifest(publicUrl: string, options: { tokenRotation: boolean }) {
  return {
    display_information: {
      name: 'GP Relay',
      description: 'Dynamics GP payables, purchasing and ledger activity in your channels',
    },
    features: { bot_user: { display_name: 'GP Relay', always_online: false } },
    oauth_config: { redirect_urls: [redirectUri(publicUrl)], scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: `${publicUrl}${SlackAppPath.events}`, bot_events: [...BOT_EVENTS] },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: options.tokenRotation,
    },
  };
}
