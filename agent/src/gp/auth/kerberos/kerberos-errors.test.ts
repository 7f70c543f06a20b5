import { describe, expect, it } from 'vitest';
import {
  classifyKerberosText,
  cleanKerberosText,
  KerberosProblem,
  kerberosFailureLine,
} from './kerberos-errors';

describe('classifyKerberosText', () => {
  // Texts as MIT krb5 1.20 printed them against the test KDC (kinit stderr, or the kerberos package's GSS error).
  it.each([
    ['kinit: Password incorrect while getting initial credentials', KerberosProblem.wrongPassword],
    [
      'Password for u@GP.TEST: \nPassword expired.  You must change it now.\nEnter new password: \nkinit: Cannot read password while getting initial credentials',
      KerberosProblem.passwordExpired,
    ],
    [
      "kinit: Cannot contact any KDC for realm 'GP.TEST' while getting initial credentials",
      KerberosProblem.kdcUnreachable,
    ],
    [
      "Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'GP.TEST'",
      KerberosProblem.kdcUnreachable,
    ],
    [
      'Unspecified GSS failure.  Minor code may provide more information: Server HTTP/gp01.corp.example@GP.TEST not found in Kerberos database',
      KerberosProblem.unknownSpn,
    ],
    [
      'Unspecified GSS failure.  Minor code may provide more information: Clock skew too great',
      KerberosProblem.clockSkew,
    ],
    [
      "kinit: Client 'nobody@GP.TEST' not found in Kerberos database while getting initial credentials",
      KerberosProblem.unknownPrincipal,
    ],
    [
      "kinit: Client's credentials have been revoked while getting initial credentials",
      KerberosProblem.accountDisabled,
    ],
    ["kinit: Key table file '/x.keytab' not found while getting initial credentials", KerberosProblem.keytab],
    [
      'kinit: Keytab contains no suitable keys for svc-gp@GP.TEST while getting initial credentials',
      KerberosProblem.keytab,
    ],
    [
      "No credentials were supplied, or the credentials were unavailable or inaccessible: Can't find client principal other@GP.TEST in cache collection",
      KerberosProblem.noTicket,
    ],
    [
      'Unspecified GSS failure.  Minor code may provide more information: Ticket expired',
      KerberosProblem.noTicket,
    ],
    // SSPI (documented texts; not observed here).
    ['The clocks on the client and server machines are skewed. (0x80090324)', KerberosProblem.clockSkew],
    ['No authority could be contacted for authentication. (0x80090311)', KerberosProblem.kdcUnreachable],
    ['The logon attempt failed (0x8009030C)', KerberosProblem.wrongPassword],
    ['something new', KerberosProblem.other],
  ])('%j → %s', (text, problem) => {
    expect(classifyKerberosText(text)).toBe(problem);
  });
});

describe('kerberosFailureLine', () => {
  const context = {
    who: 'svc-gp@GP.TEST',
    spn: 'HTTP/gp01.corp.example',
    realm: 'GP.TEST',
    credential: 'password' as const,
    passwordEntry: 'gp.password',
  };

  it('names the principal, says what to do and quotes Kerberos on one line', () => {
    const line = kerberosFailureLine(
      KerberosProblem.wrongPassword,
      'kinit: Password incorrect while getting initial credentials',
      context,
    );
    expect(line).toBe(
      'Kerberos as svc-gp@GP.TEST: wrong password: the KDC refused the password in vault entry "gp.password"; ' +
        'store the right one with "agent vault set gp.password" [Password incorrect while getting initial credentials]',
    );
    expect(line).not.toContain('\n');
  });

  it('strips GSS boilerplate and prompts', () => {
    expect(
      cleanKerberosText(
        'Password for a@B: \nUnspecified GSS failure.  Minor code may provide more information: Clock skew too great',
      ),
    ).toBe('Clock skew too great');
  });

  it('tells keytab users about stale keys rather than passwords', () => {
    const line = kerberosFailureLine(KerberosProblem.wrongPassword, 'Preauthentication failed', {
      ...context,
      credential: 'keytab',
      keytab: '/etc/gp.keytab',
    });
    expect(line).toContain('keytab /etc/gp.keytab are out of date');
  });
});
