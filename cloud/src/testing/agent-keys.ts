import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TestAgentKey {
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  privateKey: PrivateKey;
}

export async function newAgentKey(): Promise<TestAgentKey> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = (await exportJWK(publicKey)) as JWK & { x: string };
  return { publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, privateKey };
}

/** A connect token as the agent makes one; every claim can be overridden to forge bad ones. */
export async function connectToken(
  key: PrivateKey,
  claims: { agentId: string; audience: string; nowS: number; lifetimeS?: number; jti?: string; alg?: string },
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: claims.alg ?? 'EdDSA', kid: claims.agentId, typ: 'JWT' })
    .setSubject(claims.agentId)
    .setAudience(claims.audience)
    .setIssuedAt(claims.nowS)
    .setExpirationTime(claims.nowS + (claims.lifetimeS ?? 300))
    .setJti(claims.jti ?? randomUUID())
    .sign(key);
}

/** `alg: none` token: header and payload only, empty signature. */
export function unsignedToken(claims: Record<string, unknown>, kid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', kid, typ: 'JWT' })}.${part(claims)}.`;
}
