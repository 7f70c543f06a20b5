import { createHmac } from 'node:crypto';
import { md4 } from './md4';

/** NT hash: MD4 of the UTF-16LE password (MS-NLMP §3.3.1). */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'));
}

/**
 * NTOWFv2 (MS-NLMP §3.3.2): HMAC-MD5 keyed with the NT hash over
 * UTF-16LE(Uppercase(user) + domain). The user name is case-insensitive, the
 * domain is taken as sent: both sides must use the strings of the message.
 */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

export interface Ntlmv2Input {
  /** NTOWFv2 of the user (= ResponseKeyNT = ResponseKeyLM). */
  readonly responseKey: Buffer;
  /** 8 bytes from the CHALLENGE_MESSAGE. */
  readonly serverChallenge: Buffer;
  /** 8 random bytes of ours. */
  readonly clientChallenge: Buffer;
  /** FILETIME, 8 bytes little-endian: the server's MsvAvTimestamp when it sent one, else our clock. */
  readonly timestamp: Buffer;
  /** The server's TargetInfo (AV pairs), copied verbatim into the blob. */
  readonly targetInfo: Buffer;
}

export interface Ntlmv2Response {
  /** HMAC-MD5(ResponseKeyNT, ServerChallenge ‖ temp): what the server recomputes to check the password. */
  readonly ntProofStr: Buffer;
  /** NTProofStr ‖ temp. */
  readonly ntChallengeResponse: Buffer;
  /** LMv2: HMAC-MD5(ResponseKeyLM, ServerChallenge ‖ ClientChallenge) ‖ ClientChallenge. */
  readonly lmChallengeResponse: Buffer;
  /** HMAC-MD5(ResponseKeyNT, NTProofStr); only needed for signing/sealing, which HTTP does not use. */
  readonly sessionBaseKey: Buffer;
}

/** The `temp` blob of MS-NLMP §3.3.2: version 1.1, zeros, time, client challenge, zeros, AV pairs, zeros. */
export function ntlmv2Blob(timestamp: Buffer, clientChallenge: Buffer, targetInfo: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([0x01, 0x01, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    targetInfo,
    Buffer.alloc(4),
  ]);
}

/** NTLMv2 responses (MS-NLMP §3.3.2, ComputeResponse for NTLM v2). */
export function computeNtlmv2Response(input: Ntlmv2Input): Ntlmv2Response {
  const { responseKey, serverChallenge, clientChallenge } = input;
  if (serverChallenge.length !== 8 || clientChallenge.length !== 8 || input.timestamp.length !== 8) {
    throw new RangeError('NTLMv2 challenges and timestamp are 8 bytes each');
  }
  const temp = ntlmv2Blob(input.timestamp, clientChallenge, input.targetInfo);
  const ntProofStr = hmacMd5(responseKey, Buffer.concat([serverChallenge, temp]));
  const lmProof = hmacMd5(responseKey, Buffer.concat([serverChallenge, clientChallenge]));
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: Buffer.concat([lmProof, clientChallenge]),
    sessionBaseKey: hmacMd5(responseKey, ntProofStr),
  };
}

/** Windows FILETIME (100 ns ticks since 1601-01-01 UTC) as 8 little-endian bytes. */
export function fileTime(epochMs: number): Buffer {
  const ticks = (BigInt(Math.floor(epochMs)) + 11_644_473_600_000n) * 10_000n;
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ticks);
  return bytes;
}

export function hmacMd5(key: Buffer, data: Buffer): Buffer {
  return createHmac('md5', key).update(data).digest();
}
