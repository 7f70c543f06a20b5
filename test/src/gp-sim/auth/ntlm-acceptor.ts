import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { AvId, fileTime, hmacMd5, NtlmFlag, ntowfv2 } from '@gprelay/agent';

/** A domain account the simulated IIS accepts over NTLM. */
export interface NtlmAccount {
  readonly user: string;
  /** NetBIOS domain (CORP); its DNS name from NtlmAcceptorOptions is accepted too. */
  readonly domain: string;
  readonly password: string;
}

export interface NtlmAcceptorOptions {
  readonly accounts: readonly NtlmAccount[];
  /** Default CORP. */
  readonly netbiosDomain?: string;
  /** Default corp.example. */
  readonly dnsDomain?: string;
  /** Default GP01. */
  readonly computer?: string;
  /** Default Date.now. */
  readonly now?: () => number;
}

export type NtlmOutcome =
  | { readonly kind: 'accepted'; readonly user: string }
  | { readonly kind: 'challenge'; readonly token: string }
  | { readonly kind: 'refused'; readonly reason: string };

type SocketState = { readonly serverChallenge: Buffer } | { readonly user: string };

/**
 * The server side of NTLM as IIS does it: per TCP connection, NEGOTIATE gets
 * a CHALLENGE (random server challenge, target info with a timestamp), and
 * AUTHENTICATE is checked by recomputing the NTLMv2 NTProofStr from the
 * account's password; the connection then stays authenticated, so later
 * requests on it need no header. NTLMv1 answers are refused.
 */
export class NtlmAcceptor {
  readonly #sockets = new WeakMap<Socket, SocketState>();
  readonly #netbiosDomain: string;
  readonly #dnsDomain: string;
  readonly #computer: string;

  constructor(private readonly options: NtlmAcceptorOptions) {
    this.#netbiosDomain = options.netbiosDomain ?? 'CORP';
    this.#dnsDomain = options.dnsDomain ?? 'corp.example';
    this.#computer = options.computer ?? 'GP01';
  }

  /** The user this connection authenticated as, if it did. */
  authenticatedUser(socket: Socket): string | null {
    const state = this.#sockets.get(socket);
    return state && 'user' in state ? state.user : null;
  }

  /** Handles an `NTLM <base64>` token sent on `socket`. */
  handle(socket: Socket, token: string): NtlmOutcome {
    const message = Buffer.from(token, 'base64');
    if (message.length < 12 || message.toString('latin1', 0, 8) !== 'NTLMSSP\0') {
      return { kind: 'refused', reason: 'not an NTLM message' };
    }
    const type = message.readUInt32LE(8);
    if (type === 1) {
      const serverChallenge = randomBytes(8);
      this.#sockets.set(socket, { serverChallenge });
      return { kind: 'challenge', token: this.#challengeMessage(serverChallenge).toString('base64') };
    }
    if (type !== 3) return { kind: 'refused', reason: `unexpected NTLM message type ${type}` };
    const state = this.#sockets.get(socket);
    this.#sockets.delete(socket);
    if (!state || !('serverChallenge' in state)) {
      return { kind: 'refused', reason: 'AUTHENTICATE without a CHALLENGE on this connection' };
    }
    const verdict = this.#verify(message, state.serverChallenge);
    if (verdict.kind === 'accepted') this.#sockets.set(socket, { user: verdict.user });
    return verdict;
  }

  #verify(message: Buffer, serverChallenge: Buffer): NtlmOutcome {
    if (message.length < 64) return { kind: 'refused', reason: 'AUTHENTICATE message too short' };
    const field = (at: number) => {
      const length = message.readUInt16LE(at);
      const offset = message.readUInt32LE(at + 4);
      if (offset + length > message.length) throw new RangeError('field past the end');
      return message.subarray(offset, offset + length);
    };
    let nt: Buffer;
    let domain: string;
    let user: string;
    try {
      if ((message.readUInt32LE(60) & NtlmFlag.unicode) === 0)
        return { kind: 'refused', reason: 'OEM NTLM not supported' };
      nt = field(20);
      domain = field(28).toString('utf16le');
      user = field(36).toString('utf16le');
    } catch {
      return { kind: 'refused', reason: 'malformed AUTHENTICATE message' };
    }
    if (nt.length <= 24)
      return { kind: 'refused', reason: 'NTLMv1 response refused (LmCompatibilityLevel 5)' };
    const account = this.options.accounts.find(
      (a) => a.user.toLowerCase() === user.toLowerCase() && this.#domainMatches(a.domain, domain),
    );
    if (!account) return { kind: 'refused', reason: `unknown account ${domain}\\${user}` };
    // The domain controller's check: NTProofStr = HMAC-MD5(NTOWFv2, ServerChallenge ‖ temp).
    const proof = nt.subarray(0, 16);
    const temp = nt.subarray(16);
    const expected = hmacMd5(ntowfv2(account.password, user, domain), Buffer.concat([serverChallenge, temp]));
    if (!timingSafeEqual(proof, expected))
      return { kind: 'refused', reason: `wrong password for ${domain}\\${user}` };
    return { kind: 'accepted', user: `${account.domain.toUpperCase()}\\${account.user}` };
  }

  #domainMatches(accountDomain: string, sent: string): boolean {
    const s = sent.toLowerCase();
    const a = accountDomain.toLowerCase();
    if (s === a) return true;
    // A domain controller takes the domain's DNS name for its NetBIOS name.
    return a === this.#netbiosDomain.toLowerCase() && s === this.#dnsDomain.toLowerCase();
  }

  #challengeMessage(serverChallenge: Buffer): Buffer {
    const now = this.options.now ?? Date.now;
    const avPair = (id: number, value: Buffer) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(id, 0);
      head.writeUInt16LE(value.length, 2);
      return Buffer.concat([head, value]);
    };
    const utf16 = (text: string) => Buffer.from(text, 'utf16le');
    const targetInfo = Buffer.concat([
      avPair(AvId.nbDomainName, utf16(this.#netbiosDomain)),
      avPair(AvId.nbComputerName, utf16(this.#computer)),
      avPair(AvId.dnsDomainName, utf16(this.#dnsDomain)),
      avPair(AvId.dnsComputerName, utf16(`${this.#computer.toLowerCase()}.${this.#dnsDomain}`)),
      avPair(AvId.timestamp, fileTime(now())),
      avPair(AvId.eol, Buffer.alloc(0)),
    ]);
    const targetName = utf16(this.#netbiosDomain);
    const header = Buffer.alloc(48);
    header.write('NTLMSSP\0', 0, 'latin1');
    header.writeUInt32LE(2, 8);
    header.writeUInt16LE(targetName.length, 12);
    header.writeUInt16LE(targetName.length, 14);
    header.writeUInt32LE(48, 16);
    const flags =
      NtlmFlag.unicode |
      NtlmFlag.requestTarget |
      NtlmFlag.ntlm |
      NtlmFlag.alwaysSign |
      0x0001_0000 | // NTLMSSP_TARGET_TYPE_DOMAIN
      NtlmFlag.extendedSessionSecurity |
      NtlmFlag.targetInfo |
      NtlmFlag.negotiate128 |
      NtlmFlag.negotiate56;
    header.writeUInt32LE(flags >>> 0, 20);
    serverChallenge.copy(header, 24);
    header.writeUInt16LE(targetInfo.length, 40);
    header.writeUInt16LE(targetInfo.length, 42);
    header.writeUInt32LE(48 + targetName.length, 44);
    return Buffer.concat([header, targetName, targetInfo]);
  }
}
