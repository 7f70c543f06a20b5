import { describe, expect, it } from 'vitest';
import { JsonRecord } from './json-record';
import { resolveSbaOptions } from './sba-options';
import { continuationUrl, encodePathValue, expandQuery, keyUrl, resourceUrl } from './sba-url';

describe('SBA URLs', () => {
  it('puts the company NAME in the path, commas, blanks, parentheses and quotes encoded', () => {
    expect(encodePathValue('Fabrikam, Inc.')).toBe('Fabrikam%2C%20Inc.');
    expect(encodePathValue("Transcontinental (Bermuda) O'Neil")).toBe(
      'Transcontinental%20%28Bermuda%29%20O%27Neil',
    );
    const options = resolveSbaOptions({
      baseUrl: 'https://gp01.corp.local/GPService/',
      company: 'COMPAÑIA (PR)',
    });
    expect(resourceUrl(options, 'vendor').href).toBe(
      'https://gp01.corp.local/GPService/Tenants(DefaultTenant)/Companies(COMPA%C3%91IA%20%28PR%29)/Purchasing/Vendors',
    );
  });

  it('expands query templates written as read, and accepts them already encoded', () => {
    const values = { since: '2024-05-01T13:22:05.123Z', pageSize: '500' };
    const plain = expandQuery('$filter=ModifiedDate ge {since}&$top={pageSize}', values);
    expect(plain).toBe('$filter=ModifiedDate%20ge%202024-05-01T13%3A22%3A05.123Z&$top=500');
    expect(expandQuery('$filter=ModifiedDate%20ge%20{since}&$top={pageSize}', values)).toBe(plain);
    expect(expandQuery("$filter=ModifiedDate gt datetime'{since}'", values)).toBe(
      "$filter=ModifiedDate%20gt%20datetime'2024-05-01T13%3A22%3A05.123Z'",
    );
  });

  it('follows relative continuations, and never one that leaves GP’s origin', () => {
    const request = new URL(
      'https://gp01/GPService/Tenants(DefaultTenant)/Companies(X)/Purchasing/Vendors?$top=5',
    );
    expect(continuationUrl('?$top=5&$skiptoken=abc', request).href).toBe(
      'https://gp01/GPService/Tenants(DefaultTenant)/Companies(X)/Purchasing/Vendors?$top=5&$skiptoken=abc',
    );
    expect(() => continuationUrl('https://elsewhere.example/steal', request)).toThrow(/does not follow it/);
  });

  it('builds an item URL from a key template and the list item’s members', () => {
    const resource = new URL(
      'https://gp01/GPService/Tenants(DefaultTenant)/Companies(X)/Purchasing/Payables/Transactions',
    );
    const item = new JsonRecord({ VoucherNumber: 'V 1/2    ', DocumentType: 'CreditMemo' }, 'test');
    expect(keyUrl(resource, '({VoucherNumber};{DocumentType})', item).pathname).toBe(
      '/GPService/Tenants(DefaultTenant)/Companies(X)/Purchasing/Payables/Transactions(V%201%2F2;CreditMemo)',
    );
  });
});
