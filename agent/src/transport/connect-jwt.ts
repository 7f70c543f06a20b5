import { randomUUID } from 'node:crypto';
import type { Clock } from '@gprelay/shared';
import { importJWK, type JWK, SignJWT } from 'jose';

/** Longest life of a connect token; the cloud refuses longer ones. */
export const CONNECT_JWT_MAX_TTL_SECONDS = 300;

export interface MintConnectJwtOptions {
  agentId: string;
  /** The agent's Ed25519 private key (OKP JWK with `d`). */
  privateJwk: JWK;
  /** `aud` claim: the audience the cloud gave at enrollment. */
  audience: string;
  clock: Clock;
  /** Token life in seconds; default and maximum 300. */
  ttlSeconds?: number;
}

/**
 * The bearer token of one WebSocket connection, minted fresh per attempt:
 * header `{ alg: 'EdDSA', kid: agentId, typ: 'JWT' }`, claims `sub` = agentId,
 * `aud`, `iat` = now, `exp` = iat + ttl (≤ 300 s), `jti` = random UUID so the
 * cloud can refuse a replay.
 */
export async function mintConnectJwt(options: MintConnectJwtOptions): Promise<string> {
  const ttlSeconds = Math.min(options.ttlSeconds ?? CONNECT_JWT_MAX_TTL_SECONDS, CONNECT_JWT_MAX_TTL_SECONDS);
  if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be positive (got ${options.ttlSeconds})`);
  const issuedAt = Math.floor(options.clock.now() / 1000);
  const key = await importJWK(options.privateJwk, 'EdDSA');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: options.agentId, typ: 'JWT' })
    .setSubject(options.agentId)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.floor(ttlSeconds))
    .setJti(randomUUID())
    .sign(key);
}
