import { expect, it } from 'vitest';
import { parseAgentConfig } from '../config/agent-config';
import { endpointProbe } from './endpoint-probe';

const config = parseAgentConfig(
  {
    sources: [
      {
        kind: 'gp-soap',
        url: 'http://gp01:48620/DynamicsGPWebServices/DynamicsGPService.asmx',
        companyId: -1,
        company: 'A',
      },
      { kind: 'gp-sba', url: 'https://gp01.corp.example/GPService/', company: 'B', tenant: 'Prod Tenant' },
    ],
  },
  '/a/agent.json',
);

it('checks a SOAP source by its WSDL and an SBA source by its tenant discovery page', () => {
  const [soap, sba] = config.sources.map(endpointProbe);
  expect(soap!.url.toString()).toBe('http://gp01:48620/DynamicsGPWebServices/DynamicsGPService.asmx?wsdl');
  expect(soap!.isRight(200, '<wsdl:operation name="GetPayablesInvoiceList">')).toBe(true);
  expect(soap!.isRight(200, '<html>IIS welcome</html>')).toBe(false);
  expect(sba!.url.toString()).toBe('https://gp01.corp.example/GPService/Tenants(Prod%20Tenant)/help');
  expect(sba!.isRight(200, '')).toBe(true);
  expect(sba!.isRight(404, '')).toBe(false);
});
