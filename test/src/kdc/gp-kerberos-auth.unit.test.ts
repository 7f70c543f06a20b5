import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGss, Vault } from '@gprelay/agent';
import { silentLogger, systemClock } from '@gprelay/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimAuthOptions } from '../gp-sim/auth';
import {
  authenticatedSource,
  authSettings,
  countingGss,
  failureOf,
  GpAuthFactory,
  listAll,
  soapUrlAt,
  startAuthSimulator,
} from './auth-test-kit';
import { MitKdc } from './mit-kdc';

// The agent's Kerberos client and the simulator's acceptor share this process and one realm:
// MIT reads KRB5_CONFIG / KRB5_KTNAME / KRB5CCNAME from the environment, so this file is its own process.
const PASSWORD = 'Pa55 word for svc-gp';
const NTLM_ACCOUNTS = {
  accounts: [{ user: 'svc-gp', domain: 'GP', password: PASSWORD }],
  netbiosDomain: 'GP',
  dnsDomain: 'gp.test',
};

let kdc: MitKdc;
let dataDir: string;
let vault: Vault;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  kdc = await MitKdc.start({
    realm: 'GP.TEST',
    serviceHosts: ['localhost', 'gp01.corp.example'],
    users: { 'svc-gp': PASSWORD, 'svc-kt': 'keytab user password', 'svc-old': 'expired password' },
  });
  Object.assign(process.env, kdc.serverEnv);
  dataDir = await mkdtemp(join(tmpdir(), 'gp-auth-'));
  vault = await Vault.open(join(dataDir, 'vault'));
  await vault.set('gp.password', PASSWORD);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await kdc?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function factory(gss?: ReturnType<typeof countingGss>['gss']) {
  return new GpAuthFactory({
    ccacheDir: join(dataDir, 'krb5cc'),
    vault,
    clock: systemClock,
    logger: silentLogger,
    ...(gss ? { gss } : {}),
  });
}

async function setup(
  simOptions: SimAuthOptions,
  auth: Record<string, unknown>,
  host = 'localhost',
  gss?: ReturnType<typeof countingGss>['gss'],
) {
  const { sim, auth: simAuth } = await startAuthSimulator(simOptions);
  cleanups.push(() => sim.close());
  const url = soapUrlAt(sim, host);
  const { source, authn } = authenticatedSource(factory(gss), authSettings(auth, url), url);
  cleanups.push(() => source.close());
  return { sim, simAuth, source, authn };
}

const KERBEROS = {
  mode: 'negotiate',
  principal: 'svc-gp@GP.TEST',
  credential: 'password',
  ntlmFallback: false,
};

describe('Kerberos (Negotiate) against a real KDC', () => {
  it('logs on with the vaulted password and checks the mutual-authentication token', async () => {
    const counting = countingGss(loadGss);
    const { simAuth, source, authn } = await setup({ negotiate: {} }, KERBEROS, 'localhost', counting.gss);
    expect(await listAll(source)).toBeGreaterThan(0);
    const accepted = simAuth.events.filter((e) => e.outcome === 'accepted');
    expect(accepted.length).toBeGreaterThan(1);
    expect(accepted.every((e) => e.scheme === 'Negotiate' && e.user === 'svc-gp@GP.TEST')).toBe(true);
    expect(simAuth.events.some((e) => e.outcome === 'refused' && e.scheme !== 'none')).toBe(false);
    expect(authn.kerberos?.credential.acquisitions).toBe(1);
    // Every answer carried a mutual-authentication token and each one was verified.
    expect(counting.mutualChecks()).toBe(accepted.length);
  });

  it('refuses an answer whose mutual-authentication token does not verify', async () => {
    const { source } = await setup({ negotiate: { corruptMutualToken: true } }, KERBEROS);
    const failure = await failureOf(listAll(source));
    expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
    expect(failure.message).toMatch(
      /^Kerberos as svc-gp@GP.TEST for HTTP\/localhost: GP's answer failed Kerberos mutual authentication/,
    );
  });

  it('logs on with a keytab, with an SPN override for a URL that names GP by IP address', async () => {
    const keytab = await kdc.exportUserKeytab('svc-kt');
    const { simAuth, source } = await setup(
      { negotiate: {} },
      {
        mode: 'negotiate',
        principal: 'svc-kt@GP.TEST',
        credential: 'keytab',
        keytab,
        spn: 'HTTP/gp01.corp.example',
      },
      '127.0.0.1',
    );
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(
      simAuth.events.filter((e) => e.outcome === 'accepted').every((e) => e.user === 'svc-kt@GP.TEST'),
    ).toBe(true);
  });

  it('uses Kerberos when GP offers both Negotiate and NTLM', async () => {
    const { simAuth, source } = await setup(
      { negotiate: {}, ntlm: NTLM_ACCOUNTS },
      { mode: 'negotiate', principal: 'svc-gp@GP.TEST', credential: 'password' },
    );
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(simAuth.events.every((e) => e.scheme === 'Negotiate' && e.outcome === 'accepted')).toBe(true);
  });

  it('gets exactly one fresh ticket and retries once when GP refuses a cached service ticket', async () => {
    const { simAuth, source, authn } = await setup({ negotiate: {} }, KERBEROS);
    await listAll(source);
    expect(authn.kerberos?.credential.acquisitions).toBe(1);
    // GP's account is re-keyed: the cached service ticket no longer decrypts on the server.
    await kdc.rekeyService('localhost');
    simAuth.events.length = 0;
    expect(await listAll(source)).toBeGreaterThan(0);
    const refused = simAuth.events.filter((e) => e.outcome === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatch(/not found in keytab|kvno/i);
    expect(simAuth.events[1]).toMatchObject({ scheme: 'Negotiate', outcome: 'accepted' });
    expect(authn.kerberos?.credential.acquisitions).toBe(2);
  });

  it('fails with AGENT_GP_AUTH_FAILED naming the principal when GP refuses even a fresh ticket', async () => {
    const { simAuth, source, authn } = await setup({ negotiate: {} }, KERBEROS);
    await kdc.dropServiceKeytab();
    try {
      const failure = await failureOf(listAll(source));
      expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
      expect(failure.message).toContain('HTTP 401');
      expect(failure.message).toContain('Kerberos as svc-gp@GP.TEST for HTTP/localhost');
      expect(failure.message).not.toContain(PASSWORD);
      // First ticket, then exactly one fresh one for the single retry.
      expect(authn.kerberos?.credential.acquisitions).toBe(2);
      expect(simAuth.events.filter((e) => e.scheme === 'Negotiate' && e.outcome === 'refused')).toHaveLength(
        2,
      );
    } finally {
      await kdc.rekeyService('localhost');
    }
  });
});

describe('Kerberos failures give one clear line', () => {
  it('wrong password: says so, names principal and vault entry, never the password; a new vault value works without a restart', async () => {
    await vault.set('wrong.password', 'not the password');
    const { source } = await setup({ negotiate: {} }, { ...KERBEROS, passwordEntry: 'wrong.password' });
    const failure = await failureOf(listAll(source));
    expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
    expect(failure.message).toBe(
      'Kerberos as svc-gp@GP.TEST: wrong password: the KDC refused the password in vault entry "wrong.password"; ' +
        'store the right one with "agent vault set wrong.password" [Password incorrect while getting initial credentials]',
    );
    expect(failure.message).not.toContain('not the password');
    // The same password is not sent again (account lockout), and the next poll says why.
    const before = kdc.log.filter((line) => line.includes('AS_REQ')).length;
    const again = await failureOf(listAll(source));
    expect(again.message).toContain('not tried again');
    expect(kdc.log.filter((line) => line.includes('AS_REQ')).length).toBe(before);
    // `agent vault set` (another process, another Vault handle) stores the right password: the next poll logs on.
    await (await Vault.open(join(dataDir, 'vault'))).set('wrong.password', PASSWORD);
    expect(await listAll(source)).toBeGreaterThan(0);
  });

  it('expired password', async () => {
    await kdc.expirePassword('svc-old');
    await vault.set('old.password', 'expired password');
    const { source } = await setup(
      { negotiate: {} },
      { ...KERBEROS, principal: 'svc-old@GP.TEST', passwordEntry: 'old.password' },
    );
    const failure = await failureOf(listAll(source));
    expect(failure.message).toMatch(
      /^Kerberos as svc-old@GP.TEST: the password has expired; change it in Active Directory, then store the new one with "agent vault set old.password" \[.*Password expired/,
    );
  });

  it('KDC unreachable', async () => {
    const { source } = await setup({ negotiate: {} }, KERBEROS);
    await kdc.stop();
    try {
      const failure = await failureOf(listAll(source));
      expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
      expect(failure.message).toBe(
        'Kerberos as svc-gp@GP.TEST: KDC unreachable: no domain controller of realm GP.TEST answers; check that port 88 ' +
          "is open to them and that krb5.conf or DNS names them [Cannot contact any KDC for realm 'GP.TEST' while getting initial credentials]",
      );
    } finally {
      await kdc.startProcess();
    }
  });

  it('unknown SPN', async () => {
    const { source } = await setup({ negotiate: {} }, { ...KERBEROS, spn: 'HTTP/nosuch.gp.test' });
    const failure = await failureOf(listAll(source));
    expect(failure.message).toMatch(
      /^Kerberos as svc-gp@GP.TEST: the KDC does not know the SPN HTTP\/nosuch.gp.test; register it .* \[Server HTTP\/nosuch.gp.test@GP.TEST not found in Kerberos database\]$/,
    );
  });
});

describe('NTLM', () => {
  it('authenticates NTLMv2 on one kept-alive connection when GP offers only NTLM', async () => {
    const { simAuth, source } = await setup(
      { ntlm: NTLM_ACCOUNTS },
      { mode: 'ntlm', principal: 'GP\\svc-gp' },
    );
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(simAuth.connections()).toBe(1);
    expect(simAuth.events.filter((e) => e.scheme === 'NTLM')).toEqual([
      { scheme: 'NTLM', outcome: 'challenged', connection: 1 },
      { scheme: 'NTLM', outcome: 'accepted', connection: 1, user: 'GP\\svc-gp' },
    ]);
    expect(simAuth.events.slice(2).every((e) => e.scheme === 'connection' && e.outcome === 'accepted')).toBe(
      true,
    );
  });

  it('falls back from Negotiate to NTLM when GP offers only NTLM', async () => {
    const { simAuth, source, authn } = await setup(
      { ntlm: NTLM_ACCOUNTS },
      { mode: 'negotiate', principal: 'svc-gp@GP.TEST', credential: 'password' },
    );
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(simAuth.events.filter((e) => e.scheme === 'NTLM' && e.outcome === 'accepted')).toHaveLength(1);
    expect(authn.describe()).toBe('NTLM as GP.TEST\\svc-gp');
    // From now on straight to NTLM: no Kerberos token is sent to this server again.
    const refusedBefore = simAuth.events.filter((e) => e.outcome === 'refused').length;
    await listAll(source);
    expect(simAuth.events.filter((e) => e.outcome === 'refused').length).toBe(refusedBefore);
  });

  it('falls back to NTLM when no Kerberos ticket can be had and GP offers NTLM too', async () => {
    const { simAuth, source, authn } = await setup(
      { negotiate: {}, ntlm: NTLM_ACCOUNTS },
      { mode: 'negotiate', principal: 'svc-gp@GP.TEST', credential: 'password' },
    );
    await kdc.stop();
    try {
      expect(await listAll(source)).toBeGreaterThan(0);
      expect(authn.kerberos?.credential.acquisitions).toBe(0);
      expect(simAuth.events.filter((e) => e.scheme === 'NTLM' && e.outcome === 'accepted')).toHaveLength(1);
      expect(simAuth.events.some((e) => e.scheme === 'Negotiate')).toBe(false);
    } finally {
      await kdc.startProcess();
    }
  });

  it('refuses a wrong NTLM password with one clear line and without the password', async () => {
    await vault.set('ntlm.wrong', 'not it');
    const { simAuth, source } = await setup(
      { ntlm: NTLM_ACCOUNTS },
      { mode: 'ntlm', principal: 'GP\\svc-gp', passwordEntry: 'ntlm.wrong' },
    );
    const failure = await failureOf(listAll(source));
    expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
    expect(failure.message).toMatch(/^NTLM as GP\\svc-gp: GP refused the logon/);
    expect(failure.message).not.toContain('not it');
    expect(simAuth.events.filter((e) => e.scheme === 'NTLM' && e.outcome === 'refused')).toEqual([
      { scheme: 'NTLM', outcome: 'refused', connection: 1, reason: 'wrong password for GP\\svc-gp' },
    ]);
    await vault.set('ntlm.wrong', PASSWORD);
    expect(await listAll(source)).toBeGreaterThan(0);
  });
});
