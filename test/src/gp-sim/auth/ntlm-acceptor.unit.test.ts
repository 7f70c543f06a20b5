import { Socket } from 'node:net';
import { createAuthenticateMessage, decodeChallengeMessage, encodeNegotiateMessage } from '@gprelay/agent';
import { describe, expect, it } from 'vitest';
import { NtlmAcceptor } from './ntlm-acceptor';

const acceptor = () =>
  new NtlmAcceptor({
    accounts: [{ user: 'svc-gp', domain: 'CORP', password: 'right' }],
    now: () => Date.UTC(2024, 0, 1),
  });
const b64 = (buffer: Buffer) => buffer.toString('base64');

/** NEGOTIATE on `socket`, then the AUTHENTICATE the agent would send with `password`. */
function authenticate(ntlm: NtlmAcceptor, socket: Socket, password: string, domain = 'CORP'): Buffer {
  const challenge = ntlm.handle(socket, b64(encodeNegotiateMessage()));
  if (challenge.kind !== 'challenge') throw new Error('expected a challenge');
  return createAuthenticateMessage(
    decodeChallengeMessage(Buffer.from(challenge.token, 'base64')),
    { user: 'svc-gp', domain, password, workstation: 'AGENT' },
    { nowMs: Date.UTC(2024, 0, 1) },
  );
}

describe('NtlmAcceptor (simulated IIS)', () => {
  it('accepts the right password and keeps the connection authenticated', () => {
    const ntlm = acceptor();
    const socket = new Socket();
    expect(ntlm.handle(socket, b64(authenticate(ntlm, socket, 'right')))).toEqual({
      kind: 'accepted',
      user: 'CORP\\svc-gp',
    });
    expect(ntlm.authenticatedUser(socket)).toBe('CORP\\svc-gp');
    expect(ntlm.authenticatedUser(new Socket())).toBeNull();
  });

  it('accepts the domain DNS name for its NetBIOS name, as a domain controller does', () => {
    const ntlm = acceptor();
    const socket = new Socket();
    expect(ntlm.handle(socket, b64(authenticate(ntlm, socket, 'right', 'corp.example'))).kind).toBe(
      'accepted',
    );
  });

  it('recomputes NTProofStr: a wrong password or a tampered proof is refused', () => {
    const ntlm = acceptor();
    const socket = new Socket();
    expect(ntlm.handle(socket, b64(authenticate(ntlm, socket, 'wrong')))).toEqual({
      kind: 'refused',
      reason: 'wrong password for CORP\\svc-gp',
    });
    const message = authenticate(ntlm, socket, 'right');
    const ntOffset = message.readUInt32LE(24);
    message[ntOffset] = message[ntOffset]! ^ 0x01;
    expect(ntlm.handle(socket, b64(message)).kind).toBe('refused');
    expect(ntlm.authenticatedUser(socket)).toBeNull();
  });

  it('checks against the challenge of the same connection only', () => {
    const ntlm = acceptor();
    const first = new Socket();
    const message = authenticate(ntlm, first, 'right');
    expect(ntlm.handle(new Socket(), b64(message))).toEqual({
      kind: 'refused',
      reason: 'AUTHENTICATE without a CHALLENGE on this connection',
    });
    // A fresh challenge on the same connection invalidates the earlier answer.
    ntlm.handle(first, b64(encodeNegotiateMessage()));
    expect(ntlm.handle(first, b64(message)).kind).toBe('refused');
  });

  it('refuses NTLMv1-sized responses', () => {
    const ntlm = acceptor();
    const socket = new Socket();
    const message = authenticate(ntlm, socket, 'right');
    message.writeUInt16LE(24, 20); // NtChallengeResponse length of NTLMv1
    expect(ntlm.handle(socket, b64(message))).toEqual({
      kind: 'refused',
      reason: 'NTLMv1 response refused (LmCompatibilityLevel 5)',
    });
  });
});
