import { decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintConnectJwt } from './connect-jwt';

const NOW_MS = Date.parse('2026-11-25T12:00:00.500Z');
const clock = { now: () => NOW_MS };

async function keys() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicKey };
}

describe('mintConnectJwt', () => {
  it('signs an EdDSA token with kid, sub, aud, iat, exp = iat + 300 and a UUID jti', async () => {
    const { privateJwk, publicKey } = await keys();
    const token = await mintConnectJwt({
      agentId: 'agt_1',
      privateJwk,
      audience: 'https://relay.example.com',
      clock,
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: 'agt_1', typ: 'JWT' });
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ['EdDSA'],
      audience: 'https://relay.example.com',
      currentDate: new Date(NOW_MS),
    });
    const iat = Math.floor(NOW_MS / 1000);
    expect(payload).toEqual({
      sub: 'agt_1',
      aud: 'https://relay.example.com',
      iat,
      exp: iat + 300,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it.each([
    [60, 60],
    [300, 300],
    [3600, 300],
  ])('caps a requested ttl of %i s at %i s', async (ttlSeconds, expected) => {
    const { privateJwk, publicKey } = await keys();
    const token = await mintConnectJwt({ agentId: 'a', privateJwk, audience: 'aud', clock, ttlSeconds });
    const { payload } = await jwtVerify(token, publicKey, { currentDate: new Date(NOW_MS) });
    expect(payload.exp! - payload.iat!).toBe(expected);
  });

  it('uses a new jti for every token', async () => {
    const { privateJwk, publicKey } = await keys();
    const jtis = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const token = await mintConnectJwt({ agentId: 'a', privateJwk, audience: 'aud', clock });
      jtis.add((await jwtVerify(token, publicKey, { currentDate: new Date(NOW_MS) })).payload.jti);
    }
    expect(jtis.size).toBe(5);
  });

  it('is rejected by a verifier pinned to another key', async () => {
    const { privateJwk } = await keys();
    const other = await keys();
    const token = await mintConnectJwt({ agentId: 'a', privateJwk, audience: 'aud', clock });
    await expect(jwtVerify(token, other.publicKey, { currentDate: new Date(NOW_MS) })).rejects.toThrow();
  });
});
