/** Stable error codes of the agent. Match on `code`, never on message text. */
export const AgentErrorCode = {
  config: 'AGENT_CONFIG_INVALID',
  gpUnreachable: 'AGENT_GP_UNREACHABLE',
  gpTimeout: 'AGENT_GP_TIMEOUT',
  gpAuth: 'AGENT_GP_AUTH_FAILED',
  gpFault: 'AGENT_GP_FAULT',
  gpProtocol: 'AGENT_GP_PROTOCOL',
  /** GP's web server answered HTTP 5xx without a SOAP fault (IIS, app pool, proxy): retryable. */
  gpUnavailable: 'AGENT_GP_UNAVAILABLE',
  /** GP answered 404: the tenant, company name or resource path in the URL is not there (SBA). Not retryable. */
  gpNotFound: 'AGENT_GP_NOT_FOUND',
  vault: 'AGENT_VAULT',
  enroll: 'AGENT_ENROLL_FAILED',
  notEnrolled: 'AGENT_NOT_ENROLLED',
  transport: 'AGENT_TRANSPORT',
  /** The cloud refused this agent's credentials (HTTP 401/403 on upgrade, or a revocation close code). */
  cloudAuth: 'AGENT_CLOUD_AUTH_REJECTED',
  /** The local SQLite store (cursor + outbox) could not be opened or written. */
  store: 'AGENT_STORE',
  outboxFull: 'AGENT_OUTBOX_FULL',
} as const;
export type AgentErrorCode = (typeof AgentErrorCode)[keyof typeof AgentErrorCode];

/** Base error of the agent: a stable code, a message fit for an operator, and the cause. */
export class AgentError extends Error {
  readonly code: AgentErrorCode;
  /** True when trying again later may succeed (network, timeout, 5xx). */
  readonly retryable: boolean;

  constructor(code: AgentErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isAgentError(error: unknown): error is AgentError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('AGENT_');
}
