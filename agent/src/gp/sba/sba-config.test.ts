import { silentLogger, systemClock } from '@gprelay/shared';
import { describe, expect, it } from 'vitest';
import { openSources } from '../../cli/open-sources';
import { parseAgentConfig } from '../../config/agent-config';

const base = { cloudUrl: 'https://relay.example', dataDir: '/tmp/gprelay-sba-config-test' };
/** Auth mode "none" never reads a secret. */
const noVault = {
  get: async () => {
    throw new Error('no vault in this test');
  },
};

describe('a gp-sba source in agent.json', () => {
  it('is read with its server settings and opens as an SbaGpSource', async () => {
    const config = parseAgentConfig(
      {
        ...base,
        sources: [
          {
            kind: 'gp-sba',
            url: 'https://gp01.corp.example/GPService',
            company: 'Fabrikam, Inc.',
            resources: { vendor: 'Master/Suppliers' },
            envelope: { items: 'value', next: '@odata.nextLink' },
            docTypes: ['payables-invoice', 'vendor'],
          },
          { kind: 'gp-soap', url: 'http://gp01:48620/x.asmx', companyId: -1, company: 'Contoso' },
        ],
      },
      '/etc/gprelay/agent.json',
    );
    expect(config.sources[0]).toMatchObject({
      kind: 'gp-sba',
      url: 'https://gp01.corp.example/GPService',
      company: 'Fabrikam, Inc.',
      timeoutMs: 30_000,
      docTypes: ['payables-invoice', 'vendor'],
      sba: { resources: { vendor: 'Master/Suppliers' } },
    });
    const sources = await openSources(config, { clock: systemClock, logger: silentLogger, vault: noVault });
    try {
      expect(sources.map((source) => [source.kind, source.company, source.docTypes])).toEqual([
        ['gp-sba', 'Fabrikam, Inc.', ['payables-invoice', 'vendor']],
        ['gp-soap', 'Contoso', ['payables-invoice', 'purchase-order', 'gl-journal', 'vendor']],
      ]);
    } finally {
      for (const source of sources) await source.close();
    }
  });

  it('lists each of its problems with the others', () => {
    expect(() =>
      parseAgentConfig(
        {
          ...base,
          sources: [
            {
              kind: 'gp-sba',
              url: 'https://gp01/GPService',
              company: 'Fabrikam, Inc.',
              companyId: -1,
              query: { list: '$top={pageSize}' },
              fax: true,
            },
            { kind: 'gp-rest', url: 'https://gp01/x', company: 'C' },
          ],
        },
        '/etc/gprelay/agent.json',
      ),
    ).toThrow(
      /sources\[0\]: unknown setting "fax".*sources\[0\]\.companyId is for gp-soap.*sources\[0\]\.query\.list must contain \{since\}.*sources\[1\]\.kind must be "gp-soap" or "gp-sba"/s,
    );
  });
});
