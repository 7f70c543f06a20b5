import { createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../crypto/secret-box';

/** How long a started install may take until Slack sends the browser back (as @slack/oauth: 10 min). */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/**
 * AAD of sealed states. Bot tokens are sealed with the tenant id as AAD, so a
 * sealed state can never be passed off as a sealed token, nor the reverse.
 */
const STATE_AAD = 'gprelay:slack-oauth-state';

export interface OAuthStatePayload {
  /** Primary key of the `oauth_states` row that makes the state single-use. */
  nonce: string;
  tenantId: string;
  expiresAtMs: number;
}

/**
 * The `state` sent through Slack: AES-256-GCM sealed under MASTER_KEY, so it is
 * authenticated (any change makes it unopenable) and says nothing to whoever
 * reads the URL. It carries its own expiry; single use and the browser binding
 * live in the `oauth_states` row it names.
 */
export function sealState(box: SecretBox, payload: OAuthStatePayload): string {
  return box.seal(
    JSON.stringify({ n: payload.nonce, t: payload.tenantId, e: payload.expiresAtMs }),
    STATE_AAD,
  );
}

/** The payload of a state we issued, or null when it is not one (altered, truncated, made up). */
export function openState(box: SecretBox, state: string): OAuthStatePayload | null {
  if (state.length > 1000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(box.open(state, STATE_AAD));
  } catch {
    return null;
  }
  const p = parsed as { n?: unknown; t?: unknown; e?: unknown };
  if (typeof p.n !== 'string' || typeof p.t !== 'string' || typeof p.e !== 'number') return null;
  return { nonce: p.n, tenantId: p.t, expiresAtMs: p.e };
}

/** 256 random bits, URL- and cookie-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedSecret(value: string | undefined): value is string {
  return value !== undefined && SECRET_SHAPE.test(value);
}

/** What the state row keeps of the browser cookie: its hash, so a database reader cannot forge it. */
export function browserBinding(cookieValue: string): string {
  return createHash('sha256').update(`gprelay-slack-install-browser:${cookieValue}`).digest('hex');
}
