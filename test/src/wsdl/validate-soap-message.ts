import { type GpWsdl, loadGpWsdl } from './gp-wsdl';
import { SOAP_ENV_NS } from './wsdl-file';
import { parseXml, type XmlElement, XmlSyntaxError } from './xml-tree';
import { XmllintBatchValidator } from './xmllint-batch';

export interface SoapValidationResult {
  readonly valid: boolean;
  readonly errors: string[];
}

const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** A validator bound to one WSDL; `runs` counts xmllint runs (calls made together share one). */
export interface SoapMessageValidator {
  validate(xml: string): Promise<SoapValidationResult>;
  readonly runs: number;
}

/**
 * Checks SOAP 1.1 messages against a GP legacy WSDL:
 * 1. the envelope: namespace `http://schemas.xmlsoap.org/soap/envelope/`, an
 *    optional Header, exactly one Body holding exactly one payload element;
 * 2. the payload is a request or response element of a WSDL operation, or a
 *    `soap:Fault`;
 * 3. envelope and payload validate against the WSDL schemas (libxml2 via
 *    xmllint-wasm): element names, order, namespaces, required elements, types.
 * Measured on a 2-core box: first call ≈0.7 s (WSDL analysis, wasm compile),
 * then ≈0.1 s per xmllint run; calls made in the same event-loop turn share a
 * run, so `Promise.all` over many messages costs little more than one.
 */
export function createSoapMessageValidator(wsdl: GpWsdl): SoapMessageValidator {
  const batch = new XmllintBatchValidator(wsdl.schemas.files);
  return {
    get runs() {
      return batch.runs;
    },
    async validate(xml: string): Promise<SoapValidationResult> {
      let envelope: XmlElement;
      try {
        envelope = parseXml(xml);
      } catch (error) {
        if (error instanceof XmlSyntaxError) return { valid: false, errors: [error.message] };
        throw error;
      }
      const structural = checkEnvelope(envelope, wsdl);
      if (structural.length > 0) return { valid: false, errors: structural };
      const outcome = await batch.validate(xml);
      return { valid: outcome.valid, errors: outcome.errors };
    },
  };
}

let shared: Promise<SoapMessageValidator> | undefined;

/** Validates one message against the GP legacy WSDL (see createSoapMessageValidator). */
export async function validateSoapMessage(xml: string): Promise<SoapValidationResult> {
  shared ??= loadGpWsdl().then(createSoapMessageValidator);
  return (await shared).validate(xml);
}

/** Validates several messages in one xmllint run; results in input order. */
export function validateSoapMessages(xmls: readonly string[]): Promise<SoapValidationResult[]> {
  return Promise.all(xmls.map((xml) => validateSoapMessage(xml)));
}

function checkEnvelope(envelope: XmlElement, wsdl: GpWsdl): string[] {
  if (envelope.ns === SOAP12_ENV_NS) {
    return ['SOAP 1.2 envelope; the GP legacy endpoint speaks SOAP 1.1 only'];
  }
  if (envelope.ns !== SOAP_ENV_NS || envelope.name !== 'Envelope') {
    return [`root element is {${envelope.ns}}${envelope.name}, expected {${SOAP_ENV_NS}}Envelope`];
  }
  const errors: string[] = [];
  const soapChildren = envelope.children.filter((child) => child.ns === SOAP_ENV_NS);
  const bodies = soapChildren.filter((child) => child.name === 'Body');
  if (bodies.length !== 1) errors.push(`an envelope needs exactly one Body, found ${bodies.length}`);
  const headerAt = envelope.children.findIndex(
    (child) => child.ns === SOAP_ENV_NS && child.name === 'Header',
  );
  if (headerAt > 0) errors.push('Header must be the first child of Envelope');
  for (const child of soapChildren) {
    if (child.name !== 'Body' && child.name !== 'Header')
      errors.push(`unexpected envelope element ${child.qname}`);
  }
  const body = bodies[0];
  if (body === undefined) return errors;
  if (body.children.length !== 1) {
    errors.push(`a document/literal Body holds exactly one element, found ${body.children.length}`);
    return errors;
  }
  if (body.text.trim() !== '') errors.push('Body has character data beside its payload element');
  const payload = body.children[0]!;
  if (payload.ns === SOAP_ENV_NS && payload.name === 'Fault') return errors;
  if (!wsdl.payloadElements.has(`{${payload.ns}}${payload.name}`)) {
    const sameName = wsdl.payloadElements.has(`{${wsdl.targetNamespace}}${payload.name}`);
    errors.push(
      sameName
        ? `payload ${payload.name} is in namespace '${payload.ns}', expected '${wsdl.targetNamespace}'`
        : `payload {${payload.ns}}${payload.name} is not a request or response element of the WSDL`,
    );
  }
  return errors;
}
