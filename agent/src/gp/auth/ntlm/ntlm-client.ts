import { randomBytes } from 'node:crypto';
import { computeNtlmv2Response, fileTime, ntowfv2 } from './ntlm-crypto';
import { type ChallengeMessage, CLIENT_FLAGS, encodeAuthenticateMessage, NtlmFlag } from './ntlm-messages';

export interface NtlmIdentity {
  /** sAMAccountName, e.g. svc-gp. */
  readonly user: string;
  /** NetBIOS (CORP) or DNS (corp.example) domain name, as the domain controller knows it. */
  readonly domain: string;
  readonly password: string;
  /** Our host name as NetBIOS would show it; informational for the server's logs. */
  readonly workstation: string;
}

export interface NtlmClientOptions {
  /** Wall clock, ms since the epoch: the blob's timestamp when the server sends none. */
  readonly nowMs: number;
  /** 8 bytes; default random. Tests pass the MS-NLMP value. */
  readonly clientChallenge?: Buffer;
}

/**
 * The AUTHENTICATE message (type 3) answering a CHALLENGE: NTLMv2 only.
 * When the server stamps its challenge (MsvAvTimestamp), that time goes into
 * the blob and the LM response is zeros, as MS-NLMP §3.1.5.1.2 asks.
 */
export function createAuthenticateMessage(
  challenge: ChallengeMessage,
  identity: NtlmIdentity,
  options: NtlmClientOptions,
): Buffer {
  const clientChallenge = options.clientChallenge ?? randomBytes(8);
  const response = computeNtlmv2Response({
    responseKey: ntowfv2(identity.password, identity.user, identity.domain),
    serverChallenge: challenge.serverChallenge,
    clientChallenge,
    timestamp: challenge.timestamp ?? fileTime(options.nowMs),
    targetInfo: challenge.targetInfo,
  });
  return encodeAuthenticateMessage({
    flags: CLIENT_FLAGS | (challenge.flags & NtlmFlag.targetInfo),
    domain: identity.domain,
    user: identity.user,
    workstation: identity.workstation,
    lmChallengeResponse: challenge.timestamp ? Buffer.alloc(24) : response.lmChallengeResponse,
    ntChallengeResponse: response.ntChallengeResponse,
  });
}
