import { AgentError, AgentErrorCode } from '../errors';

/** Vault entry holding the agent's identity. */
export const IDENTITY_VAULT_ENTRY = 'agent.identity';

/** The agent's Ed25519 private key as a JWK; never leaves the machine. */
export interface Ed25519PrivateJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** Public key, base64url. */
  x: string;
  /** Private key, base64url. */
  d: string;
}

/** Who this agent is to the cloud, as stored in the vault by `enrollAgent`. */
export interface AgentIdentity {
  agentId: string;
  tenantId: string;
  /** `aud` of every connect JWT, as the cloud told us at enrollment. */
  audience: string;
  /** Normalised cloud base URL the agent enrolled with. */
  cloudUrl: string;
  /**
   * The private key. Non-enumerable on objects returned by loadIdentity, so
   * logging, spreading or JSON-serialising an identity never prints it.
   */
  privateJwk: Ed25519PrivateJwk;
}

/** The slice of the vault identity handling reads. */
export interface IdentityVaultReader {
  get<T>(name: string): Promise<T | undefined>;
}

const NOT_ENROLLED = 'this agent is not enrolled: run `agent enroll --cloud URL --code CODE`';

/**
 * The stored identity. Throws AgentError(notEnrolled) when the agent was never
 * enrolled, or when the stored entry is unusable (same remedy: enroll again).
 */
export async function loadIdentity(vault: IdentityVaultReader): Promise<AgentIdentity> {
  const stored = await vault.get<Partial<AgentIdentity>>(IDENTITY_VAULT_ENTRY);
  if (stored === undefined) throw new AgentError(AgentErrorCode.notEnrolled, NOT_ENROLLED);
  if (!isIdentity(stored)) {
    throw new AgentError(
      AgentErrorCode.notEnrolled,
      `the stored agent identity (vault entry "${IDENTITY_VAULT_ENTRY}") is incomplete; enroll again: ` +
        'run `agent enroll --cloud URL --code CODE`',
    );
  }
  return withHiddenKey(stored);
}

/** Copies `identity` with `privateJwk` non-enumerable (still readable as a property). */
export function withHiddenKey(identity: AgentIdentity): AgentIdentity {
  const { privateJwk, ...visible } = identity;
  return Object.defineProperty({ ...visible }, 'privateJwk', {
    value: privateJwk,
    enumerable: false,
    writable: false,
  }) as AgentIdentity;
}

function isIdentity(value: Partial<AgentIdentity> | null): value is AgentIdentity {
  const jwk = value?.privateJwk;
  return (
    typeof value?.agentId === 'string' &&
    typeof value.tenantId === 'string' &&
    typeof value.audience === 'string' &&
    typeof value.cloudUrl === 'string' &&
    jwk?.kty === 'OKP' &&
    jwk.crv === 'Ed25519' &&
    typeof jwk.x === 'string' &&
    typeof jwk.d === 'string'
  );
}
