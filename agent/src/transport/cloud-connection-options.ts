import type { Clock, CommandName, Logger, WelcomeFrame } from '@gprelay/shared';
import type { JWK } from 'jose';
import type { OutboxPort } from './cloud-session';
import type { ConnectionState } from './connection-state';
import type { Timers } from './timers';

/** What a connection attempt authenticates with; loaded afresh for every attempt. */
export interface ConnectCredentials {
  agentId: string;
  privateJwk: JWK;
  audience: string;
}

export interface CloudConnectionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** Every welcome (the first one of each connection, and any later config refresh). */
  welcome: WelcomeFrame;
  command: CommandName;
  ack: { batchId: string; accepted: number; duplicates: number; removed: number };
  /** A pong arrived: round trip of the last ping. */
  heartbeat: { rttMs: number };
}

export interface CloudConnectionOptions {
  cloudUrl: string;
  /** Called before every attempt, so a re-enrollment is picked up without a restart. */
  credentials: () => Promise<ConnectCredentials>;
  agentVersion: string;
  companies: readonly string[];
  capabilities?: readonly string[];
  outbox: OutboxPort;
  /** HTTP(S) proxy, reached with CONNECT; may carry Basic credentials in its userinfo. */
  proxyUrl?: string;
  clock?: Clock;
  logger?: Logger;
  timers?: Timers;
  /** Delay before retry number `attempt` (0-based); default full-jitter backoff, 1 s base, 60 s cap. */
  reconnectDelayMs?: (attempt: number) => number;
  /** Retry delay after the cloud refused our credentials, or while we have none; default 5 min. */
  authRetryDelayMs?: number;
  /** Batches sent and not yet acked; default 4. */
  maxBatchesInFlight?: number;
  /** Deltas per batch; default and maximum 500 (protocol limit). */
  maxBatchItems?: number;
  /** TCP + TLS + proxy + upgrade; default 15 s. */
  handshakeTimeoutMs?: number;
  /** From hello to welcome; default 15 s. */
  welcomeTimeoutMs?: number;
  /** Ping interval until the welcome sets one; default 30 s. */
  initialHeartbeatIntervalMs?: number;
  /** Alerts kept while offline; default 100. */
  maxBufferedAlerts?: number;
  /** Invalid cloud frames tolerated per minute before reconnecting; default 20. */
  maxBadFramesPerMinute?: number;
  /** How long stop() waits for the close handshake before cutting the socket; default 2 s. */
  stopTimeoutMs?: number;
}

export interface CloudConnectionStats {
  connectionsOpened: number;
  batchesSent: number;
  batchesAcked: number;
  badFramesReceived: number;
  cloudErrorsReceived: number;
  alertsDropped: number;
}
