export { DYNAMICS_NS, GP_NS, SOAP_ENV_NS, soapActionOf } from './gp-namespaces';
export { GpSoapClient, type GpSoapClientOptions } from './gp-soap-client';
export { gpDateOnly, gpDateTimeToIso, gpMoney, toGpDateTime } from './gp-values';
export {
  challengeSchemes,
  type HttpAuthenticator,
  type HttpAuthRequest,
  noAuthentication,
} from './http-authenticator';
export {
  docStateOf,
  type InvoiceSummary,
  readInvoiceSummaries,
  readPayablesInvoice,
} from './payables-invoice-mapper';
export {
  contextXml,
  type GpCallContext,
  getPayablesInvoiceByKeyXml,
  getPayablesInvoiceListXml,
} from './payables-requests';
export { readSoapResponse, type SoapFaultInfo, type SoapResponse, soapEnvelope } from './soap-envelope';
export { GpAuthError, GpFaultError } from './soap-errors';
export { SoapGpSource, type SoapGpSourceOptions } from './soap-gp-source';
