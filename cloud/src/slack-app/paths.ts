/** The public (browser- and Slack-facing) routes of the Slack app, relative to PUBLIC_URL. */
export const SlackAppPath = {
  install: '/slack/install',
  callback: '/slack/oauth/callback',
  events: '/slack/events',
} as const;

/** The redirect URL to register in the Slack app, and to send in authorize + oauth.v2.access. */
export function redirectUri(publicUrl: string): string {
  return `${publicUrl}${SlackAppPath.callback}`;
}
