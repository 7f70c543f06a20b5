export { type AlertBody, AlertBuffer } from './alert-buffer';
export { type BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
export {
  CloudConnection,
  type CloudConnectionEvents,
  type CloudConnectionOptions,
  type CloudConnectionStats,
  type ConnectCredentials,
  type OutboxPort,
} from './cloud-connection';
export { AGENT_SOCKET_PATH, agentSocketUrl, ENROLL_PATH, normalizeCloudUrl, redactUrl } from './cloud-url';
export { CONNECT_JWT_MAX_TTL_SECONDS, type MintConnectJwtOptions, mintConnectJwt } from './connect-jwt';
export {
  AgentCloseCode,
  type ConnectionState,
  type ConnectionStatus,
  FatalCloseCode,
  fatalCloseReason,
  RetryReason,
  StopReason,
} from './connection-state';
export { systemTimers, type TimerHandle, type Timers } from './timers';
