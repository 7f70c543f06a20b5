/** Every decision the cloud records. Values are stable: they are searched and exported. */
export const AuditAction = {
  received: 'event.received',
  duplicate: 'event.duplicate',
  /**
   * Older trails only: ingest used to write a row per matched channel and per
   * unrouted delta; the `event.received` row's details now carry the outcome
   * (`routes`: rule and channel; `filtered`: each rule's reason).
   */
  matched: 'route.matched',
  filtered: 'route.filtered',
  posted: 'slack.posted',
  updated: 'slack.updated',
  recovered: 'slack.recovered',
  rateLimited: 'slack.rate_limited',
  failed: 'slack.failed',
  retrying: 'slack.retrying',
  installationDead: 'slack.installation_dead',
  replayed: 'delivery.replayed',
  agentEnrolled: 'agent.enrolled',
  agentConnected: 'agent.connected',
  agentAuthRejected: 'agent.auth_rejected',
  agentProtocolError: 'agent.protocol_error',
  agentAlert: 'agent.alert',
  tenantCreated: 'config.tenant_created',
  slackConnected: 'config.slack_connected',
  ruleCreated: 'config.rule_created',
  enrollmentCodeCreated: 'config.enrollment_code_created',
  // Slack app lifecycle: install (OAuth v2), token rotation, Events API.
  slackInstallLinkCreated: 'config.slack_install_link_created',
  slackInstallStarted: 'slack.install_started',
  /** An install link or OAuth state was refused (unknown, expired, used, other browser, altered). */
  slackInstallRefused: 'slack.install_refused',
  slackInstallCancelled: 'slack.install_cancelled',
  /** Slack refused the code exchange, or the new token failed auth.test. */
  slackInstallFailed: 'slack.install_failed',
  slackInstalled: 'config.slack_installed',
  slackTokenRefreshed: 'slack.token_refreshed',
  slackTokenRefreshFailed: 'slack.token_refresh_failed',
  /** A request to /slack/events was refused: forged, stale, from the future, or replayed. */
  slackEventRejected: 'slack.event_rejected',
  /** Slack delivered an event_id again (its retries); handled once. */
  slackEventDuplicate: 'slack.event_duplicate',
  slackUrlVerified: 'slack.url_verified',
  slackAppUninstalled: 'slack.app_uninstalled',
  slackTokensRevoked: 'slack.tokens_revoked',
  /** A channel was archived, unarchived, renamed, deleted, or the bot left or rejoined it. */
  slackChannelChanged: 'slack.channel_changed',
  /** An event for a workspace no tenant has installed. */
  slackEventUnmatched: 'slack.event_unmatched',
  slackEventIgnored: 'slack.event_ignored',
  /** An event could not be processed after several attempts. */
  slackEventFailed: 'slack.event_failed',
  /** Slack is dropping our events (`app_rate_limited`: over 30,000 per workspace per hour). */
  slackEventsRateLimited: 'slack.events_rate_limited',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** Chain for rows that belong to no tenant (e.g. a connection with an unknown agent key). */
export const SYSTEM_CHAIN = '_system';
