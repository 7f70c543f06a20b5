import { describe, expect, it } from 'vitest';
import { createAuthenticateMessage } from './ntlm-client';
import { computeNtlmv2Response, fileTime, ntHash, ntowfv2 } from './ntlm-crypto';
import {
  AvId,
  decodeChallengeMessage,
  encodeAuthenticateMessage,
  encodeNegotiateMessage,
  NtlmMessageError,
  readAvPairs,
} from './ntlm-messages';

/** MS-NLMP §4.2.1 common values and §4.2.4 NTLMv2 authentication, as published. */
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const V = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  workstation: 'COMPUTER',
  serverChallenge: hex('0123456789abcdef'),
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  time: hex('0000000000000000'),
  // §4.2.4: the CHALLENGE_MESSAGE's TargetInfo: NbDomainName "Domain", NbComputerName "Server", MsvAvEOL.
  targetInfo: hex('02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000'),
  ntowfv2: '0c868a403bfd7a93a3001ef22ef02e3f', // §4.2.4.1.1
  sessionBaseKey: '8de40ccadbc14a82f15cb0ad0de95ca3', // §4.2.4.1.2
  lmv2Response: '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa', // §4.2.4.2.1
  ntProofStr: '68cd0ab851e51c96aabc927bebef6a1c', // §4.2.4.2.2
  temp:
    '0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000' +
    '02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000 00000000',
  // §4.2.4.3 CHALLENGE_MESSAGE
  challengeMessage:
    hex(`4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
    24002400 44000000 060070170000000f 53006500720076006500720002000c0044006f006d00610069006e00
    01000c00530065007200760065007200 00000000`),
  // §4.2.4.3 AUTHENTICATE_MESSAGE
  authenticateMessage: hex(`4e544c4d535350000300000018001800 6c00000054005400840000000c000c00
    48000000080008005400000010001000 5c00000010001000d8000000358288e2 0501280a0000000f44006f006d006100
    69006e00550073006500720043004f00 4d005000550054004500520086c35097 ac9cec102554764a57cccc19aaaaaaaa
    aaaaaaaa68cd0ab851e51c96aabc927b ebef6a1c010100000000000000000000 00000000aaaaaaaaaaaaaaaa00000000
    02000c0044006f006d00610069006e00 01000c00530065007200760065007200 0000000000000000c5dad2544fc97990
    94ce1ce90bc9d03e`),
  encryptedSessionKey: hex('c5dad2544fc9799094ce1ce90bc9d03e'), // §4.2.4.2.3
};

describe('NTLMv2 against the MS-NLMP §4.2.4 test vectors', () => {
  it('computes NTOWFv2 (§4.2.4.1.1)', () => {
    expect(ntowfv2(V.password, V.user, V.domain).toString('hex')).toBe(V.ntowfv2);
    // The user name is case-insensitive, the domain is not.
    expect(ntowfv2(V.password, 'USER', V.domain).toString('hex')).toBe(V.ntowfv2);
    expect(ntowfv2(V.password, V.user, 'DOMAIN').toString('hex')).not.toBe(V.ntowfv2);
  });

  it('computes the LMv2 and NTLMv2 responses and the session base key (§4.2.4.1.2, §4.2.4.2.1-2)', () => {
    const response = computeNtlmv2Response({
      responseKey: ntowfv2(V.password, V.user, V.domain),
      serverChallenge: V.serverChallenge,
      clientChallenge: V.clientChallenge,
      timestamp: V.time,
      targetInfo: V.targetInfo,
    });
    expect(response.ntProofStr.toString('hex')).toBe(V.ntProofStr);
    expect(response.ntChallengeResponse.toString('hex')).toBe(V.ntProofStr + hex(V.temp).toString('hex'));
    expect(response.lmChallengeResponse.toString('hex')).toBe(V.lmv2Response);
    expect(response.sessionBaseKey.toString('hex')).toBe(V.sessionBaseKey);
  });

  it('reads the published CHALLENGE_MESSAGE (§4.2.4.3)', () => {
    const challenge = decodeChallengeMessage(V.challengeMessage);
    expect(challenge.serverChallenge).toEqual(V.serverChallenge);
    expect(challenge.targetName).toBe('Server');
    expect(challenge.targetInfo).toEqual(V.targetInfo);
    expect(challenge.flags >>> 0).toBe(0xe28a8233);
    expect(challenge.timestamp).toBeNull();
    expect(readAvPairs(challenge.targetInfo).get(AvId.nbDomainName)?.toString('utf16le')).toBe('Domain');
  });

  it('writes the published AUTHENTICATE_MESSAGE byte for byte (§4.2.4.3)', () => {
    const message = encodeAuthenticateMessage({
      flags: 0xe2888235,
      domain: V.domain,
      user: V.user,
      workstation: V.workstation,
      lmChallengeResponse: hex(V.lmv2Response),
      ntChallengeResponse: Buffer.concat([hex(V.ntProofStr), hex(V.temp)]),
      encryptedRandomSessionKey: V.encryptedSessionKey,
      version: hex('0501280a0000000f'),
    });
    expect(message.toString('hex')).toBe(V.authenticateMessage.toString('hex'));
  });

  it('answers the published challenge with the published responses', () => {
    const message = createAuthenticateMessage(
      decodeChallengeMessage(V.challengeMessage),
      { user: V.user, domain: V.domain, password: V.password, workstation: V.workstation },
      // FILETIME 0 is 1601-01-01: the vector's all-zero timestamp.
      { nowMs: -11_644_473_600_000, clientChallenge: V.clientChallenge },
    );
    const field = (at: number) =>
      message.subarray(message.readUInt32LE(at + 4), message.readUInt32LE(at + 4) + message.readUInt16LE(at));
    expect(field(12).toString('hex')).toBe(V.lmv2Response);
    expect(field(20).toString('hex')).toBe(V.ntProofStr + hex(V.temp).toString('hex'));
    expect(field(28).toString('utf16le')).toBe('Domain');
    expect(field(36).toString('utf16le')).toBe('User');
    expect(field(44).toString('utf16le')).toBe('COMPUTER');
    expect(message.readUInt32LE(60) & 0x0008_0000).not.toBe(0); // NTLMv2 (extended session security)
  });
});

describe('NTLM messages', () => {
  it('writes a NEGOTIATE message asking for NTLMv2 in Unicode', () => {
    const message = encodeNegotiateMessage();
    expect(message.subarray(0, 12).toString('hex')).toBe('4e544c4d5353500001000000');
    expect(message.readUInt32LE(12) & 0x0008_0201).toBe(0x0008_0201);
  });

  it('uses the server timestamp and zero LM response when the challenge carries MsvAvTimestamp', () => {
    const stamp = fileTime(Date.UTC(2024, 0, 2));
    const targetInfo = Buffer.concat([hex('0700 0800'), stamp, hex('00000000')]);
    const challenge = { ...decodeChallengeMessage(V.challengeMessage), targetInfo, timestamp: stamp };
    const message = createAuthenticateMessage(
      challenge,
      { user: 'u', domain: 'D', password: 'p', workstation: 'W' },
      { nowMs: 0 },
    );
    const lmAt = message.readUInt32LE(16);
    expect(message.subarray(lmAt, lmAt + 24)).toEqual(Buffer.alloc(24));
    const ntAt = message.readUInt32LE(24);
    expect(message.subarray(ntAt + 24, ntAt + 32)).toEqual(stamp);
  });

  it('refuses malformed challenges', () => {
    expect(() => decodeChallengeMessage(Buffer.from('not ntlm'))).toThrow(NtlmMessageError);
    const truncated = Buffer.from(V.challengeMessage);
    truncated.writeUInt16LE(0x400, 40); // TargetInfo length beyond the message
    expect(() => decodeChallengeMessage(truncated)).toThrow(/runs past/);
    const oem = Buffer.from(V.challengeMessage);
    oem.writeUInt32LE((oem.readUInt32LE(20) & ~1) >>> 0, 20);
    expect(() => decodeChallengeMessage(oem)).toThrow(/Unicode/);
  });

  it('derives the NT hash from the UTF-16LE password', () => {
    expect(ntHash('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });
});
