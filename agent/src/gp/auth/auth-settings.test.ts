import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../config/agent-config';
import { crossSourceAuthProblems, NO_AUTH, parseAuthSettings } from './auth-settings';
import { parseAccountName } from './principal-name';
import { servicePrincipalFor } from './spn';

const URL_HOST = 'http://gp01.corp.example:48620/DynamicsGPWebServices/DynamicsGPService.asmx';
const parse = (
  raw: unknown,
  options: { url?: string; platform?: NodeJS.Platform; legacySpn?: unknown } = {},
) => {
  const problems: string[] = [];
  const settings = parseAuthSettings(
    raw,
    'sources[0].auth',
    { url: options.url ?? URL_HOST, legacySpn: options.legacySpn, platform: options.platform ?? 'linux' },
    problems,
  );
  return { settings, problems };
};

describe('parseAuthSettings', () => {
  it('defaults to no authentication, keeping a legacy source-level spn', () => {
    expect(parse(undefined)).toEqual({ settings: NO_AUTH, problems: [] });
    expect(parse(undefined, { legacySpn: 'HTTP/gp01' }).settings.spn).toBe('HTTP/gp01');
  });

  it('reads Kerberos with a vaulted password, with NTLM fallback on by default', () => {
    const { settings, problems } = parse({ mode: 'negotiate', principal: 'svc-gp@CORP.EXAMPLE' });
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      mode: 'negotiate',
      principal: 'svc-gp@CORP.EXAMPLE',
      credential: 'password',
      keytab: null,
      spn: null,
      passwordEntry: 'gp.password',
      ntlmFallback: true,
      ntlmDomain: null,
    });
    expect(
      parse({ mode: 'negotiate', principal: 'svc-gp@CORP.EXAMPLE', ntlmFallback: false }).settings
        .ntlmFallback,
    ).toBe(false);
  });

  it('reports every problem at once', () => {
    const { problems } = parse({
      mode: 'negotiate',
      credential: 'keytab',
      spn: 'HTTP/gp01@CORP.EXAMPLE',
      passwordEntry: 'Not A Name',
      colour: 'blue',
    });
    expect(problems).toEqual([
      'sources[0].auth: unknown setting "colour"',
      'sources[0].auth.spn: SPN "HTTP/gp01@CORP.EXAMPLE" must look like HTTP/host.example.com (no realm: krb5.conf maps the host to its realm)',
      'sources[0].auth.passwordEntry must be a vault entry name (lower-case letters, digits, . _ -)',
      'sources[0].auth.principal is required with credential "keytab" (e.g. svc-gp@CORP.EXAMPLE)',
      'sources[0].auth.keytab is required with credential "keytab"',
    ]);
  });

  it('knows what each platform can do', () => {
    expect(
      parse({ principal: 'a@B', credential: 'keytab', keytab: 'C:/a.keytab' }, { platform: 'win32' })
        .problems,
    ).toEqual([
      'sources[0].auth: keytabs need MIT Kerberos; on Windows use credential "process" (the service\'s account) or "password"',
    ]);
    expect(parse({ mode: 'ntlm', principal: 'svc-gp' }).problems).toEqual([
      'sources[0].auth: NTLM needs a domain: write the principal as DOMAIN\\user or set ntlmDomain',
    ]);
    expect(parse({ mode: 'ntlm', credential: 'process' }).problems).toContain(
      'sources[0].auth: NTLM needs the account\'s password (credential "password")',
    );
    expect(parse({ principal: 'a@B' }, { url: 'http://10.0.0.5:48620/x.asmx' }).problems).toEqual([
      "sources[0].auth: Kerberos needs GP's host name, not an IP address: use the server's DNS name in the URL or set auth.spn",
    ]);
    expect(
      parse({ principal: 'a@B', spn: 'HTTP/gp01' }, { url: 'http://10.0.0.5:48620/x.asmx' }).problems,
    ).toEqual([]);
  });

  it("refuses a process identity beside the agent's own cache on MIT platforms only", () => {
    const own = parse({ principal: 'a@B' }).settings;
    const processIdentity = parse({ credential: 'process' }).settings;
    expect(crossSourceAuthProblems([own, processIdentity], 'linux')).toHaveLength(1);
    expect(crossSourceAuthProblems([own, processIdentity], 'win32')).toEqual([]);
    expect(crossSourceAuthProblems([own, own], 'linux')).toEqual([]);
  });

  it('is what agent.json sources carry', () => {
    const config = parseAgentConfig(
      {
        sources: [
          {
            kind: 'gp-soap',
            url: URL_HOST,
            companyId: -1,
            company: 'Fabrikam, Inc.',
            auth: {
              mode: 'negotiate',
              principal: 'svc-gp@CORP.EXAMPLE',
              credential: 'keytab',
              keytab: '/etc/gp.keytab',
            },
          },
        ],
      },
      '/etc/gprelay/agent.json',
      { platform: 'linux' },
    );
    expect(config.sources[0]?.auth).toMatchObject({
      mode: 'negotiate',
      credential: 'keytab',
      keytab: '/etc/gp.keytab',
    });
  });
});

describe('servicePrincipalFor', () => {
  it('derives HTTP/<url host> and takes overrides in either form', () => {
    expect(servicePrincipalFor(new URL(URL_HOST), null)).toEqual({
      gssName: 'HTTP@gp01.corp.example',
      display: 'HTTP/gp01.corp.example',
      host: 'gp01.corp.example',
    });
    expect(servicePrincipalFor(new URL(URL_HOST), 'HTTP/gp-web.corp.example').gssName).toBe(
      'HTTP@gp-web.corp.example',
    );
    expect(servicePrincipalFor(new URL(URL_HOST), 'HTTP@gp-web.corp.example').display).toBe(
      'HTTP/gp-web.corp.example',
    );
    expect(() => servicePrincipalFor(new URL(URL_HOST), 'gp-web')).toThrow(RangeError);
  });
});

describe('parseAccountName', () => {
  it('reads user@REALM, DOMAIN\\user and a bare user', () => {
    expect(parseAccountName('svc-gp@corp.example')).toEqual({
      user: 'svc-gp',
      realm: 'CORP.EXAMPLE',
      netbiosDomain: null,
      kerberos: 'svc-gp@CORP.EXAMPLE',
    });
    expect(parseAccountName('corp\\svc-gp')).toEqual({
      user: 'svc-gp',
      realm: null,
      netbiosDomain: 'CORP',
      kerberos: 'svc-gp',
    });
    expect(parseAccountName('svc-gp')?.kerberos).toBe('svc-gp');
    expect(parseAccountName('a b@c')).toBeNull();
  });
});
