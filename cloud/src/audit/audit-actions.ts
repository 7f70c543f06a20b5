/** Every decision the cloud records. Values are stable: they are searched and exported. */
export const AuditAction = {
  received: 'event.received',
  duplicate: 'event.duplicate',
  matched: 'route.matched',
  filtered: 'route.filtered',
  posted: 'slack.posted',
  updated: 'slack.updated',
  recovered: 'slack.recovered',
  rateLimited: 'slack.rate_limited',
  failed: 'slack.failed',
  retrying: 'slack.retrying',
  installationDead: 'slack.installation_dead',
  agentEnrolled: 'agent.enrolled',
  agentConnected: 'agent.connected',
  agentAuthRejected: 'agent.auth_rejected',
  agentProtocolError: 'agent.protocol_error',
  agentAlert: 'agent.alert',
  tenantCreated: 'config.tenant_created',
  slackConnected: 'config.slack_connected',
  ruleCreated: 'config.rule_created',
  enrollmentCodeCreated: 'config.enrollment_code_created',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** Chain for rows that belong to no tenant (e.g. a connection with an unknown agent key). */
export const SYSTEM_CHAIN = '_system';
