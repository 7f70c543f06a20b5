import { describe, expect, it } from 'vitest';
import { SoapListStream } from './soap-list-stream';
import { child, isNil, type XmlNode } from './xml-reader';

const GP = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

const response = (items: string, operation = 'GetVendorList') =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body><${operation}Response xmlns="${GP}"><${operation}Result>${items}</${operation}Result></${operation}Response></s:Body></s:Envelope>`;

function read(xml: string, chunkSize = xml.length, operation = 'GetVendorList') {
  const items: XmlNode[] = [];
  const stream = new SoapListStream(operation, (item) => items.push(item));
  for (let at = 0; at < xml.length; at += chunkSize) stream.write(xml.slice(at, at + chunkSize));
  return { outcome: stream.end(), items };
}

describe('SoapListStream', () => {
  it('hands over each summary as its own small tree, whatever the chunking', () => {
    const xml = response(
      `<VendorSummary><Key><Id>A&amp;B </Id></Key><Name><![CDATA[<x>]]></Name></VendorSummary><VendorSummary xsi:nil="true"/><g:VendorSummary xmlns:g="${GP}"><g:Key><g:Id>C</g:Id></g:Key></g:VendorSummary>`,
    );
    for (const chunkSize of [1, 7, xml.length]) {
      const { outcome, items } = read(xml, chunkSize);
      expect(outcome).toEqual({ kind: 'payload', items: 3 });
      expect(items.map((item) => child(child(item, GP, 'Key') ?? item, GP, 'Id')?.text ?? null)).toEqual([
        'A&B ',
        null,
        'C',
      ]);
      expect(child(items[0]!, GP, 'Name')?.text).toBe('<x>');
      expect(isNil(items[1]!)).toBe(true);
      expect(items[2]!.resolvePrefix('g')).toBe(GP);
    }
  });

  it('reads an empty result and a fault', () => {
    expect(
      read(response('').replace(/<GetVendorListResult><\/GetVendorListResult>/, '<GetVendorListResult />'))
        .outcome,
    ).toEqual({
      kind: 'payload',
      items: 0,
    });
    const fault = `<soap:Envelope xmlns:soap="${ENV}"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>The application encountered an unhandled system exception.</faultstring><detail><LogId>0f8fad5b-d9cb-469f-a165-70867728950e</LogId></detail></soap:Fault></soap:Body></soap:Envelope>`;
    expect(read(fault).outcome).toEqual({
      kind: 'fault',
      fault: {
        code: 'Server',
        faultString: 'The application encountered an unhandled system exception.',
        logId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        validation: false,
      },
    });
  });

  it('refuses another operation, a SOAP 1.2 envelope, a DOCTYPE and broken XML', () => {
    expect(() => read(response('', 'GetCustomerList'))).toThrow('GP answered GetVendorList with');
    expect(() => read(response('').replace(ENV, 'http://www.w3.org/2003/05/soap-envelope'))).toThrow(
      'expected a SOAP 1.1 Envelope',
    );
    expect(() => read(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${response('')}`)).toThrow('DOCTYPE');
    expect(() => read(response('<VendorSummary>').slice(0, -20))).toThrow(/not well-formed/);
    expect(() => read(response('<p:VendorSummary/>'))).toThrow(/not well-formed/);
  });
});
