import { DYNAMICS_NS, GP_NS, SOAP_ENV_NS } from '../wsdl/wsdl-file';
import { childElement, childElements, parseXml, type XmlElement } from '../wsdl/xml-tree';

/** Raw SOAP calls for simulator tests: what any client would put on the wire. */
export const CONTEXT = (companyId = -1, currencyType = 'Transactional') =>
  `<context><OrganizationKey xmlns="${DYNAMICS_NS}" xmlns:q="${DYNAMICS_NS}" xsi:type="q:CompanyKey"><Id>${companyId}</Id></OrganizationKey><CultureName xmlns="${DYNAMICS_NS}">en-US</CultureName><CurrencyType xmlns="${DYNAMICS_NS}">${currencyType}</CurrencyType></context>`;

export const envelope = (payload: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${payload}</soap:Body></soap:Envelope>`;

const nil = (name: string) => `<${name} xsi:nil="true"/>`;

/** A BetweenRestrictionOfNullableOfDateTime with every member in WSDL order; unset ones nil. */
export function dateRestriction(members: {
  EqualValue?: string;
  NotEqualValue?: string;
  Items?: string[];
  From?: string;
  To?: string;
  GreaterThan?: string;
  LessThan?: string;
}): string {
  const value = (name: keyof typeof members) => {
    const v = members[name];
    return v === undefined ? nil(name) : `<${name}>${v}</${name}>`;
  };
  const items = members.Items
    ? `<Items>${members.Items.map((item) => `<dateTime>${item}</dateTime>`).join('')}</Items>`
    : '';
  return `${value('EqualValue')}${value('NotEqualValue')}${items}${value('From')}${value('To')}${value('GreaterThan')}${value('LessThan')}`;
}

export const listRequest = (criteria: string, context = CONTEXT()) =>
  envelope(
    `<GetPayablesInvoiceList xmlns="${GP_NS}"><criteria>${criteria}</criteria>${context}</GetPayablesInvoiceList>`,
  );

export const byKeyRequest = (voucher: string, context = CONTEXT()) =>
  envelope(
    `<GetPayablesInvoiceByKey xmlns="${GP_NS}"><key><Id>${voucher}</Id></key>${context}</GetPayablesInvoiceByKey>`,
  );

export interface RawSoapResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly headers: Headers;
}

export async function postSoap(
  url: string,
  operation: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<RawSoapResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      ...(operation === undefined ? {} : { soapaction: `"${GP_NS}/${operation}"` }),
      ...headers,
    },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
    headers: response.headers,
  };
}

/** The Body payload element of a response. */
export function payloadOf(xml: string): XmlElement {
  const body = childElement(parseXml(xml), SOAP_ENV_NS, 'Body');
  const payload = body?.children[0];
  if (payload === undefined) throw new Error('no payload');
  return payload;
}

export function faultOf(xml: string): { code: string; text: string; detail: XmlElement | undefined } {
  const fault = payloadOf(xml);
  if (fault.ns !== SOAP_ENV_NS || fault.name !== 'Fault') throw new Error(`not a fault: ${fault.name}`);
  return {
    code: childElement(fault, '', 'faultcode')?.text ?? '',
    text: childElement(fault, '', 'faultstring')?.text ?? '',
    detail: childElement(fault, '', 'detail'),
  };
}

/** Voucher numbers (trimmed) of a GetPayablesInvoiceList response. */
export function listedVouchers(xml: string): string[] {
  const result = childElement(payloadOf(xml), GP_NS, 'GetPayablesInvoiceListResult');
  return childElements(result!, GP_NS, 'PayablesInvoiceSummary').map((summary) =>
    childElement(childElement(summary, GP_NS, 'Key')!, GP_NS, 'Id')!.text.trimEnd(),
  );
}

/** Text of a GP-namespace path below an element. */
export function gpText(element: XmlElement, ...path: string[]): string | undefined {
  let node: XmlElement | undefined = element;
  for (const name of path) node = node && childElement(node, GP_NS, name);
  return node?.text;
}
