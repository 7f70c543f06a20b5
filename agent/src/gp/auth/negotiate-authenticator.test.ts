import { silentLogger } from '@gprelay/shared';
import { describe, expect, it } from 'vitest';
import type { HttpAuthRequest } from '../soap/http-authenticator';
import type { GssApi } from './kerberos/gss';
import type { KerberosCredential } from './kerberos-credential';
import { NegotiateAuthenticator } from './negotiate-authenticator';
import { servicePrincipalFor } from './spn';

/** A GSS stand-in: token "t<n>" per context; a server token "good" completes it, anything else fails. */
function fakeGss(failures: string[] = []) {
  const calls = { contexts: 0, steps: [] as string[] };
  const gss: GssApi = {
    spnegoMechOid: 6,
    initializeClient: async () => {
      const failure = failures.shift();
      if (failure) throw new Error(failure);
      const id = ++calls.contexts;
      let complete = false;
      return {
        get contextComplete() {
          return complete;
        },
        step: async (challenge: string) => {
          calls.steps.push(challenge);
          if (challenge === '') return `t${id}`;
          if (challenge !== 'good')
            throw new Error(
              'Unspecified GSS failure.  Minor code may provide more information: Message stream modified',
            );
          complete = true;
          return '';
        },
      };
    },
  };
  return { gss, calls };
}

function credential() {
  const counts = { ensure: 0, refresh: 0 };
  const value: KerberosCredential = {
    who: 'svc-gp@GP.TEST',
    kind: 'password',
    acquisitions: 0,
    failureContext: {
      who: 'svc-gp@GP.TEST',
      realm: 'GP.TEST',
      credential: 'password',
      passwordEntry: 'gp.password',
    },
    clientOptions: async () => ({ principal: 'svc-gp@GP.TEST' }),
    ensure: async () => {
      counts.ensure += 1;
    },
    refresh: async () => {
      counts.refresh += 1;
      return true;
    },
  };
  return { value, counts };
}

const spn = servicePrincipalFor(new URL('http://gp01.corp.example/x'), null);
const req = (): HttpAuthRequest => ({ method: 'POST', url: new URL('http://gp01.corp.example/x') });

describe('NegotiateAuthenticator', () => {
  it('sends a new context token per request and checks the mutual-auth token against that context', async () => {
    const { gss, calls } = fakeGss();
    const cred = credential();
    const negotiate = new NegotiateAuthenticator({
      spn,
      credential: cred.value,
      logger: silentLogger,
      gss: async () => gss,
    });
    const request = req();
    expect(await negotiate.authorize(request)).toEqual({ authorization: 'Negotiate t1' });
    await negotiate.accept(request, ['Negotiate good']);
    expect(calls.steps).toEqual(['', 'good']);
    const other = req();
    await negotiate.authorize(other);
    await expect(negotiate.accept(other, ['Negotiate forged'])).rejects.toThrow(
      "Kerberos as svc-gp@GP.TEST for HTTP/gp01.corp.example: GP's answer failed Kerberos mutual authentication, so it may not come from GP's service [Message stream modified]",
    );
  });

  it('on a 401 gets one fresh ticket and a new context', async () => {
    const { gss, calls } = fakeGss();
    const cred = credential();
    const negotiate = new NegotiateAuthenticator({
      spn,
      credential: cred.value,
      logger: silentLogger,
      gss: async () => gss,
    });
    const request = req();
    await negotiate.authorize(request);
    expect(await negotiate.respond(request, ['Negotiate', 'NTLM'])).toEqual({
      authorization: 'Negotiate t2',
    });
    expect(cred.counts.refresh).toBe(1);
    expect(calls.contexts).toBe(2);
    expect(await negotiate.respond(req(), ['NTLM'])).toBeNull();
  });

  it('renews a missing or expired TGT once before giving up with a clear line', async () => {
    const { gss } = fakeGss([
      'Unspecified GSS failure.  Minor code may provide more information: Ticket expired',
    ]);
    const cred = credential();
    const negotiate = new NegotiateAuthenticator({
      spn,
      credential: cred.value,
      logger: silentLogger,
      gss: async () => gss,
    });
    expect(await negotiate.authorize(req())).toEqual({ authorization: 'Negotiate t1' });
    expect(cred.counts.refresh).toBe(1);

    const failing = fakeGss([
      "Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'GP.TEST'",
    ]);
    const down = new NegotiateAuthenticator({
      spn,
      credential: cred.value,
      logger: silentLogger,
      gss: async () => failing.gss,
    });
    await expect(down.authorize(req())).rejects.toMatchObject({
      code: 'AGENT_GP_AUTH_FAILED',
      retryable: true,
      message: expect.stringMatching(
        /^Kerberos as svc-gp@GP.TEST: KDC unreachable: .* \[Cannot contact any KDC for realm 'GP.TEST'\]$/,
      ),
    });
  });
});
