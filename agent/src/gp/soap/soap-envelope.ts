import { SOAP_ENV_NS } from './gp-namespaces';
import { child, findDescendant, readXml, type XmlNode, XmlReadError } from './xml-reader';

/** The SOAP 1.1 envelope around one document/literal payload, with the xsi/xsd prefixes payloads use. */
export function soapEnvelope(payloadXml: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${payloadXml}</soap:Body></soap:Envelope>`;
}

/** What a soap:Fault says, reduced to what an operator and the poller need. */
export interface SoapFaultInfo {
  /** Local part of faultcode: 'Client', 'Server', 'VersionMismatch', 'MustUnderstand' (or a custom code). */
  readonly code: string;
  readonly faultString: string;
  /** GP's exception log id (a GUID), when the fault carries one. */
  readonly logId: string | undefined;
  /** A GP validation exception: its detail holds `<Message>` with the log id (MSDN ff623150). */
  readonly validation: boolean;
}

export type SoapResponse =
  | { readonly kind: 'payload'; readonly payload: XmlNode }
  | { readonly kind: 'fault'; readonly fault: SoapFaultInfo };

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

/** Reads a SOAP 1.1 response into its Body payload or its fault. Throws XmlReadError when it is neither. */
export function readSoapResponse(xml: string): SoapResponse {
  const envelope = readXml(xml);
  if (envelope.ns !== SOAP_ENV_NS || envelope.name !== 'Envelope') {
    throw new XmlReadError(`expected a SOAP 1.1 Envelope, got {${envelope.ns}}${envelope.name}`);
  }
  const body = child(envelope, SOAP_ENV_NS, 'Body');
  const payload = body?.children[0];
  if (body === undefined || payload === undefined)
    throw new XmlReadError('the SOAP Body is missing or empty');
  if (payload.ns !== SOAP_ENV_NS || payload.name !== 'Fault') return { kind: 'payload', payload };
  return { kind: 'fault', fault: readFault(payload) };
}

/** Reads a soap:Fault element (SOAP 1.1) into what an operator and the poller need. */
export function readFault(fault: XmlNode): SoapFaultInfo {
  // SOAP 1.1 fault members are unqualified; accept qualified ones from lax stacks too.
  const member = (name: string) =>
    fault.children.find((node) => node.name === name && (node.ns === '' || node.ns === SOAP_ENV_NS));
  const codeText = member('faultcode')?.text.trim() ?? '';
  const colon = codeText.indexOf(':');
  const code = colon < 0 ? codeText : codeText.slice(colon + 1);
  const detail = member('detail');
  const message = detail && findDescendant(detail, 'Message');
  // GP puts the log id in <Message> for validation faults; elsewhere take a LogId element, else any GUID in detail.
  const logIdSource = detail && (findDescendant(detail, 'LogId') ?? message ?? detail);
  const logId = logIdSource && GUID.exec(allText(logIdSource))?.[0];
  return {
    code: code === '' ? 'Server' : code,
    faultString: member('faultstring')?.text.trim() ?? '',
    logId,
    validation: message !== undefined && GUID.test(message.text),
  };
}

function allText(node: XmlNode): string {
  return node.text + node.children.map(allText).join(' ');
}
