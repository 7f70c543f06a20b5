/**
 * WebSocket close codes the cloud uses to tell the agent not to come back.
 * Any other close (1000/1001 during a deploy, 1006, 1011...) means "reconnect
 * with backoff".
 */
export const FatalCloseCode = {
  /** The agent was revoked in the console; only a new enrollment helps. */
  revoked: 4001,
  /** The agent authenticated but is not allowed (tenant suspended, agent unknown). */
  forbidden: 4003,
  /** The cloud does not speak this agent's protocol version; upgrade the agent. */
  protocolUnsupported: 4406,
} as const;

/** Close codes the agent sends. */
export const AgentCloseCode = {
  /** stop() was called. */
  stopping: 1000,
  /** The cloud sent more bad frames than the flood limit. */
  policyViolation: 1008,
} as const;

/** Why the connection is down and waiting to retry. */
export const RetryReason = {
  /** TCP/TLS/DNS/proxy failure, handshake timeout, or the socket dropped. */
  network: 'network',
  /** HTTP 401/403 on the upgrade: the cloud does not accept our credentials; retried slowly. */
  authRejected: 'auth-rejected',
  /** Another unexpected HTTP status on the upgrade (404, 426, 5xx...). */
  httpError: 'http-error',
  /** No identity or key to connect with (not enrolled yet?); retried slowly. */
  credentials: 'credentials',
  /** The cloud closed the connection with a non-fatal code. */
  closed: 'closed',
  /** No pong by the next heartbeat tick. */
  heartbeatTimeout: 'heartbeat-timeout',
  /** No `welcome` in time after `hello`. */
  welcomeTimeout: 'welcome-timeout',
  /** The cloud sent too many invalid frames. */
  badFrames: 'bad-frames',
} as const;
export type RetryReason = (typeof RetryReason)[keyof typeof RetryReason];

/** Why the connection stopped for good (until start() is called again). */
export const StopReason = {
  requested: 'requested',
  revoked: 'revoked',
  forbidden: 'forbidden',
  protocolUnsupported: 'protocol-unsupported',
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  /** `ready` once the cloud's welcome arrived; deltas flow only then. */
  | { status: 'open'; sinceMs: number; ready: boolean }
  | {
      status: 'backoff';
      /** Consecutive failed attempts so far. */
      attempt: number;
      retryAtMs: number;
      reason: RetryReason;
      /** Operator-readable; never a token or key. */
      detail: string;
      /** HTTP status of a refused upgrade. */
      httpStatus?: number;
      closeCode?: number;
    }
  | { status: 'stopped'; reason: StopReason; detail: string; closeCode?: number };

export type ConnectionStatus = ConnectionState['status'];

/** How a connection attempt ended: retry later, or stop for good. */
export type Disconnect =
  | { kind: 'retry'; reason: RetryReason; detail: string; httpStatus?: number; closeCode?: number }
  | { kind: 'stop'; reason: StopReason; detail: string; closeCode?: number };

/** What an operator should do about each stop reason. */
export const FATAL_ADVICE: Record<StopReason, string> = {
  requested: 'stopped by the agent',
  revoked: 'the cloud revoked this agent; enroll it again with `agent enroll --cloud URL --code CODE`',
  forbidden:
    'the cloud does not allow this agent to connect (tenant suspended or agent removed); see the console',
  'protocol-unsupported': 'the cloud does not support this agent version; upgrade the agent',
};

/** The stop reason a close code demands, or null to reconnect. */
export function fatalCloseReason(code: number): StopReason | null {
  switch (code) {
    case FatalCloseCode.revoked:
      return StopReason.revoked;
    case FatalCloseCode.forbidden:
      return StopReason.forbidden;
    case FatalCloseCode.protocolUnsupported:
      return StopReason.protocolUnsupported;
    default:
      return null;
  }
}
