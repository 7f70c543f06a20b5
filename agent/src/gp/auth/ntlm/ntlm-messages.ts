/**
 * NTLM messages (MS-NLMP §2.2.1): NEGOTIATE (type 1) and AUTHENTICATE
 * (type 3) written, CHALLENGE (type 2) read. Unicode only: every IIS speaks it.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** NEGOTIATE flags we use or read (MS-NLMP §2.2.2.5). */
export const NtlmFlag = {
  unicode: 0x0000_0001,
  requestTarget: 0x0000_0004,
  ntlm: 0x0000_0200,
  alwaysSign: 0x0000_8000,
  extendedSessionSecurity: 0x0008_0000,
  targetInfo: 0x0080_0000,
  version: 0x0200_0000,
  negotiate128: 0x2000_0000,
  keyExchange: 0x4000_0000,
  negotiate56: 0x8000_0000,
} as const;

/** What the agent asks for: NTLMv2 ("extended session security"), Unicode, target info. No signing or sealing. */
export const CLIENT_FLAGS =
  NtlmFlag.unicode |
  NtlmFlag.requestTarget |
  NtlmFlag.ntlm |
  NtlmFlag.alwaysSign |
  NtlmFlag.extendedSessionSecurity |
  NtlmFlag.negotiate128 |
  NtlmFlag.negotiate56;

/** AV pair ids (MS-NLMP §2.2.2.1) that matter here. */
export const AvId = {
  eol: 0,
  nbComputerName: 1,
  nbDomainName: 2,
  dnsComputerName: 3,
  dnsDomainName: 4,
  timestamp: 7,
} as const;

export class NtlmMessageError extends Error {
  override name = 'NtlmMessageError';
}

export interface ChallengeMessage {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  /** The server's TargetName (its NetBIOS domain), decoded. */
  readonly targetName: string;
  /** Raw AV pairs, echoed into the NTLMv2 blob. */
  readonly targetInfo: Buffer;
  /** MsvAvTimestamp when present (8 bytes FILETIME). */
  readonly timestamp: Buffer | null;
}

export function encodeNegotiateMessage(flags = CLIENT_FLAGS): Buffer {
  // No domain or workstation supplied: both security buffers empty, offsets point past the header.
  const message = Buffer.alloc(32);
  SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(flags >>> 0, 12);
  message.writeUInt32LE(32, 20);
  message.writeUInt32LE(32, 28);
  return message;
}

export function decodeChallengeMessage(message: Buffer): ChallengeMessage {
  if (message.length < 48 || !message.subarray(0, 8).equals(SIGNATURE) || message.readUInt32LE(8) !== 2) {
    throw new NtlmMessageError('not an NTLM CHALLENGE message');
  }
  const flags = message.readUInt32LE(20);
  if ((flags & NtlmFlag.unicode) === 0) {
    throw new NtlmMessageError('the server does not offer Unicode NTLM (OEM NTLM is not supported)');
  }
  const targetName = readSecurityBuffer(message, 12, 'TargetName').toString('utf16le');
  const targetInfo = readSecurityBuffer(message, 40, 'TargetInfo');
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName,
    targetInfo: Buffer.from(targetInfo),
    timestamp: readAvPairs(targetInfo).get(AvId.timestamp) ?? null,
  };
}

/** AV pairs by id (the first of each), stopping at MsvAvEOL; throws on a pair that runs past the end. */
export function readAvPairs(targetInfo: Buffer): Map<number, Buffer> {
  const pairs = new Map<number, Buffer>();
  let at = 0;
  while (at + 4 <= targetInfo.length) {
    const id = targetInfo.readUInt16LE(at);
    const length = targetInfo.readUInt16LE(at + 2);
    if (id === AvId.eol) return pairs;
    if (at + 4 + length > targetInfo.length)
      throw new NtlmMessageError('an NTLM AV pair runs past its buffer');
    if (!pairs.has(id)) pairs.set(id, Buffer.from(targetInfo.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  throw new NtlmMessageError('NTLM target information lacks its terminating MsvAvEOL');
}

export interface AuthenticateFields {
  readonly flags: number;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  /** Only with NTLMSSP_NEGOTIATE_KEY_EXCH (signing/sealing); empty for HTTP. */
  readonly encryptedRandomSessionKey?: Buffer;
  /** 8-byte VERSION structure; omitted unless NTLMSSP_NEGOTIATE_VERSION is set. */
  readonly version?: Buffer;
}

/**
 * AUTHENTICATE_MESSAGE with payloads in MS-NLMP's own order (domain, user,
 * workstation, LM, NT, session key), so the §4.2.4.3 example comes out byte
 * for byte. No MIC: it is optional and IIS does not demand it.
 */
export function encodeAuthenticateMessage(fields: AuthenticateFields): Buffer {
  const headerLength = fields.version ? 72 : 64;
  const payloads = [
    Buffer.from(fields.domain, 'utf16le'),
    Buffer.from(fields.user, 'utf16le'),
    Buffer.from(fields.workstation, 'utf16le'),
    fields.lmChallengeResponse,
    fields.ntChallengeResponse,
    fields.encryptedRandomSessionKey ?? Buffer.alloc(0),
  ];
  const [domain, user, workstation, lm, nt, sessionKey] = payloads as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const header = Buffer.alloc(headerLength);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = headerLength;
  const place = (at: number, payload: Buffer) => {
    if (payload.length > 0xffff) throw new NtlmMessageError('an NTLM field is longer than 65535 bytes');
    header.writeUInt16LE(payload.length, at);
    header.writeUInt16LE(payload.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += payload.length;
  };
  place(28, domain);
  place(36, user);
  place(44, workstation);
  place(12, lm);
  place(20, nt);
  place(52, sessionKey);
  header.writeUInt32LE(fields.flags >>> 0, 60);
  fields.version?.copy(header, 64);
  return Buffer.concat([header, domain, user, workstation, lm, nt, sessionKey]);
}

function readSecurityBuffer(message: Buffer, at: number, name: string): Buffer {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length)
    throw new NtlmMessageError(`the NTLM ${name} field runs past the message`);
  return message.subarray(offset, offset + length);
}
