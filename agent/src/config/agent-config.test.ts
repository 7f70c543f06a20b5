import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from './agent-config';

const soap = {
  kind: 'gp-soap',
  url: 'http://gp01:48620/DynamicsGPWebServices/DynamicsGPService.asmx',
  companyId: -1,
  company: 'Fabrikam, Inc.',
};

describe('parseAgentConfig', () => {
  it('fills defaults and resolves the data folder beside the config file', () => {
    const config = parseAgentConfig({ sources: [soap] }, '/etc/gprelay/agent.json');
    expect(config).toMatchObject({
      cloudUrl: null,
      dataDir: '/etc/gprelay/data',
      pollIntervalMs: 15_000,
      logLevel: 'info',
    });
    expect(config.sources[0]).toMatchObject({
      kind: 'gp-soap',
      timeoutMs: 30_000,
      docTypes: null,
      includeUnpostedJournals: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the families to read and whether unposted journals go too', () => {
    const config = parseAgentConfig(
      { sources: [{ ...soap, docTypes: ['gl-journal', 'vendor', 'vendor'], includeUnpostedJournals: true }] },
      '/a/agent.json',
    );
    expect(config.sources[0]).toMatchObject({
      docTypes: ['gl-journal', 'vendor'],
      includeUnpostedJournals: true,
    });
  });

  it('lists every problem at once', () => {
    expect(() =>
      parseAgentConfig(
        {
          cloudUrl: 'ftp://nope',
          pollIntervalMs: 10,
          colour: 'blue',
          sources: [
            { ...soap, companyId: 'TWO', docTypes: ['invoices'], includeUnpostedJournals: 'yes' },
            { ...soap },
          ],
        },
        '/a/agent.json',
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'AGENT_CONFIG_INVALID',
        message: expect.stringMatching(
          /unknown setting "colour"[\s\S]*cloudUrl must be an http\/https URL[\s\S]*pollIntervalMs must be an integer[\s\S]*companyId must be the GP company id[\s\S]*docTypes must be a non-empty list[\s\S]*includeUnpostedJournals must be true or false/,
        ),
      }),
    );
  });

  it('refuses the same company twice', () => {
    expect(() => parseAgentConfig({ sources: [soap, soap] }, '/a/agent.json')).toThrow(
      /company "Fabrikam, Inc." is listed twice/,
    );
  });
});
