/** XML namespaces of the GP legacy Web Services endpoint (shared/research/gp-api.md §4.1). */
export const GP_NS = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
/** Context, CompanyKey, CurrencyType live here. */
export const DYNAMICS_NS = 'http://schemas.microsoft.com/dynamics/2006/01';
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The quoted SOAPAction header value of a GP operation, as the WSDL binding gives it. */
export function soapActionOf(operation: string): string {
  return `"${GP_NS}/${operation}"`;
}
