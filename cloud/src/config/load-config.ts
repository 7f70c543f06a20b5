import { CloudError, CloudErrorCode } from '../errors';

export const LogLevel = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LogLevel)[number];

/** Where the cloud keeps its data: embedded PGlite in a folder, or a Postgres server. */
export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface CloudConfig {
  readonly port: number;
  readonly host: string;
  /** Origin agents and browsers use to reach us; also the `aud` agents sign for. */
  readonly publicUrl: string;
  readonly database: DatabaseTarget;
  /** Folder for local state (PGlite files, generated keys when running embedded). */
  readonly dataDir: string;
  /** 32-byte key protecting Slack tokens at rest; null = read or create `<dataDir>/master.key` (embedded only). */
  readonly masterKey: Buffer | null;
  /** Bearer token of the operator API; null = read or create `<dataDir>/operator-token` (embedded only). */
  readonly operatorToken: string | null;
  /** Slack Web API base URL, with a trailing slash. */
  readonly slackApiUrl: string;
  /**
   * Where "Add to Slack" sends the browser: `/oauth/v2/authorize` on the origin
   * of SLACK_API_URL (`https://slack.com/oauth/v2/authorize` by default; the
   * emulator serves it beside its `/api/`).
   */
  readonly slackAuthorizeUrl: string;
  readonly slackClientId: string | null;
  readonly slackClientSecret: string | null;
  readonly slackSigningSecret: string | null;
  readonly logLevel: LogLevel;
  /** Poll interval handed to agents in `welcome`. Env AGENT_POLL_INTERVAL_MS, default 10 s. */
  readonly agentPollIntervalMs: number;
  /** How long a Slack post may stay unresolved before another attempt checks the channel. Env DISPATCH_LEASE_MS, default 30 s. */
  readonly dispatchLeaseMs: number;
}

const DEFAULT_PORT = 8080;
const MIN_OPERATOR_TOKEN_LENGTH = 32;

/**
 * Reads the configuration contract of DESIGN.md from `env`, checks every
 * variable, and throws ONE CloudError listing every problem found. The result
 * is frozen. Secrets are never echoed in the messages.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): CloudConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };

  const port = parsePort(value('PORT'), problems);
  const host = value('HOST') ?? '0.0.0.0';
  const publicUrl = parsePublicUrl(value('PUBLIC_URL'), port, problems);
  const dataDir = value('DATA_DIR') ?? './.data';
  const databaseUrl = value('DATABASE_URL');
  const database = parseDatabase(databaseUrl, dataDir, problems);
  const masterKey = parseMasterKey(value('MASTER_KEY'), problems);
  if (databaseUrl !== undefined && value('MASTER_KEY') === undefined) {
    problems.push(
      'MASTER_KEY is required when DATABASE_URL is set (32 bytes, base64 or hex); generate one with `openssl rand -base64 32`',
    );
  }
  const operatorToken = value('OPERATOR_TOKEN') ?? null;
  if (operatorToken !== null && operatorToken.length < MIN_OPERATOR_TOKEN_LENGTH) {
    problems.push(`OPERATOR_TOKEN must be at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`);
  }
  if (databaseUrl !== undefined && operatorToken === null) {
    problems.push('OPERATOR_TOKEN is required when DATABASE_URL is set (at least 32 random characters)');
  }
  const slackApiUrl = parseSlackApiUrl(value('SLACK_API_URL'), problems);
  const slackClientId = value('SLACK_CLIENT_ID') ?? null;
  const slackClientSecret = value('SLACK_CLIENT_SECRET') ?? null;
  if ((slackClientId === null) !== (slackClientSecret === null)) {
    problems.push(
      'SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: set both (from the Slack app\'s "Basic Information" page) to enable installs, or neither',
    );
  }
  const logLevel = parseLogLevel(value('LOG_LEVEL'), problems);
  const agentPollIntervalMs = parseInteger(
    'AGENT_POLL_INTERVAL_MS',
    value('AGENT_POLL_INTERVAL_MS'),
    10_000,
    [1000, 3_600_000],
    problems,
  );
  const dispatchLeaseMs = parseInteger(
    'DISPATCH_LEASE_MS',
    value('DISPATCH_LEASE_MS'),
    30_000,
    [2000, 600_000],
    problems,
  );

  if (problems.length > 0) {
    throw new CloudError(
      CloudErrorCode.config,
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return Object.freeze({
    port,
    host,
    publicUrl,
    database,
    dataDir,
    masterKey,
    operatorToken,
    slackApiUrl,
    slackAuthorizeUrl: slackApiUrl === '' ? '' : new URL('/oauth/v2/authorize', slackApiUrl).href,
    slackClientId,
    slackClientSecret,
    slackSigningSecret: value('SLACK_SIGNING_SECRET') ?? null,
    logLevel,
    agentPollIntervalMs,
    dispatchLeaseMs,
  });
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
    return DEFAULT_PORT;
  }
  return port;
}

function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  if (raw === undefined) return `http://localhost:${port}`;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.origin;
  } catch {
    problems.push(
      `PUBLIC_URL must be an http(s) URL such as https://relay.example.com, got ${JSON.stringify(raw)}`,
    );
    return '';
  }
}

function parseDatabase(raw: string | undefined, dataDir: string, problems: string[]): DatabaseTarget {
  if (raw === undefined) return { kind: 'pglite', dataDir: `${dataDir.replace(/\/$/, '')}/pglite` };
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') ||
    url.hostname === ''
  ) {
    // The URL may hold a password: describe it without echoing it.
    problems.push('DATABASE_URL must look like postgres://user:password@host:5432/database');
    return { kind: 'postgres', url: '' };
  }
  return { kind: 'postgres', url: raw };
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

function parseMasterKey(raw: string | undefined, problems: string[]): Buffer | null {
  if (raw === undefined) return null;
  if (HEX_KEY.test(raw)) return Buffer.from(raw, 'hex');
  if (BASE64_KEY.test(raw)) return Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  problems.push('MASTER_KEY must be 32 bytes, written as 64 hex characters or 44 base64 characters');
  return null;
}

function parseSlackApiUrl(raw: string | undefined, problems: string[]): string {
  if (raw === undefined) return 'https://slack.com/api/';
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    problems.push(`SLACK_API_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
    return '';
  }
}

function parseInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  [min, max]: [number, number],
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problems.push(
      `${name} must be an integer from ${min} to ${max} (milliseconds), got ${JSON.stringify(raw)}`,
    );
    return fallback;
  }
  return n;
}

function parseLogLevel(raw: string | undefined, problems: string[]): LogLevel {
  if (raw === undefined) return 'info';
  if ((LogLevel as readonly string[]).includes(raw)) return raw as LogLevel;
  problems.push(`LOG_LEVEL must be one of ${LogLevel.join(', ')}, got ${JSON.stringify(raw)}`);
  return 'info';
}
