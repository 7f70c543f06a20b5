import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCcacheTimeOffset } from './ccache-time-offset';
import { runKrb5Tool } from './krb5-tools';
import { MitKdc } from './mit-kdc';

describe('MitKdc', () => {
  let kdc: MitKdc;
  let scratch: string;

  beforeAll(async () => {
    kdc = await MitKdc.start({ realm: 'KDC.TEST', users: { 'svc-gp': 'first password' } });
    scratch = await mkdtemp(join(tmpdir(), 'kdc-test-'));
  });
  afterAll(async () => {
    await kdc?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const cc = (name: string) => `FILE:${join(scratch, name)}`;

  it('issues a TGT for a user with the right password and refuses a wrong one', async () => {
    expect((await kdc.kinit('svc-gp', { password: 'first password' }, cc('ok'))).code).toBe(0);
    const klist = await runKrb5Tool('klist', ['-c', cc('ok')], { env: kdc.clientEnv });
    expect(klist.stdout).toContain('krbtgt/KDC.TEST@KDC.TEST');
    const wrong = await kdc.kinit('svc-gp', { password: 'nope' }, cc('wrong'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Password incorrect');
  });

  it('serves the HTTP service principal from its keytab', async () => {
    await kdc.kinit('svc-gp', { password: 'first password' }, cc('svc'));
    const kvno = await runKrb5Tool('kvno', [kdc.servicePrincipal()], {
      env: { ...kdc.clientEnv, KRB5CCNAME: cc('svc') },
    });
    expect(kvno.stdout).toContain('HTTP/localhost@KDC.TEST: kvno =');
    const keytab = await runKrb5Tool('klist', ['-k', kdc.serviceKeytab], { env: kdc.clientEnv });
    expect(keytab.stdout).toContain('HTTP/localhost@KDC.TEST');
  });

  it('changes and expires passwords', async () => {
    await kdc.addUser('rotating', 'old one');
    await kdc.setPassword('rotating', 'new one');
    expect((await kdc.kinit('rotating', { password: 'old one' }, cc('r1'))).code).toBe(1);
    expect((await kdc.kinit('rotating', { password: 'new one' }, cc('r2'))).code).toBe(0);
    await kdc.expirePassword('rotating');
    const expired = await kdc.kinit('rotating', { password: 'new one' }, cc('r3'));
    expect(expired.code).toBe(1);
    expect(expired.stdout + expired.stderr).toContain('Password expired');
  });

  it('logs on with an exported user keytab', async () => {
    const keytab = await kdc.exportUserKeytab('svc-gp');
    expect((await kdc.kinit('svc-gp', { keytab }, cc('kt'))).code).toBe(0);
  });

  it('makes a cache look like it came from a machine with a skewed clock', async () => {
    await kdc.kinit('svc-gp', { password: 'first password' }, cc('skew'));
    await setCcacheTimeOffset(join(scratch, 'skew'), 900);
    const kvno = await runKrb5Tool('kvno', [kdc.servicePrincipal()], {
      env: { ...kdc.clientEnv, KRB5CCNAME: cc('skew') },
    });
    expect(kvno.stderr).toContain('Clock skew too great');
  });

  it('becomes unreachable when stopped and answers again when restarted', async () => {
    await kdc.stop();
    expect(kdc.running).toBe(false);
    const down = await kdc.kinit('svc-gp', { password: 'first password' }, cc('down'));
    expect(down.stderr).toContain("Cannot contact any KDC for realm 'KDC.TEST'");
    await kdc.startProcess();
    expect((await kdc.kinit('svc-gp', { password: 'first password' }, cc('up'))).code).toBe(0);
  });
});
