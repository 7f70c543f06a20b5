import {
  attributeValue,
  childElement,
  childElements,
  parseXml,
  type XmlElement,
  XmlSyntaxError,
} from './xml-tree';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';

/** A namespace-qualified XML name. */
export interface QName {
  readonly ns: string;
  readonly name: string;
}

/** One document/literal operation of the SOAP 1.1 binding. */
export interface WsdlOperation {
  readonly name: string;
  /** The `soapAction` of the binding, unquoted. */
  readonly soapAction: string;
  /** Body payload element of the request (`GetPayablesInvoiceList`). */
  readonly input: QName;
  /** Body payload element of the response (`GetPayablesInvoiceListResponse`). */
  readonly output: QName;
}

/** `{ns}name`, the key used for payload element sets. */
export function qnameKey(name: QName): string {
  return `{${name.ns}}${name.name}`;
}

/**
 * Reads messages, port type and SOAP binding of a WSDL 1.1 document. The
 * `wsdl:types` section is cut out first: it is 80% of the file and is handled
 * as text by wsdl-schemas.ts.
 */
export function parseWsdlOperations(wsdlText: string): {
  targetNamespace: string;
  operations: WsdlOperation[];
} {
  const typesStart = wsdlText.indexOf('<wsdl:types>');
  const typesEnd = wsdlText.indexOf('</wsdl:types>');
  const withoutTypes =
    typesStart >= 0 && typesEnd > typesStart
      ? wsdlText.slice(0, typesStart) + wsdlText.slice(typesEnd + '</wsdl:types>'.length)
      : wsdlText;
  const definitions = parseXml(withoutTypes);
  if (definitions.ns !== WSDL_NS || definitions.name !== 'definitions') {
    throw new XmlSyntaxError(`not a WSDL 1.1 document: root is ${definitions.qname}`);
  }
  const targetNamespace = attributeValue(definitions, '', 'targetNamespace') ?? '';

  const messageElements = new Map<string, QName>();
  for (const message of childElements(definitions, WSDL_NS, 'message')) {
    const part = childElement(message, WSDL_NS, 'part');
    const element = part && attributeValue(part, '', 'element');
    if (part && element)
      messageElements.set(attributeValue(message, '', 'name') ?? '', resolveQName(part, element));
  }

  const soapActions = new Map<string, string>();
  for (const binding of childElements(definitions, WSDL_NS, 'binding')) {
    if (!childElement(binding, WSDL_SOAP_NS, 'binding')) continue;
    for (const operation of childElements(binding, WSDL_NS, 'operation')) {
      const soapOperation = childElement(operation, WSDL_SOAP_NS, 'operation');
      const action = soapOperation && attributeValue(soapOperation, '', 'soapAction');
      if (action) soapActions.set(attributeValue(operation, '', 'name') ?? '', action);
    }
  }

  const operations: WsdlOperation[] = [];
  for (const portType of childElements(definitions, WSDL_NS, 'portType')) {
    for (const operation of childElements(portType, WSDL_NS, 'operation')) {
      const name = attributeValue(operation, '', 'name') ?? '';
      const input = messageOf(operation, 'input', messageElements);
      const output = messageOf(operation, 'output', messageElements);
      const soapAction = soapActions.get(name);
      if (input && output && soapAction) operations.push({ name, soapAction, input, output });
    }
  }
  return { targetNamespace, operations };
}

function messageOf(
  operation: XmlElement,
  direction: string,
  messages: Map<string, QName>,
): QName | undefined {
  const io = childElement(operation, WSDL_NS, direction);
  const message = io && attributeValue(io, '', 'message');
  return message ? messages.get(resolveQName(io, message).name) : undefined;
}

function resolveQName(context: XmlElement, raw: string): QName {
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const ns = context.resolvePrefix(prefix);
  if (ns === undefined) throw new XmlSyntaxError(`QName '${raw}' uses an undeclared prefix`);
  return { ns, name: colon < 0 ? raw : raw.slice(colon + 1) };
}
