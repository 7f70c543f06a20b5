import { silentLogger } from '@gprelay/shared';
import { describe, expect, it } from 'vitest';
import type { HttpAuthRequest } from '../soap/http-authenticator';
import { NtlmAuthenticator, type NtlmConnection } from './ntlm-authenticator';
import { RejectedPasswords } from './password-source';

// MS-NLMP §4.2.4.3 CHALLENGE_MESSAGE: a well-formed type 2 for the fake server to hand out.
const CHALLENGE = Buffer.from(
  '4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000' +
    '060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c005300650072007600' +
    '6500720000000000',
  'hex',
).toString('base64');

class FakeConnection implements NtlmConnection {
  generation = 1;
  negotiations = 0;
  async negotiate(_request: HttpAuthRequest, authorization: string) {
    expect(authorization).toMatch(/^NTLM TlRMTVNTUAAB/);
    this.negotiations += 1;
    return { status: 401, challenges: [`NTLM ${CHALLENGE}`] };
  }
}

function setup(password = { value: 'Password' }) {
  const connection = new FakeConnection();
  const clock = { now: () => 1_700_000_000_000 };
  const ntlm = new NtlmAuthenticator({
    user: 'User',
    domain: 'Domain',
    password: { entry: 'gp.password', read: async () => password.value },
    connection,
    rejected: new RejectedPasswords(clock),
    clock,
    logger: silentLogger,
    workstation: 'AGENT',
  });
  return { ntlm, connection, password };
}
const req = (): HttpAuthRequest => ({ method: 'POST', url: new URL('http://gp01/x.asmx') });

describe('NtlmAuthenticator', () => {
  it('handshakes once per connection and then sends no header on it', async () => {
    const { ntlm, connection } = setup();
    const first = await ntlm.authorize(req());
    expect(first.authorization).toMatch(/^NTLM TlRMTVNTUAAD/);
    expect(await ntlm.authorize(req())).toEqual({});
    expect(connection.negotiations).toBe(1);
    connection.generation += 1; // the socket was replaced
    expect((await ntlm.authorize(req())).authorization).toMatch(/^NTLM /);
    expect(connection.negotiations).toBe(2);
  });

  it('serialises handshakes: a request waiting for the lock rides on the fresh authentication', async () => {
    const { ntlm, connection } = setup();
    const order: string[] = [];
    const a = ntlm.authorize(req()).then((h) => order.push(`a:${h.authorization ? 'type3' : 'none'}`));
    const b = ntlm.authorize(req()).then((h) => order.push(`b:${h.authorization ? 'type3' : 'none'}`));
    await Promise.all([a, b]);
    expect(order).toEqual(['a:type3', 'b:none']);
    expect(connection.negotiations).toBe(1);
  });

  it('treats a 401 to its AUTHENTICATE message as a verdict on the password and does not resend it', async () => {
    const { ntlm, connection } = setup();
    const request = req();
    await ntlm.authorize(request);
    await expect(ntlm.respond(request, ['NTLM'])).rejects.toThrow(
      /^NTLM as Domain\\User: GP refused the logon/,
    );
    await expect(ntlm.authorize(req())).rejects.toThrow(/not tried again/);
    expect(connection.negotiations).toBe(1);
  });

  it('tries a password changed in the vault at once', async () => {
    const { ntlm, connection, password } = setup();
    const request = req();
    await ntlm.authorize(request);
    password.value = 'new one';
    expect((await ntlm.respond(request, ['NTLM']))?.authorization).toMatch(/^NTLM /);
    expect(connection.negotiations).toBe(2);
  });

  it('re-authenticates when a request sent on a lost connection meets a 401', async () => {
    const { ntlm, connection } = setup();
    await ntlm.authorize(req());
    const later = req();
    expect(await ntlm.authorize(later)).toEqual({});
    expect((await ntlm.respond(later, ['Negotiate', 'NTLM']))?.authorization).toMatch(/^NTLM /);
    expect(connection.negotiations).toBe(2);
    expect(await ntlm.respond(req(), ['Negotiate'])).toBeNull();
  });
});
