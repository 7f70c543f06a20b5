/** The agent's public surface, for the cross-process tests and tools in test/. */
export type { AgentConfig, SourceConfig } from './config/agent-config';
export { AgentError, AgentErrorCode, isAgentError } from './errors';
export {
  AuthReportingSource,
  AvId,
  computeNtlmv2Response,
  createAuthenticateMessage,
  decodeChallengeMessage,
  encodeNegotiateMessage,
  fileTime,
  type GpAuthDeps,
  type GpAuthentication,
  GpAuthFactory,
  type GpAuthSettings,
  type GssApi,
  hmacMd5,
  KerberosProblem,
  loadGss,
  NegotiateAuthenticator,
  NtlmAuthenticator,
  NtlmFlag,
  ntowfv2,
  parseAuthSettings,
  RejectedPasswords,
  UndiciNtlmConnection,
  vaultPassword,
} from './gp/auth';
export type { ChangedDocument, ChangedPage, GpSource, ListChangedRequest } from './gp/gp-source';
export { SbaGpSource, type SbaGpSourceOptions } from './gp/sba';
export {
  GpAuthError,
  GpFaultError,
  type HttpAuthenticator,
  noAuthentication,
  SoapGpSource,
  type SoapGpSourceOptions,
} from './gp/soap';
export { type PollOutcome, SourcePoller, type SweepProgress } from './poll/source-poller';
export { LocalStore } from './store';
export { startConnectProxy, type TestConnectProxy } from './transport/test-connect-proxy';
export { Vault } from './vault';
export { AGENT_VERSION } from './version';
