import { describe, expect, it } from 'vitest';
import { getPayablesInvoiceByKeyXml, getPayablesInvoiceListXml } from './payables-requests';
import { soapEnvelope } from './soap-envelope';
import { child, readXml } from './xml-reader';

const GP = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
const DYN = 'http://schemas.microsoft.com/dynamics/2006/01';
const context = { companyId: -1, cultureName: 'en-US' };

describe('GP request payloads', () => {
  it('puts the inclusive From bound first among the time members, in WSDL order, with nil for the rest', () => {
    const payload = readXml(soapEnvelope(getPayablesInvoiceListXml('2024-05-01T13:22:05.123', context)))
      .children[0]!.children[0]!;
    const modified = child(child(payload, GP, 'criteria')!, GP, 'ModifiedDate')!;
    expect(modified.children.map((node) => `${node.name}=${node.text}`)).toEqual([
      'EqualValue=',
      'NotEqualValue=',
      'From=2024-05-01T13:22:05.123',
      'To=',
      'GreaterThan=',
      'LessThan=',
    ]);
    expect(
      modified.children
        .filter((node) => node.name !== 'From')
        .every((node) => node.attributes.some((a) => a.name === 'nil')),
    ).toBe(true);
  });

  it('writes Context members in the dynamics namespace with CompanyKey as the xsi:type', () => {
    const payload = readXml(soapEnvelope(getPayablesInvoiceListXml('2024-05-01T00:00:00.000', context)))
      .children[0]!.children[0]!;
    const contextNode = child(payload, GP, 'context')!;
    expect(contextNode.children.map((node) => `{${node.ns}}${node.name}`)).toEqual([
      `{${DYN}}OrganizationKey`,
      `{${DYN}}CultureName`,
      `{${DYN}}CurrencyType`,
    ]);
    const key = contextNode.children[0]!;
    const type = key.attributes.find((attribute) => attribute.name === 'type')!.value;
    expect(key.resolvePrefix(type.split(':')[0]!)).toBe(DYN);
    expect(child(key, DYN, 'Id')?.text).toBe('-1');
  });

  it('escapes the voucher number of a by-key request', () => {
    const xml = getPayablesInvoiceByKeyXml('A&B<C>"', context);
    expect(xml).toContain('<key><Id>A&amp;B&lt;C&gt;&quot;</Id></key>');
    const payload = readXml(soapEnvelope(xml)).children[0]!.children[0]!;
    expect(child(child(payload, GP, 'key')!, GP, 'Id')?.text).toBe('A&B<C>"');
  });
});
