import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@gprelay/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedSource,
  authSettings,
  failureOf,
  GpAuthFactory,
  listAll,
  soapUrlAt,
  startAuthSimulator,
} from './auth-test-kit';
import { setCcacheTimeOffset } from './ccache-time-offset';
import { MitKdc } from './mit-kdc';

// Credential "process": the agent uses the credential cache the process was started with
// (KRB5CCNAME), here filled by kinit beforehand as a service's logon would. Its own file,
// hence its own process: KRB5CCNAME is process-wide.
let kdc: MitKdc;
let dir: string;
let ccachePath: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  kdc = await MitKdc.start({ realm: 'PROC.TEST', users: { 'svc-gp': 'process identity pw' } });
  dir = await mkdtemp(join(tmpdir(), 'gp-proc-auth-'));
  ccachePath = join(dir, 'krb5cc_service');
  Object.assign(process.env, kdc.serverEnv, { KRB5CCNAME: `FILE:${ccachePath}` });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await kdc?.close();
  await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const { sim, auth } = await startAuthSimulator({ negotiate: {} });
  cleanups.push(() => sim.close());
  const url = soapUrlAt(sim, 'localhost');
  const factory = new GpAuthFactory({
    ccacheDir: join(dir, 'unused-private-cache'),
    vault: { get: async () => undefined },
    clock: systemClock,
    logger: silentLogger,
  });
  const { source, authn } = authenticatedSource(
    factory,
    authSettings({ mode: 'negotiate', credential: 'process', principal: 'svc-gp@PROC.TEST' }, url),
    url,
  );
  cleanups.push(() => source.close());
  return { simAuth: auth, source, authn };
}

describe('Kerberos with the process identity (pre-populated credential cache)', () => {
  it('logs on with the ticket already in the cache and never runs kinit', async () => {
    expect((await kdc.kinit('svc-gp', { password: 'process identity pw' }, `FILE:${ccachePath}`)).code).toBe(
      0,
    );
    const { simAuth, source, authn } = await setup();
    expect(await listAll(source)).toBeGreaterThan(0);
    expect(simAuth.events.every((e) => e.outcome === 'accepted' && e.user === 'svc-gp@PROC.TEST')).toBe(true);
    expect(authn.kerberos?.credential.acquisitions).toBe(0);
    expect(process.env.KRB5CCNAME).toBe(`FILE:${ccachePath}`);
  });

  it('clock skew: one clear line when this machine is 15 minutes off the KDC', async () => {
    // A fresh TGT (no cached service ticket), stamped as if our clock ran 15 minutes ahead.
    expect((await kdc.kinit('svc-gp', { password: 'process identity pw' }, `FILE:${ccachePath}`)).code).toBe(
      0,
    );
    await setCcacheTimeOffset(ccachePath, 15 * 60);
    const { source } = await setup();
    const failure = await failureOf(listAll(source));
    expect(failure.code).toBe('AGENT_GP_AUTH_FAILED');
    expect(failure.message).toBe(
      "Kerberos as svc-gp@PROC.TEST: clock skew too great: this server's clock differs from the domain's by more than " +
        'Kerberos allows (5 minutes); fix the time (w32tm /resync, or NTP) [Clock skew too great]',
    );
  });

  it('says there is no ticket when the cache is empty', async () => {
    await rm(ccachePath, { force: true });
    const { source } = await setup();
    const failure = await failureOf(listAll(source));
    expect(failure.message).toMatch(
      /^Kerberos as svc-gp@PROC.TEST: no valid ticket in the credential cache of this process; .* \[No credentials were supplied.*Can.t find client principal svc-gp@PROC.TEST in cache collection\]$/,
    );
  });
});
