import { describe, expect, it } from 'vitest';
import { parseSbaSourceSettings } from './sba-source-settings';

describe('gp-sba settings in agent.json', () => {
  it('reads what differs between servers', () => {
    const problems: string[] = [];
    const settings = parseSbaSourceSettings(
      {
        tenant: 'Contoso',
        docTypes: ['payables-invoice', 'vendor'],
        resources: { vendor: 'Master/Suppliers' },
        query: {
          list: 'modifiedSince={since}&pageSize={pageSize}',
          continuation: 'token',
          tokenQuery: 't={token}',
        },
        envelope: { items: 'value', next: '@odata.nextLink' },
        fields: { 'payables-invoice': { hold: 'Hold' } },
        detail: 'by-key',
        includeUnpostedJournals: true,
        pageSize: 200,
      },
      'sources[0]',
      problems,
    );
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      tenant: 'Contoso',
      resources: { vendor: 'Master/Suppliers' },
      envelope: { items: 'value', next: '@odata.nextLink' },
      fields: { 'payables-invoice': { hold: 'Hold' } },
      detail: 'by-key',
      pageSize: 200,
    });
  });

  it('reports every problem at once, each with where it is', () => {
    const problems: string[] = [];
    parseSbaSourceSettings(
      {
        resources: { vendor: 5, orders: 'X' },
        query: { list: '$top={pageSize}', order: 'x' },
        pageSize: 0,
      },
      'sources[1]',
      problems,
    );
    expect(problems).toEqual([
      'sources[1].resources: unknown setting "orders"',
      'sources[1].resources.vendor must be a string',
      'sources[1].query: unknown setting "order"',
      'sources[1].pageSize must be an integer ≥ 1',
    ]);
    const semantic: string[] = [];
    parseSbaSourceSettings(
      { query: { list: '$top={pageSize}' }, fields: { vendor: { phone: 'Phone', fax: 'Fax' } } },
      's',
      semantic,
    );
    expect(semantic).toEqual([
      's.query.list must contain {since} or {sinceUtc}: without it every poll reads the whole table',
      expect.stringMatching(/^s\.fields\.vendor\.fax is not a member the adapter reads/),
    ]);
  });
});
