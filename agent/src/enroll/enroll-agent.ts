import { exportJWK, generateKeyPair } from 'jose';
import { ProxyAgent } from 'undici';
import { AgentError, AgentErrorCode } from '../errors';
import { ENROLL_PATH, normalizeCloudUrl, redactUrl } from '../transport/cloud-url';
import { fetch as undiciFetch } from '../transport/undici-fetch';
import { enrollRejected } from './enroll-errors';
import { type AgentIdentity, type Ed25519PrivateJwk, IDENTITY_VAULT_ENTRY } from './identity';

/** The slice of the vault enrollment writes to. */
export interface IdentityVaultWriter {
  set(name: string, value: unknown): Promise<void>;
}

/** The fetch shape enrollment needs; both the global fetch and undici's satisfy it. */
export type EnrollFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface EnrollOptions {
  /** Cloud base URL as the operator typed it (`--cloud`). */
  cloudUrl: string;
  /** One-time enrollment code from the console (`--code`). Never logged or echoed. */
  code: string;
  hostname: string;
  agentVersion: string;
  vault: IdentityVaultWriter;
  /** HTTP client; default undici's fetch (through `proxyUrl` when set). */
  fetch?: EnrollFetch;
  /** HTTP(S) proxy for the enroll call (CONNECT tunnel); ignored when `fetch` is given. */
  proxyUrl?: string;
  /** Whole-request timeout; default 30 s. */
  timeoutMs?: number;
}

export interface EnrollResult {
  agentId: string;
  tenantId: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Enrolls this machine: makes an Ed25519 key pair here, sends ONLY the public
 * key with the one-time code to `POST {cloudUrl}/v1/agents/enroll`, and stores
 * the identity (with the private key) in the vault, replacing any previous one.
 * Errors are AgentError(enroll) with a message an operator can act on.
 */
export async function enrollAgent(options: EnrollOptions): Promise<EnrollResult> {
  const cloudUrl = normalizeCloudUrl(options.cloudUrl);
  const code = options.code.trim();
  if (!code) throw new AgentError(AgentErrorCode.enroll, 'enrollment failed: the enrollment code is empty');
  const url = `${cloudUrl}${ENROLL_PATH}`;

  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const privateJwk = (await exportJWK(privateKey)) as Ed25519PrivateJwk;
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x };
  const body = JSON.stringify({
    code,
    publicJwk,
    hostname: options.hostname,
    agentVersion: options.agentVersion,
  });

  const response = await post(url, body, options);
  const text = await response.text().catch(() => '');
  const json = parseJson(text);
  if (response.status !== 200) {
    throw enrollRejected(cloudUrl, response.status, errorBody(json));
  }
  const answer = json as Partial<Record<'agentId' | 'tenantId' | 'audience', unknown>> | null;
  if (!answer || !isId(answer.agentId) || !isId(answer.tenantId) || !isId(answer.audience)) {
    throw new AgentError(
      AgentErrorCode.enroll,
      `enrollment failed: the cloud at ${cloudUrl} answered 200 without agentId, tenantId and audience; ` +
        'is the URL pointing at a GP Relay cloud?',
    );
  }
  const identity: AgentIdentity = {
    agentId: answer.agentId,
    tenantId: answer.tenantId,
    audience: answer.audience,
    cloudUrl,
    privateJwk,
  };
  await options.vault.set(IDENTITY_VAULT_ENTRY, identity);
  return { agentId: identity.agentId, tenantId: identity.tenantId };
}

async function post(url: string, body: string, options: EnrollOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const init = {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  };
  const dispatcher = !options.fetch && options.proxyUrl ? new ProxyAgent(options.proxyUrl) : undefined;
  try {
    if (options.fetch) return await options.fetch(url, init);
    return await undiciFetch(url, { ...init, dispatcher });
  } catch (error) {
    const via = options.proxyUrl && !options.fetch ? ` through the proxy ${redactUrl(options.proxyUrl)}` : '';
    if ((error as { name?: unknown }).name === 'TimeoutError') {
      throw new AgentError(
        AgentErrorCode.enroll,
        `enrollment failed: the cloud at ${url}${via} did not answer within ${formatDuration(timeoutMs)}`,
        { cause: error, retryable: true },
      );
    }
    throw new AgentError(
      AgentErrorCode.enroll,
      `enrollment failed: cannot reach the cloud at ${url}${via} (${networkReason(error)}); ` +
        'check the URL, DNS, firewall and proxy settings',
      { cause: error, retryable: true },
    );
  } finally {
    await dispatcher?.close();
  }
}

/** The most specific reason in a fetch error chain (`ECONNREFUSED`, `ENOTFOUND`, a TLS error...). */
function networkReason(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : 'network error';
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorBody(json: unknown): { code?: string; message?: string } | null {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!error) return null;
  return {
    ...(typeof error.code === 'string' ? { code: error.code.slice(0, 64) } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
  };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}
