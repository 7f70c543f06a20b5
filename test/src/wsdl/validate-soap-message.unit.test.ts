import { beforeAll, describe, expect, it } from 'vitest';
import { type GpWsdl, loadGpWsdl } from './gp-wsdl';
import { createSoapMessageValidator, type SoapMessageValidator } from './validate-soap-message';
import { DYNAMICS_NS, GP_NS, SOAP_ENV_NS } from './wsdl-file';

const envelope = (payload: string, soapNs = SOAP_ENV_NS) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soapNs}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${payload}</soap:Body></soap:Envelope>`;

const nil = (name: string) => `<${name} xsi:nil="true"/>`;
const context = `<context><OrganizationKey xmlns="${DYNAMICS_NS}" xmlns:q1="${DYNAMICS_NS}" xsi:type="q1:CompanyKey"><Id>-1</Id></OrganizationKey><CultureName xmlns="${DYNAMICS_NS}">en-US</CultureName><CurrencyType xmlns="${DYNAMICS_NS}">Transactional</CurrencyType></context>`;
const listRequest = `<GetPayablesInvoiceList xmlns="${GP_NS}"><criteria><ModifiedDate>${nil('EqualValue')}${nil('NotEqualValue')}<From>2024-05-01T13:00:00</From>${nil('To')}${nil('GreaterThan')}${nil('LessThan')}</ModifiedDate></criteria>${context}</GetPayablesInvoiceList>`;
const money = (value: string) =>
  `<Currency>USD</Currency><Value>${value}</Value><DecimalDigits>2</DecimalDigits>`;
const listResponse = `<GetPayablesInvoiceListResponse xmlns="${GP_NS}"><GetPayablesInvoiceListResult><PayablesInvoiceSummary><Key><Id>00000000000001550</Id></Key><VendorKey><Id>ACETRAVE0001</Id></VendorKey><VendorName>A Travel &amp; &lt;Co&gt;</VendorName><Date>2024-05-01T00:00:00</Date><BatchKey><Source>PM_Trxent</Source><Id>APINV0501</Id><CreatedDateTime>0001-01-01T00:00:00</CreatedDateTime></BatchKey><CurrencyKey><ISOCode>USD</ISOCode></CurrencyKey><TradeDiscountAmount>${money('0.00')}</TradeDiscountAmount><FreightAmount>${money('0.00')}</FreightAmount><MiscellaneousAmount>${money('0.00')}</MiscellaneousAmount><TaxAmount>${money('0.00')}</TaxAmount><DocumentAmount>${money('1250.00')}</DocumentAmount><ModifiedDate>2024-05-01T13:22:05.123</ModifiedDate><TransactionState>Work</TransactionState></PayablesInvoiceSummary></GetPayablesInvoiceListResult></GetPayablesInvoiceListResponse>`;
const fault = `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>The application encountered an unhandled system exception.</faultstring><detail><LogId>0f8fad5b-d9cb-469f-a165-70867728950e</LogId></detail></soap:Fault>`;

let wsdl: GpWsdl;
let validator: SoapMessageValidator;
beforeAll(async () => {
  wsdl = await loadGpWsdl();
  validator = createSoapMessageValidator(wsdl);
});

describe('WSDL schema extraction', () => {
  it('finds the 367 operations of the legacy endpoint with their SOAPAction and payload elements', () => {
    expect(wsdl.operations.size).toBe(367);
    const list = wsdl.operations.get('GetPayablesInvoiceList');
    expect(list).toEqual({
      name: 'GetPayablesInvoiceList',
      soapAction: `${GP_NS}/GetPayablesInvoiceList`,
      input: { ns: GP_NS, name: 'GetPayablesInvoiceList' },
      output: { ns: GP_NS, name: 'GetPayablesInvoiceListResponse' },
    });
    expect(wsdl.operationsBySoapAction.get(`${GP_NS}/GetPayablesInvoiceByKey`)?.name).toBe(
      'GetPayablesInvoiceByKey',
    );
  });

  it('writes one XSD per inline schema with located imports and the WSDL-level prefixes it relies on', () => {
    const { files, namespaces } = wsdl.schemas;
    expect(namespaces).toEqual([
      GP_NS,
      DYNAMICS_NS,
      'http://schemas.microsoft.com/dynamics/security/2006/01',
      'http://microsoft.com/wsdl/types/',
    ]);
    const gpSchema = files.find((file) => file.contents.includes(`targetNamespace="${GP_NS}"`))!;
    expect(gpSchema.contents).toMatch(
      /<xs:schema [^>]*xmlns:tns="http:\/\/schemas\.microsoft\.com\/dynamics\/gp\/2006\/01"/,
    );
    expect(gpSchema.contents).toContain(
      `<xs:import namespace="${DYNAMICS_NS}" schemaLocation="wsdl-schema-1.xsd"/>`,
    );
    for (const file of files) expect(file.contents).not.toMatch(/<xs:import(?![^>]*schemaLocation)[^>]*>/);
    expect(files[0]!.contents).toContain('schemaLocation="soap-envelope.xsd"');
  });
});

describe('validateSoapMessage', () => {
  it('accepts a request, a response and a fault shaped as the WSDL says, in one xmllint run', async () => {
    const runsBefore = validator.runs;
    const started = performance.now();
    const results = await Promise.all(
      [listRequest, listResponse, fault].map((p) => validator.validate(envelope(p))),
    );
    const elapsedMs = performance.now() - started;
    expect(results).toEqual([
      { valid: true, errors: [] },
      { valid: true, errors: [] },
      { valid: true, errors: [] },
    ]);
    expect(validator.runs - runsBefore).toBe(1);
    console.info(`validateSoapMessage: 3 messages in one run took ${elapsedMs.toFixed(0)} ms`);
  });

  it('reports the time of one warm validation (about 0.1 s on a 2-core box)', async () => {
    await validator.validate(envelope(listRequest));
    const started = performance.now();
    const result = await validator.validate(envelope(listRequest));
    const elapsedMs = performance.now() - started;
    console.info(`validateSoapMessage: one warm validation took ${elapsedMs.toFixed(0)} ms`);
    expect(result.valid).toBe(true);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('rejects elements out of WSDL order and names the expected one', async () => {
    const swapped = listRequest.replace(
      `${nil('EqualValue')}${nil('NotEqualValue')}`,
      `${nil('NotEqualValue')}${nil('EqualValue')}`,
    );
    const result = await validator.validate(envelope(swapped));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(`Expected is ( {${GP_NS}}EqualValue )`);
  });

  it('rejects a request whose Context lacks the required CurrencyType', async () => {
    const result = await validator.validate(
      envelope(listRequest.replace(/<CurrencyType[\s\S]*?<\/CurrencyType>/, '')),
    );
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(`{${DYNAMICS_NS}}CurrencyType`);
  });

  it('rejects an OrganizationKey without xsi:type, since the declared type is abstract', async () => {
    const result = await validator.validate(envelope(listRequest.replace(' xsi:type="q1:CompanyKey"', '')));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('abstract');
  });

  it('rejects a missing nillable-but-required element and a bad simple value in a response', async () => {
    const withoutState = listResponse.replace('<TransactionState>Work</TransactionState>', '');
    const badState = listResponse.replace(
      '<TransactionState>Work</TransactionState>',
      '<TransactionState>Posted</TransactionState>',
    );
    const [missing, bad] = await Promise.all(
      [withoutState, badState].map((p) => validator.validate(envelope(p))),
    );
    expect(missing?.errors.join('\n')).toContain('TransactionState');
    expect(bad?.errors.join('\n')).toContain("'Posted' is not an element of the set");
  });

  it('checks the fault structure: faultcode comes first', async () => {
    const result = await validator.validate(
      envelope('<soap:Fault><faultstring>x</faultstring></soap:Fault>'),
    );
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('Expected is ( faultcode )');
  });

  it('rejects envelopes of the wrong shape before schema validation', async () => {
    const cases: [string, string][] = [
      [envelope(listRequest, 'http://www.w3.org/2003/05/soap-envelope'), 'SOAP 1.2'],
      [envelope(`${listRequest}${listRequest}`), 'exactly one element'],
      [envelope(''), 'exactly one element'],
      [envelope(listRequest).replace('</soap:Envelope>', '<soap:Body/></soap:Envelope>'), 'exactly one Body'],
      [envelope('<Foo xmlns="urn:x"/>'), 'not a request or response element'],
      [envelope(listRequest.replace(`xmlns="${GP_NS}"`, 'xmlns="urn:wrong"')), `expected '${GP_NS}'`],
      [
        `<GetPayablesInvoiceList xmlns="${GP_NS}"/>`,
        'expected {http://schemas.xmlsoap.org/soap/envelope/}Envelope',
      ],
      [envelope(listRequest).slice(0, -20), 'not well-formed'],
      [`<!DOCTYPE x [<!ENTITY a "b">]>${envelope(listRequest)}`, 'DOCTYPE'],
    ];
    for (const [xml, expected] of cases) {
      const result = await validator.validate(xml);
      expect(result.valid, expected).toBe(false);
      expect(result.errors.join('\n')).toContain(expected);
    }
  });
});
