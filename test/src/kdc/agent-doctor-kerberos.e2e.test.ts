import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault } from '@gprelay/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpSimulator } from '../gp-sim';
import { TsxProcess } from '../harness/child-process';
import { AGENT_CLI } from '../harness/repo-paths';
import { soapUrlAt, startAuthSimulator } from './auth-test-kit';
import { MitKdc } from './mit-kdc';

// `agent doctor` as a real process against a real KDC and the simulator behind Negotiate.
const PASSWORD = 'doctor test password';
let kdc: MitKdc;
let sim: GpSimulator;
let dir: string;
let configPath: string;

beforeAll(async () => {
  kdc = await MitKdc.start({ realm: 'DOC.TEST', users: { 'svc-gp': PASSWORD } });
  Object.assign(process.env, kdc.serverEnv);
  ({ sim } = await startAuthSimulator({ negotiate: {} }));
  dir = await mkdtemp(join(tmpdir(), 'gp-doctor-'));
  configPath = join(dir, 'agent.json');
  const source = (spn?: string) => ({
    kind: 'gp-soap',
    url: soapUrlAt(sim, 'localhost'),
    companyId: -1,
    company: spn ? 'Wrong SPN Co' : 'Fabrikam, Inc.',
    timeoutMs: 10_000,
    auth: { mode: 'negotiate', principal: 'svc-gp@DOC.TEST', ntlmFallback: false, ...(spn ? { spn } : {}) },
  });
  await writeFile(
    configPath,
    JSON.stringify({
      cloudUrl: 'http://127.0.0.1:9',
      dataDir: 'data',
      sources: [source(), source('HTTP/nosuch.doc.test')],
    }),
  );
  // What `agent vault set gp.password` stores.
  await (await Vault.open(join(dir, 'data', 'vault'))).set('gp.password', PASSWORD);
});
afterAll(async () => {
  await sim?.close();
  await kdc?.close();
  await rm(dir, { recursive: true, force: true });
});

async function doctor(): Promise<string[]> {
  const run = new TsxProcess('agent-doctor', AGENT_CLI, ['doctor', '--config', configPath], kdc.clientEnv);
  await run.exited;
  return run.lines;
}

describe('agent doctor with Kerberos', () => {
  it('shows a ticket for the principal, the SPN, and the authenticated endpoint; a bad SPN is one line', async () => {
    const lines = await doctor();
    expect(lines).toContain(
      'ok    Kerberos Fabrikam, Inc.: obtained a ticket for svc-gp@DOC.TEST; the KDC issues service tickets for HTTP/localhost',
    );
    expect(lines.find((l) => l.startsWith('ok    GP Fabrikam, Inc.:'))).toMatch(
      /serves the GP Web Services WSDL to Kerberos as svc-gp@DOC.TEST for HTTP\/localhost$/,
    );
    expect(lines.find((l) => l.includes('Kerberos Wrong SPN Co'))).toMatch(
      /^FAIL {2}Kerberos Wrong SPN Co: Kerberos as svc-gp@DOC.TEST: the KDC does not know the SPN HTTP\/nosuch.doc.test; .*\[Server HTTP\/nosuch.doc.test@DOC.TEST not found in Kerberos database\]$/,
    );
    expect(lines.some((l) => /^\s+at /.test(l))).toBe(false);
  });

  it('says the KDC is unreachable, in one line, when it is down', async () => {
    await kdc.stop();
    try {
      const lines = await doctor();
      expect(lines).toContain(
        'FAIL  Kerberos Fabrikam, Inc.: Kerberos as svc-gp@DOC.TEST: KDC unreachable: no domain controller of realm DOC.TEST answers; ' +
          "check that port 88 is open to them and that krb5.conf or DNS names them [Cannot contact any KDC for realm 'DOC.TEST' while getting initial credentials]",
      );
      expect(lines.some((l) => /^\s+at /.test(l))).toBe(false);
    } finally {
      await kdc.startProcess();
    }
  });
});
