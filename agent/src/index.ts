/** The agent's public surface, for the cross-process tests and tools in test/. */
export type { AgentConfig, SourceConfig } from './config/agent-config';
export { AgentError, AgentErrorCode, isAgentError } from './errors';
export type { ChangedDocument, ChangedPage, GpSource, ListChangedRequest } from './gp/gp-source';
export {
  GpAuthError,
  GpFaultError,
  type HttpAuthenticator,
  noAuthentication,
  SoapGpSource,
  type SoapGpSourceOptions,
} from './gp/soap';
export { SbaGpSource, type SbaGpSourceOptions } from './gp/sba';
export { type PollOutcome, SourcePoller, type SweepProgress } from './poll/source-poller';
export { LocalStore } from './store';
export { AGENT_VERSION } from './version';
